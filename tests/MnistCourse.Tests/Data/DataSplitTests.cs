using MnistCourse.Data;
using MnistCourse.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace MnistCourse.Tests.Data;

public class DataSplitTests
{
    static readonly DatasetInfo Mnist = DatasetCatalog.Mnist;

    public DataSplitTests() => Torch.Init();

    /// <summary>Writes the four files of a small generated MNIST-named data set and returns its location.</summary>
    static DataLocation WriteDataset(TempDirectory dir, int trainCount = 30, int testCount = 12)
    {
        SyntheticDigits.WriteDataset(dir.Path, trainCount, testCount);
        return new DataLocation(Mnist, dir.Path, "test");
    }

    [Fact]
    public void Loads_a_split_as_normalised_float_images_and_int64_labels()
    {
        using var dir = new TempDirectory();
        var location = WriteDataset(dir, trainCount: 30, testCount: 12);
        var (_, expectedLabels) = SyntheticDigits.Generate(12, seed: 2);

        using var test = DataSplit.Load(location, train: false);
        using var train = DataSplit.Load(location, train: true);

        Assert.Equal(new long[] { 12, 784 }, test.Images.shape);
        Assert.Equal(ScalarType.Float32, test.Images.dtype);
        Assert.Equal(ScalarType.Int64, test.Labels.dtype);
        Assert.Equal(expectedLabels.Select(l => (long)l), test.Labels.data<long>().ToArray());
        Assert.Equal(30, train.Count);
    }

    [Fact]
    public void Loading_from_the_files_gives_the_values_of_FromBytes_bit_for_bit()
    {
        // Load streams the images into the tensor in pieces; 200 images are several pieces.
        using var dir = new TempDirectory();
        var location = WriteDataset(dir, trainCount: 200, testCount: 12);
        var images = IdxFile.Read(location.PathOf(Mnist.TrainImages), 3);
        var labels = IdxFile.Read(location.PathOf(Mnist.TrainLabels), 1);

        using var loaded = DataSplit.Load(location, train: true);
        using var expected = DataSplit.FromBytes(images.Data, labels.Data, 200, 784, Mnist.Mean, Mnist.Std);

        Assert.Equal(expected.Images.shape, loaded.Images.shape);
        Assert.Equal(expected.Images.data<float>().ToArray(), loaded.Images.data<float>().ToArray());
        Assert.Equal(expected.Labels.data<long>().ToArray(), loaded.Labels.data<long>().ToArray());
        Assert.Contains(loaded.Images.data<float>().ToArray(), v => v > 0); // not an untouched buffer
    }

    [Theory]
    [InlineData(0.1307f, 0.3081f, 784)] // MNIST's
    [InlineData(0.2860f, 0.3530f, 784)] // Fashion-MNIST's
    [InlineData(0.5f, 0.5f, 100)]
    [InlineData(-3.7f, 0.0123f, 37)]
    [InlineData(123.25f, 7.5f, 5)]       // narrower than one vector step: all table
    public void Every_byte_value_becomes_libtorch_s_float_in_file_order_and_shuffled(float mean, float std, int width)
    {
        // Enough images that every byte value occurs, at every position a vector step can put it in.
        const int count = 40;
        var bytes = new byte[count * width];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)(i * 7 + i / 256);
        using var split = DataSplit.FromBytes(bytes, new byte[count], count, width, mean, std);
        using var expected = tensor(bytes, new long[] { count, width }, ScalarType.Byte).to_type(ScalarType.Float32).div_(255f).sub_(mean).div_(std);
        using var order = split.Shuffle(5, 2);
        float[] Floats(Tensor t) => t.data<float>().ToArray();
        using var scope = NewDisposeScope();
        for (int b = 0; b < split.BatchCount(16); b++)
        {
            Assert.Equal(Floats(expected.narrow(0, b * 16L, Math.Min(16, count - b * 16L))), Floats(split.Batch(b, 16).Inputs));
            Assert.Equal(Floats(expected.index_select(0, order.narrow(0, b * 16L, Math.Min(16, count - b * 16L)))), Floats(split.Batch(b, 16, order).Inputs));
        }
        Assert.False(split.HoldsFloatImages);
    }

    [Fact]
    public void Where_the_CPU_has_vectors_the_course_s_normalisations_take_the_vector_arithmetic()
    {
        // The arithmetic is used only where it gave libtorch's float for all 256 bytes; for the course's data sets it
        // must, or every batch would fall back to the slower table.
        foreach (var dataset in new[] { DatasetCatalog.Mnist, DatasetCatalog.FashionMnist })
        {
            using var pixels = new PixelImages(zeros(new long[] { 1, 784 }, ScalarType.Byte), dataset.Mean, dataset.Std);
            Assert.True(pixels.Vectorised == System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated, dataset.Name);
        }
    }

    [Fact]
    public void A_split_read_from_files_holds_bytes_and_gives_the_float_split_s_batches_bit_for_bit()
    {
        using var dir = new TempDirectory();
        var location = WriteDataset(dir, trainCount: 200, testCount: 12);
        var bytes = IdxFile.Read(location.PathOf(Mnist.TrainImages), 3).Data;
        using var loaded = DataSplit.Load(location, train: true);
        // The float tensor the split used to hold, made the way ToTensor + Normalize make it.
        using var floats = tensor(bytes, new long[] { 200, 784 }, ScalarType.Byte).to_type(ScalarType.Float32).div_(255f).sub_(Mnist.Mean).div_(Mnist.Std);
        using var reference = new DataSplit(floats, loaded.Labels.clone());
        using var order = loaded.Shuffle(3, 1);
        using var part = loaded.Take(70);
        using var referencePart = reference.Take(70);
        float[] Floats(Tensor t) => t.data<float>().ToArray();

        for (int b = 0; b < loaded.BatchCount(64); b++)
        {
            using var scope = NewDisposeScope();
            Assert.Equal(Floats(reference.Batch(b, 64).Inputs), Floats(loaded.Batch(b, 64).Inputs));
            var (inputs, labels) = loaded.Batch(b, 64, order);
            var (expectedInputs, expectedLabels) = reference.Batch(b, 64, order);
            Assert.Equal(Floats(expectedInputs), Floats(inputs));
            Assert.Equal(expectedLabels.data<long>().ToArray(), labels.data<long>().ToArray());
        }
        using (var scope = NewDisposeScope())
        {
            Assert.Equal(Floats(referencePart.Batch(1, 64).Inputs), Floats(part.Batch(1, 64).Inputs));
            // An int32 order, and one that is a strided view, pick the same rows as index_select does.
            var int32Order = order.to_type(ScalarType.Int32);
            Assert.Equal(Floats(reference.Batch(1, 64, int32Order).Inputs), Floats(loaded.Batch(1, 64, int32Order).Inputs));
            var strided = arange(199, -1, -1, dtype: ScalarType.Int64).view(100, 2).select(1, 0);
            Assert.Equal(Floats(reference.Batch(0, 64, strided).Inputs), Floats(loaded.Batch(0, 64, strided).Inputs));
        }
        Assert.False(loaded.HoldsFloatImages);
        Assert.False(part.HoldsFloatImages);

        // Asked for, the whole float tensor is made once and belongs to the split, not to the scope it was asked in.
        using (var scope = NewDisposeScope())
            Assert.Equal(Floats(floats), Floats(loaded.Images));
        Assert.True(loaded.HoldsFloatImages);
        Assert.Equal(Floats(floats), Floats(loaded.Images));
        Assert.Equal(Floats(floats.narrow(0, 0, 70)), Floats(part.Images));
    }

    [Fact]
    public void Normalises_pixel_0_to_minus_mean_over_std_and_255_to_one_minus_mean_over_std()
    {
        using var dir = new TempDirectory();
        var pixels = new byte[2 * 784];
        for (int i = 0; i < 784; i++) pixels[784 + i] = 255;
        pixels[5] = 51; // 0.2
        var d = DatasetCatalog.FashionMnist;
        Idx.Write(dir[d.TestImages.Name], new[] { 2, 28, 28 }, pixels);
        Idx.Write(dir[d.TestLabels.Name], new[] { 2 }, new byte[] { 9, 0 });

        using var split = DataSplit.Load(new DataLocation(d, dir.Path, "test"), train: false);
        var x = split.Images.data<float>().ToArray();

        Assert.Equal(-d.Mean / d.Std, x[0], 5);
        Assert.Equal((0.2f - d.Mean) / d.Std, x[5], 5);
        Assert.All(x[784..], v => Assert.Equal((1 - d.Mean) / d.Std, v, 5));
        Assert.Equal(new long[] { 9, 0 }, split.Labels.data<long>().ToArray());
    }

    [Fact]
    public void Image_and_label_counts_that_disagree_are_reported_against_the_labels_file()
    {
        using var dir = new TempDirectory();
        var location = WriteDataset(dir);
        Idx.Write(dir[Mnist.TestLabels.Name], new[] { 11 }, new byte[11]);

        var error = Assert.Throws<DataException>(() => DataSplit.Load(location, train: false));

        Assert.StartsWith(dir[Mnist.TestLabels.Name] + ":", error.Message);
        Assert.Contains("11 labels for 12 images", error.Message);
    }

    [Fact]
    public void A_label_of_10_or_more_is_reported_with_file_and_index()
    {
        using var dir = new TempDirectory();
        var location = WriteDataset(dir);
        var labels = new byte[30];
        labels[17] = 10;
        Idx.Write(dir[Mnist.TrainLabels.Name], new[] { 30 }, labels);

        var error = Assert.Throws<DataException>(() => DataSplit.Load(location, train: true));

        Assert.StartsWith(dir[Mnist.TrainLabels.Name] + ":", error.Message);
        Assert.Contains("label 10 at index 17", error.Message);
    }

    [Fact]
    public void Images_that_are_not_28x28_are_rejected()
    {
        using var dir = new TempDirectory();
        var location = WriteDataset(dir);
        Idx.Write(dir[Mnist.TestImages.Name], new[] { 12, 20, 20 }, new byte[12 * 400]);

        var error = Assert.Throws<DataException>(() => DataSplit.Load(location, train: false));

        Assert.StartsWith(dir[Mnist.TestImages.Name] + ":", error.Message);
        Assert.Contains("20x20, expected 28x28", error.Message);
    }

    [Fact]
    public void Reads_uncompressed_copies_named_without_gz()
    {
        using var dir = new TempDirectory();
        var (images, labels) = SyntheticDigits.Generate(7, seed: 4);
        Idx.Write(dir["t10k-images-idx3-ubyte"], new[] { 7, 28, 28 }, images, gzip: false);
        Idx.Write(dir["t10k-labels-idx1-ubyte"], new[] { 7 }, labels, gzip: false);

        using var split = DataSplit.Load(new DataLocation(Mnist, dir.Path, "test"), train: false);

        Assert.Equal(labels.Select(l => (long)l), split.Labels.data<long>().ToArray());
    }

    static DataSplit Generated(int count)
    {
        var (images, labels) = SyntheticDigits.Generate(count, seed: 3);
        return DataSplit.FromBytes(images, labels, count, 784, Mnist.Mean, Mnist.Std);
    }

    [Fact]
    public void Shuffle_is_a_permutation_that_depends_on_seed_and_epoch_only()
    {
        using var split = Generated(500);
        long[] Order(long seed, int epoch) { using var t = split.Shuffle(seed, epoch); return t.data<long>().ToArray(); }

        var epoch1 = Order(42, 1);
        Assert.Equal(Enumerable.Range(0, 500).Select(i => (long)i), epoch1.Order());
        Assert.NotEqual(Enumerable.Range(0, 500).Select(i => (long)i), epoch1);

        Assert.Equal(epoch1, Order(42, 1));
        Assert.NotEqual(epoch1, Order(42, 2));
        Assert.NotEqual(epoch1, Order(43, 1));
        // Neighbouring (seed, epoch) pairs must not collapse onto the same generator seed.
        Assert.NotEqual(Order(42, 2), Order(43, 1));
    }

    [Fact]
    public void Shuffle_does_not_depend_on_the_global_torch_seed()
    {
        using var split = Generated(100);
        random.manual_seed(1);
        using var a = split.Shuffle(5, 1);
        random.manual_seed(2);
        using var b = split.Shuffle(5, 1);
        Assert.Equal(a.data<long>().ToArray(), b.data<long>().ToArray());
    }

    [Fact]
    public void Batches_cover_the_split_once_and_the_last_one_is_partial()
    {
        using var split = Generated(150);
        Assert.Equal(3, split.BatchCount(64));
        Assert.Equal(1, split.BatchCount(150));
        Assert.Equal(150, split.BatchCount(1));

        var allLabels = split.Labels.data<long>().ToArray();
        var seen = new List<long>();
        for (int i = 0; i < split.BatchCount(64); i++)
        {
            var (inputs, labels) = split.Batch(i, 64);
            Assert.Equal(i < 2 ? 64 : 22, inputs.shape[0]);
            Assert.Equal(784, inputs.shape[1]);
            Assert.Equal(inputs.shape[0], labels.shape[0]);
            seen.AddRange(labels.data<long>().ToArray());
        }
        Assert.Equal(allLabels, seen);
    }

    [Fact]
    public void Shuffled_batches_pick_the_rows_of_the_order()
    {
        using var split = Generated(150);
        using var order = split.Shuffle(9, 1);
        var rows = order.data<long>().ToArray();

        var (inputs, labels) = split.Batch(2, 64, order);

        Assert.Equal(22, labels.shape[0]);
        for (int k = 0; k < 22; k++)
        {
            long row = rows[128 + k];
            Assert.Equal(split.Labels[row].item<long>(), labels[k].item<long>());
            Assert.Equal(split.Images[row].data<float>().ToArray(), inputs[k].data<float>().ToArray());
        }
    }
}
