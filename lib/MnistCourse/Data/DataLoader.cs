using static TorchSharp.torch;

namespace MnistCourse.Data;

/// <summary>
/// The source's <c>DataLoader(dataset, batch_size=64, shuffle=True)</c> over a <see cref="DataSplit"/>: each
/// <c>foreach</c> is one epoch and yields (inputs, labels) batches, inputs shaped [batch, 1, 28, 28] as
/// <c>ToTensor()</c> gives them. Unlike TorchSharp's own DataLoader it slices whole-split tensors (no
/// per-sample collation), and a shuffle is seeded per epoch: the k-th pass uses the order of (seed, epoch k),
/// so the same seed gives the same batches in a notebook, a script and <see cref="Training.Trainer"/>.
/// Each batch is freed when the loop moves to the next one.
/// </summary>
public sealed class DataLoader(DataSplit dataset, int batchSize = 64, bool shuffle = false, long seed = 42)
    : IEnumerable<(Tensor Inputs, Tensor Labels)>
{
    public DataSplit Dataset { get; } = Arguments.NotNull(dataset);
    public int BatchSize { get; } = Arguments.AtLeast(batchSize, 1);
    public bool Shuffled { get; } = shuffle;
    public long Seed { get; } = seed;

    /// <summary>The epoch (from 1) whose shuffle order the next pass uses; each pass moves it on by one.</summary>
    public int Epoch { get; set; } = 1;

    /// <summary>Batches per pass: Python's len(train_loader).</summary>
    public int Count => Dataset.BatchCount(BatchSize);

    public IEnumerator<(Tensor Inputs, Tensor Labels)> GetEnumerator()
    {
        int epoch = Epoch++;
        using var order = Shuffled ? Dataset.Shuffle(Seed, epoch) : null;
        long width = Dataset.ImageShape[1];
        long side = (long)Math.Sqrt(width);
        for (int b = 0; b < Count; b++)
        {
            var (images, labels) = Dataset.Batch(b, BatchSize, order);
            var inputs = side * side == width ? images.view(images.shape[0], 1, side, side) : images;
            try { yield return (inputs, labels); }
            finally
            {
                inputs.Dispose();
                images.Dispose();
                labels.Dispose();
            }
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
