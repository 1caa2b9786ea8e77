using MnistCourse.Data;

namespace MnistCourse.Tests.Support;

/// <summary>
/// A small generated stand-in for MNIST: class c lights up its own 7x7 patch of the 28x28 image, over
/// random noise. Learnable in an epoch or two, so tests can check that training really learns.
/// </summary>
public static class SyntheticDigits
{
    public static (byte[] Images, byte[] Labels) Generate(int count, int seed)
    {
        var random = new Random(seed);
        var images = new byte[count * 784];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            int c = random.Next(10);
            labels[i] = (byte)c;
            var image = images.AsSpan(i * 784, 784);
            for (int p = 0; p < 784; p++) image[p] = (byte)random.Next(0, 120);
            int top = c / 4 * 7, left = c % 4 * 7;
            for (int r = 0; r < 7; r++)
                for (int k = 0; k < 7; k++)
                    image[(top + r) * 28 + left + k] = (byte)random.Next(150, 256);
        }
        return (images, labels);
    }

    /// <summary>Writes the four IDX .gz files (with MNIST's names) into <paramref name="directory"/>.</summary>
    public static void WriteDataset(string directory, int trainCount = 2000, int testCount = 500, int seed = 1)
    {
        Directory.CreateDirectory(directory);
        var (trainImages, trainLabels) = Generate(trainCount, seed);
        var (testImages, testLabels) = Generate(testCount, seed + 1);
        var d = DatasetCatalog.Mnist;
        Idx.Write(Path.Combine(directory, d.TrainImages.Name), new[] { trainCount, 28, 28 }, trainImages);
        Idx.Write(Path.Combine(directory, d.TrainLabels.Name), new[] { trainCount }, trainLabels);
        Idx.Write(Path.Combine(directory, d.TestImages.Name), new[] { testCount, 28, 28 }, testImages);
        Idx.Write(Path.Combine(directory, d.TestLabels.Name), new[] { testCount }, testLabels);
    }

    /// <summary>Generated data as tensors, without touching the disk, standing in for <paramref name="dataset"/> (MNIST by default).</summary>
    public static MnistLikeData Load(int trainCount = 2000, int testCount = 500, int seed = 1, DatasetInfo? dataset = null)
    {
        var d = dataset ?? DatasetCatalog.Mnist;
        var (trainImages, trainLabels) = Generate(trainCount, seed);
        var (testImages, testLabels) = Generate(testCount, seed + 1);
        var train = DataSplit.FromBytes(trainImages, trainLabels, trainCount, 784, d.Mean, d.Std);
        var test = DataSplit.FromBytes(testImages, testLabels, testCount, 784, d.Mean, d.Std);
        return new MnistLikeData(new DataLocation(d, "(generated)", "generated"),
            new DataSplit(train.Images, train.Labels) { Dataset = d }, new DataSplit(test.Images, test.Labels) { Dataset = d });
    }
}
