using MnistCourse.Data;
using static TorchSharp.torch;

namespace MnistCourse.Reporting;

/// <summary>
/// Images of a split back as pixels 0..255, one float[784] per image. A DataSplit holds normalised values
/// ((p/255 - mean)/std); charts must show what a person would see, so this undoes the normalisation.
/// </summary>
internal static class ImagePixels
{
    /// <summary>The images at <paramref name="indices"/> (all images when null) of a split normalised with <paramref name="dataset"/>'s mean and std.</summary>
    public static float[][] FromSplit(DataSplit split, DatasetInfo dataset, IEnumerable<int>? indices = null) =>
        FromSplit(split, dataset.Mean, dataset.Std, indices);

    public static float[][] FromSplit(DataSplit split, float mean, float std, IEnumerable<int>? indices = null)
    {
        int[] rows = (indices ?? Enumerable.Range(0, split.Count)).ToArray();
        foreach (int row in rows)
            if (row < 0 || row >= split.Count) throw new ArgumentOutOfRangeException(nameof(indices), $"image index {row} is outside the split's 0-{split.Count - 1}");
        if (rows.Length == 0) return Array.Empty<float[]>();

        using var scope = NewDisposeScope();
        // Taken as a batch is, so a split read from files is not turned into floats whole for a few pictures.
        var order = tensor(rows.Select(r => (long)r).ToArray(), device: split.Device);
        var selected = split.ImagesAt(order);
        var pixels = selected.mul(std).add_(mean).mul_(255f).round_().clamp_(0f, 255f).cpu();
        float[] flat = pixels.data<float>().ToArray();
        int size = (int)split.ImageShape[1];
        return Enumerable.Range(0, rows.Length).Select(i => flat.AsSpan(i * size, size).ToArray()).ToArray();
    }
}
