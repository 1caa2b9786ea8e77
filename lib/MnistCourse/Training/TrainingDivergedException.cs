using MnistCourse.Localization;

namespace MnistCourse.Training;

/// <summary>The loss became NaN or infinite: further steps would only spread it to every weight.</summary>
public sealed class TrainingDivergedException(int epoch, int batch, int batches, float loss) : Exception(
    Texts.Format("Training stopped: the loss became {0} at epoch {1}, batch {2}/{3}. Lower the learning rate or check the inputs for NaN.",
        loss, epoch, batch, batches))
{
    public int Epoch { get; } = epoch;
    public int Batch { get; } = batch;
    public int Batches { get; } = batches;
    public float Loss { get; } = loss;
}
