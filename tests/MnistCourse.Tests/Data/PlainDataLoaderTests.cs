using MnistCourse.Data;
using MnistCourse.Tests.Support;
using static TorchSharp.torch;

namespace MnistCourse.Tests.Data;

/// <summary>
/// Chapter 01 teaches the course's loader as the fast version of TorchSharp's own Dataset + DataLoader. Given the same
/// order, the two must yield the same images and labels, batch by batch, the short last batch included.
/// </summary>
public sealed class PlainDataLoaderTests
{
    public PlainDataLoaderTests() => Torch.Init();

    static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    // The chapter's dataset, line for line (the test below checks that the chapter still has this GetTensor).
    const string GetTensorLine = """public override Dictionary<string, Tensor> GetTensor(long index) => new() { ["data"] = images[index], ["label"] = labels[index] };""";

    sealed class PixelDataset : utils.data.Dataset
    {
        readonly Tensor images, labels;
        public PixelDataset(Tensor images, Tensor labels) { this.images = images; this.labels = labels; }
        public override long Count => labels.shape[0];
        public override Dictionary<string, Tensor> GetTensor(long index) => new() { ["data"] = images[index], ["label"] = labels[index] };
    }

    [Fact]
    public void TorchSharps_DataLoader_over_the_chapters_Dataset_yields_the_course_loaders_batches_for_its_order()
    {
        const int count = 200;   // 3 full batches of 64 and one of 8
        var random = new Random(16);
        var pixels = new byte[count * 784];
        random.NextBytes(pixels);
        var labelBytes = Enumerable.Range(0, count).Select(_ => (byte)random.Next(10)).ToArray();
        using var split = DataSplit.FromBytes(pixels, labelBytes, count, 784, DatasetCatalog.Mnist.Mean, DatasetCatalog.Mnist.Std);
        var dataset = new PixelDataset(split.Images.view(count, 1, 28, 28), split.Labels);

        foreach (bool shuffle in new[] { true, false })
        {
            var course = new MnistCourse.Data.DataLoader(split, 64, shuffle, seed: 7);
            long[] order = shuffle ? split.Shuffle(7, 1).data<long>().ToArray() : Enumerable.Range(0, count).Select(i => (long)i).ToArray();
            var plain = utils.data.DataLoader(dataset, 64, order);
            var sizes = new List<long>();
            foreach (var (batch, (inputs, labels)) in plain.Zip(course))
            {
                Assert.Equal(inputs.shape, batch["data"].shape);
                Assert.True(Same(batch["data"], inputs), $"images differ in batch {sizes.Count + 1} (shuffle: {shuffle})");
                Assert.True(Same(batch["label"], labels), $"labels differ in batch {sizes.Count + 1} (shuffle: {shuffle})");
                sizes.Add(labels.shape[0]);
            }
            Assert.Equal(new long[] { 64, 64, 64, 8 }, sizes);
        }
        // The check can fail: another order gives other batches.
        var reversed = utils.data.DataLoader(dataset, 64, Enumerable.Range(0, count).Select(i => (long)(count - 1 - i)).ToArray());
        foreach (var (batch, (inputs, _)) in reversed.Zip(new MnistCourse.Data.DataLoader(split, 64)))
        {
            Assert.False(Same(batch["data"], inputs));   // compared while both batches are alive: the loaders free them on the next step
            break;
        }
    }

    [Fact]
    public void Chapter_01_defines_the_same_Dataset()
    {
        foreach (string edition in new[] { "notebooks/01-model.dib", "notebooks/zh/01-model.dib" })
            Assert.Contains(GetTensorLine, File.ReadAllText(Path.Combine(CliRunner.RepoRoot, edition)));
    }
}
