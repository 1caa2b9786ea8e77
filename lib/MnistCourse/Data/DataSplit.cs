using TorchSharp;
using static TorchSharp.torch;

namespace MnistCourse.Data;

/// <summary>
/// One split held as two whole tensors: images [N, 784] float32, already normalised, and labels [N] int64.
/// Building it once (rather than a tensor per sample, as a DataLoader does) is what makes an epoch take
/// under a second; batches are slices of it.
/// </summary>
public sealed class DataSplit : IDisposable
{
    public DataSplit(Tensor images, Tensor labels)
    {
        Arguments.NotNull(images);
        Arguments.NotNull(labels);
        Arguments.Require(images.shape.Length >= 1 && labels.shape.Length == 1 && images.shape[0] == labels.shape[0], nameof(labels),
            "{0} images but {1} labels; pass one label per image", images.shape.Length >= 1 ? images.shape[0] : 0, labels.shape.Length == 1 ? labels.shape[0] : labels.numel());
        Images = images;
        Labels = labels;
        Count = (int)labels.shape[0];
    }

    public Tensor Images { get; }
    public Tensor Labels { get; }
    /// <summary>Kept apart from the tensors, so it can still be read (in a report) after they are disposed.</summary>
    public int Count { get; }

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
        var x = tensor(images, new long[] { count, inputSize }, ScalarType.Byte)
            .to_type(ScalarType.Float32).div_(255f).sub_(mean).div_(std);
        var y = tensor(labels, new long[] { count }, ScalarType.Byte).to_type(ScalarType.Int64);
        if (device is not null) { x = x.to(device); y = y.to(device); }
        return new DataSplit(x.MoveToOuterDisposeScope(), y.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Reads and validates one split of a located data set. The images go from the file straight into the float
    /// tensor a piece at a time, so loading needs the tensor's memory and little more: not also the file's bytes
    /// as an array and as a tensor (94 MB more for the training split, at the moment memory peaks). The values are
    /// <see cref="FromBytes"/>'s, bit for bit: the same conversions and operations, element by element.
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
        Tensor? x = null, flat = null, piece = null;
        IdxFile.ReadChunks(imagesPath, expectedDimensions: 3, dims =>
        {
            if (dims[1] != dataset.ImageSize || dims[2] != dataset.ImageSize)
                throw new DataException($"{imagesPath}: images are {dims[1]}x{dims[2]}, expected {dataset.ImageSize}x{dataset.ImageSize}");
            if (dims[0] != labels.Count)
                throw new DataException($"{labelsPath}: {labels.Count} labels for {dims[0]} images in {Path.GetFileName(imagesPath)}; the files do not belong together");
            x = empty(dims[0], dataset.InputSize, dtype: ScalarType.Float32);
            flat = x.view(-1);
        }, (chunk, offset) =>
        {
            // One native buffer for the raw bytes, reused; copy_ converts them to float as to_type does.
            piece ??= empty(chunk.Length, dtype: ScalarType.Byte);
            using var bytes = piece.narrow(0, 0, chunk.Length);
            chunk.CopyTo(bytes.bytes);
            using var target = flat!.narrow(0, offset, chunk.Length);
            target.copy_(bytes);
        });
        x!.div_(255f).sub_(dataset.Mean).div_(dataset.Std);
        var y = tensor(labels.Data, new long[] { labels.Count }, ScalarType.Byte).to_type(ScalarType.Int64);
        if (device is not null) { x = x.to(device); y = y.to(device); }
        return new DataSplit(x.MoveToOuterDisposeScope(), y.MoveToOuterDisposeScope()) { Dataset = dataset };
    }

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
        if (order is null) return (Images.narrow(0, start, length), Labels.narrow(0, start, length));
        var rows = order.narrow(0, start, length);
        return (Images.index_select(0, rows), Labels.index_select(0, rows));
    }

    /// <summary>
    /// The shuffle order of one epoch: a permutation drawn from a generator seeded with (seed, epoch), so it
    /// differs each epoch, repeats for the same seed, and a resumed run can recreate any epoch's order.
    /// </summary>
    public Tensor Shuffle(long seed, int epoch)
    {
        using var generator = new Generator(unchecked((ulong)(seed * 1_000_003 + epoch)));
        return randperm(Count, generator: generator, device: Images.device);
    }

    /// <summary>The first <paramref name="count"/> items (for quick runs and notebooks).</summary>
    public DataSplit Take(int count)
    {
        Arguments.AtLeast(count, 0);
        return new(Images.narrow(0, 0, Math.Min(count, Count)), Labels.narrow(0, 0, Math.Min(count, Count))) { Dataset = Dataset };
    }

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
