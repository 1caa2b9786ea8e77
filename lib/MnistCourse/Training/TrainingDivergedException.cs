namespace MnistCourse.Training;

/// <summary>The loss became NaN or infinite: further steps would only spread it to every weight.</summary>
public sealed class TrainingDivergedException(int epoch, int batch, int batches, float loss) : Exception(
    $"Training stopped: the loss became {loss} at epoch {epoch}, batch {batch}/{batches}. " +
    "Lower the learning rate (--lr) or check the inputs for NaN.")
{
    public int Epoch { get; } = epoch;
    public int Batch { get; } = batch;
}
