using MnistCourse.Data;
using MnistCourse.Tests.Support;
using static TorchSharp.torch;

namespace MnistCourse.Tests.Data;

public class DataLoaderTests
{
    public DataLoaderTests() => Torch.Init();

    /// <summary>Split whose image i has every pixel equal to i, so a batch tells which images it holds.</summary>
    static DataSplit Numbered(int count) =>
        new(arange(count, dtype: ScalarType.Float32).unsqueeze(1).expand(count, 784).contiguous(), arange(count, dtype: ScalarType.Int64));

    static List<long[]> Pass(DataLoader loader) =>
        loader.Select(b => b.Labels.data<long>().ToArray()).ToList();

    [Fact]
    public void Each_pass_is_one_epoch_of_picture_shaped_batches_holding_every_image_once()
    {
        using var split = Numbered(150);
        var loader = new DataLoader(split, batchSize: 64, shuffle: true, seed: 3);

        var shapes = loader.Select(b => (b.Inputs.shape.ToArray(), b.Labels.shape.ToArray())).ToList();
        Assert.Equal(3, loader.Count);
        Assert.Equal(new long[] { 64, 1, 28, 28 }, shapes[0].Item1);
        Assert.Equal(new long[] { 22, 1, 28, 28 }, shapes[2].Item1);   // the last batch holds what is left
        Assert.Equal(new long[] { 22 }, shapes[2].Item2);

        var epoch2 = Pass(loader).SelectMany(l => l).ToArray();
        Assert.Equal(Enumerable.Range(0, 150).Select(i => (long)i), epoch2.Order());
        Assert.Equal(3, loader.Epoch);   // two passes made, the next is epoch 3
    }

    [Fact]
    public void A_shuffle_differs_per_epoch_repeats_per_seed_and_matches_the_splits_own_order()
    {
        using var split = Numbered(100);
        var a = new DataLoader(split, 10, shuffle: true, seed: 5);
        var b = new DataLoader(split, 10, shuffle: true, seed: 5);
        var first = Pass(a).SelectMany(l => l).ToArray();
        var second = Pass(a).SelectMany(l => l).ToArray();

        Assert.Equal(first, Pass(b).SelectMany(l => l));
        Assert.NotEqual(first, second);
        using var order = split.Shuffle(5, 1);
        Assert.Equal(order.data<long>().ToArray(), first);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), Pass(new DataLoader(split, 10)).SelectMany(l => l));
    }

    [Fact]
    public void The_images_of_a_batch_belong_to_its_labels()
    {
        using var split = Numbered(40);
        foreach (var (inputs, labels) in new DataLoader(split, 16, shuffle: true, seed: 1))
            Assert.Equal(labels.to_type(ScalarType.Float32).data<float>().ToArray(), inputs.view(inputs.size(0), -1)[.., 0].data<float>().ToArray());
    }
}
