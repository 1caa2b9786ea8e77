using TorchSharp;
using static TorchSharp.torch;

namespace MnistCourse.Data;

/// <summary>
/// One split held as two whole tensors: images [N, 784] float32, already normalised, and labels [N] int64.
/// Building it once (rather than a tensor per sample, as a DataLoader does) is what makes an epoch take
/// under a second; batches are slices of it. A split read from IDX files (<see cref="Load"/>, <see cref="FromBytes"/>)
/// keeps the pixels as bytes, a quarter of the memory, and normalises each batch as it is taken, to the same floats;
/// <see cref="Images"/> is then made on first use.
/// </summary>
public sealed class DataSplit : IDisposable
{
    readonly object gate = new();
    Tensor? images;
    readonly PixelImages? pixels;

    public DataSplit(Tensor images, Tensor labels)
    {
        Arguments.NotNull(images);
        Arguments.NotNull(labels);
        Arguments.Require(images.shape.Length >= 1 && labels.shape.Length == 1 && images.shape[0] == labels.shape[0], nameof(labels),
            "{0} images but {1} labels; pass one label per image", images.shape.Length >= 1 ? images.shape[0] : 0, labels.shape.Length == 1 ? labels.shape[0] : labels.numel());
        this.images = images;
        Labels = labels;
        Count = (int)labels.shape[0];
    }

    DataSplit(PixelImages pixels, Tensor labels)
    {
        this.pixels = pixels;
        Labels = labels;
        Count = (int)labels.shape[0];
    }

    /// <summary>
    /// The normalised images [N, 784] float32. For a split read from files this tensor is made when first asked for
    /// (the training loop never needs it: it normalises batch by batch), and kept until the split is disposed.
    /// </summary>
    public Tensor Images
    {
        get
        {
            lock (gate)
            {
                // Outside any caller's dispose scope: the split owns it, as it owns the pixels.
                images ??= pixels!.ToFloat().DetachFromDisposeScope();
                return images;
            }
        }
    }

    public Tensor Labels { get; }
    /// <summary>Kept apart from the tensors, so it can still be read (in a report) after they are disposed.</summary>
    public int Count { get; }

    /// <summary>The images' shape, [N, 784] for the course's data, without making <see cref="Images"/>.</summary>
    internal long[] ImageShape => (images ?? pixels!.Bytes).shape;

    /// <summary>Where the split's tensors live.</summary>
    internal Device Device => (images ?? pixels!.Bytes).device;

    /// <summary>Whether <see cref="Images"/> has been made (a split read from files holds bytes until then).</summary>
    internal bool HoldsFloatImages => images is not null;

    /// <summary>The data set the images come from (its name, classes and normalisation); null for a split made from your own tensors.</summary>
    public DatasetInfo? Dataset { get; init; }

    /// <summary>Turns raw IDX bytes into normalised tensors: (pixel / 255 - mean) / std, like ToTensor + Normalize.</summary>
    public static DataSplit FromBytes(byte[] images, byte[] labels, int count, int inputSize, float mean, float std, Device? device = null)
    {
        Arguments.NotNull(images);
        Arguments.NotNull(labels);
        Arguments.AtLeast(count, 0);
        Arguments.AtLeast(inputSize, 1);
        Arguments.Require((long)count * inputSize == images.Length, nameof(images), "{0} holds {1} bytes, not count × inputSize = {2}", nameof(images), images.Length, (long)count * inputSize);
        Arguments.Require(count == labels.Length, nameof(labels), "{0} holds {1} bytes, not count = {2}", nameof(labels), labels.Length, count);
        Arguments.Finite(mean);
        // A standard deviation of 0 would divide every pixel by zero: -Infinity and NaN inputs.
        Arguments.Positive(std);
        using var scope = NewDisposeScope();
        var x = tensor(images, new long[] { count, inputSize }, ScalarType.Byte);
        var y = tensor(labels, new long[] { count }, ScalarType.Byte).to_type(ScalarType.Int64);
        return Holding(new PixelImages(x, mean, std), y, device);
    }

    /// <summary>
    /// Reads and validates one split of a located data set. The pixels go from the file straight into a byte
    /// tensor a piece at a time, so loading needs that tensor's memory and little more. The values are
    /// <see cref="FromBytes"/>'s, bit for bit.
    /// </summary>
    public static DataSplit Load(DataLocation location, bool train, Device? device = null)
    {
        Arguments.NotNull(location);
        var dataset = location.Dataset;
        string imagesPath = location.PathOf(train ? dataset.TrainImages : dataset.TestImages);
        string labelsPath = location.PathOf(train ? dataset.TrainLabels : dataset.TestLabels);
        var labels = IdxFile.Read(labelsPath, expectedDimensions: 1);
        int bad = Array.FindIndex(labels.Data, l => l >= dataset.ClassCount);
        if (bad >= 0)
            throw new DataException($"{labelsPath}: label {labels.Data[bad]} at index {bad} is out of range 0-{dataset.ClassCount - 1}");

        using var scope = NewDisposeScope();
        Tensor? x = null, flat = null;
        IdxFile.ReadChunks(imagesPath, expectedDimensions: 3, dims =>
        {
            if (dims[1] != dataset.ImageSize || dims[2] != dataset.ImageSize)
                throw new DataException($"{imagesPath}: images are {dims[1]}x{dims[2]}, expected {dataset.ImageSize}x{dataset.ImageSize}");
            if (dims[0] != labels.Count)
                throw new DataException($"{labelsPath}: {labels.Count} labels for {dims[0]} images in {Path.GetFileName(imagesPath)}; the files do not belong together");
            x = empty(dims[0], dataset.InputSize, dtype: ScalarType.Byte);
            flat = x.view(-1);
        }, (chunk, offset) =>
        {
            using var target = flat!.narrow(0, offset, chunk.Length);
            chunk.CopyTo(target.bytes);
        });
        var y = tensor(labels.Data, new long[] { labels.Count }, ScalarType.Byte).to_type(ScalarType.Int64);
        return Holding(new PixelImages(x!, dataset.Mean, dataset.Std), y, device, dataset);
    }

    /// <summary>
    /// The split of these pixels and labels on <paramref name="device"/>, made in the caller's dispose scope. On the
    /// CPU it keeps the bytes; on a GPU it holds the floats, normalised on the CPU as always: a GPU has the memory, and
    /// its batches then need no work before the model.
    /// </summary>
    static DataSplit Holding(PixelImages pixels, Tensor labels, Device? device, DatasetInfo? dataset = null)
    {
        if (device is null || device.type == DeviceType.CPU)
            return new DataSplit(pixels.MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope()) { Dataset = dataset };
        return new DataSplit(pixels.ToFloat().to(device).MoveToOuterDisposeScope(), labels.to(device).MoveToOuterDisposeScope()) { Dataset = dataset };
    }

    /// <summary>The normalised images at <paramref name="rows"/> (indices, as index_select takes them), made as a batch is: a split read from files stays bytes.</summary>
    internal Tensor ImagesAt(Tensor rows) => HoldsFloatImages ? Images.index_select(0, rows) : pixels!.At(rows);

    public int BatchCount(int batchSize) => (Count + Arguments.AtLeast(batchSize, 1) - 1) / batchSize;

    /// <summary>
    /// Batch <paramref name="index"/> in the given order (a permutation of 0..N-1), or in file order when
    /// <paramref name="order"/> is null. Call it inside the caller's per-batch dispose scope.
    /// </summary>
    public (Tensor Inputs, Tensor Labels) Batch(int index, int batchSize, Tensor? order = null)
    {
        Arguments.AtLeast(batchSize, 1);
        Arguments.AtLeast(index, 0);
        Arguments.AtMost(index, BatchCount(batchSize) - 1);
        long start = (long)index * batchSize;
        long length = Math.Min(batchSize, Count - start);
        if (order is null)
            return (HoldsFloatImages ? Images.narrow(0, start, length) : pixels!.Rows(start, length), Labels.narrow(0, start, length));
        var rows = order.narrow(0, start, length);
        return (ImagesAt(rows), Labels.index_select(0, rows));
    }

    /// <summary>
    /// The shuffle order of one epoch: a permutation drawn from a generator seeded with (seed, epoch), so it
    /// differs each epoch, repeats for the same seed, and a resumed run can recreate any epoch's order.
    /// </summary>
    public Tensor Shuffle(long seed, int epoch)
    {
        using var generator = new Generator(unchecked((ulong)(seed * 1_000_003 + epoch)));
        return randperm(Count, generator: generator, device: Device);
    }

    /// <summary>The first <paramref name="count"/> items (for quick runs and notebooks).</summary>
    public DataSplit Take(int count)
    {
        Arguments.AtLeast(count, 0);
        int n = Math.Min(count, Count);
        return HoldsFloatImages
            ? new(Images.narrow(0, 0, n), Labels.narrow(0, 0, n)) { Dataset = Dataset }
            : new(pixels!.Take(n), Labels.narrow(0, 0, n)) { Dataset = Dataset };
    }

    public void Dispose()
    {
        images?.Dispose();
        pixels?.Dispose();
        Labels.Dispose();
    }
}
