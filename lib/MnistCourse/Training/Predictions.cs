using MnistCourse.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace MnistCourse.Training;

/// <summary>
/// What a model predicts for every image of a split, beside the true labels: the raw material of a confusion
/// matrix and of a gallery of mistakes.
/// </summary>
public sealed class Predictions
{
    public Predictions(int[] predicted, int[] actual, int classCount)
    {
        Arguments.NotNull(predicted);
        Arguments.NotNull(actual);
        Arguments.AtLeast(classCount, 1);
        if (predicted.Length != actual.Length)
            throw new ArgumentException($"{predicted.Length} predictions but {actual.Length} labels");
        int bad = Array.FindIndex(predicted, p => p < 0 || p >= classCount);
        if (bad < 0) bad = Array.FindIndex(actual, a => a < 0 || a >= classCount);
        if (bad >= 0) throw new ArgumentException($"label at index {bad} is outside the classes 0-{classCount - 1}");
        Predicted = predicted;
        Actual = actual;
        ClassCount = classCount;
    }

    public int[] Predicted { get; }
    public int[] Actual { get; }
    public int ClassCount { get; }
    public int Count => Actual.Length;
    public int Correct => Predicted.Where((p, i) => p == Actual[i]).Count();
    /// <summary>Percent correct, as the source prints accuracy.</summary>
    public double Accuracy => Count == 0 ? 0 : 100.0 * Correct / Count;

    /// <summary>Counts [true class, predicted class]: row i holds the images whose label is i.</summary>
    public int[,] ConfusionMatrix()
    {
        var matrix = new int[ClassCount, ClassCount];
        for (int i = 0; i < Count; i++) matrix[Actual[i], Predicted[i]]++;
        return matrix;
    }

    /// <summary>Indices (into the split) of the images the model got wrong, in split order.</summary>
    public int[] Misclassified() => Enumerable.Range(0, Count).Where(i => Predicted[i] != Actual[i]).ToArray();

    /// <summary>
    /// Runs the model over the split in eval mode without gradients (the source's validation loop) and keeps
    /// the argmax of each output. The model's train/eval mode is restored afterwards.
    /// </summary>
    public static Predictions Compute(nn.Module<Tensor, Tensor> model, DataSplit split, int batchSize = 1000)
    {
        Arguments.NotNull(model);
        Arguments.NotNull(split);
        Arguments.AtLeast(batchSize, 1);
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            using var predicted = zeros(split.Count, dtype: ScalarType.Int64, device: split.Device);
            long classes = 0;
            for (int b = 0; b < split.BatchCount(batchSize); b++)
            {
                using (NewDisposeScope())
                {
                    var (inputs, _) = split.Batch(b, batchSize);
                    var outputs = model.forward(inputs);
                    classes = outputs.shape[1];
                    predicted.narrow(0, (long)b * batchSize, inputs.shape[0]).copy_(outputs.argmax(1));
                }
            }
            // One copy to the host at the end, not one per batch. The scope frees the host copies, never the
            // split's own labels (cpu() of a CPU tensor is the tensor itself).
            int[] p, a;
            using (NewDisposeScope())
            {
                p = predicted.cpu().data<long>().Select(v => (int)v).ToArray();
                a = split.Labels.cpu().data<long>().Select(v => (int)v).ToArray();
            }
            int classCount = (int)Math.Max(classes, a.Length == 0 ? 0 : a.Max() + 1);
            return new Predictions(p, a, classCount);
        }
        finally
        {
            if (wasTraining) model.train();
        }
    }
}
