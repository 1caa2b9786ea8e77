namespace MnistCourse.Training;

/// <summary>The loss became NaN or infinite: further steps would only spread it to every weight.</summary>
public sealed class TrainingDivergedException : Exception
{
    public TrainingDivergedException(int epoch, int batch, int batches, float loss) : this(epoch, batch, batches, loss,
        $"Training stopped: the loss became {loss} at epoch {epoch}, batch {batch}/{batches}. " +
        "Lower the learning rate (--lr) or check the inputs for NaN.")
    {
    }

    /// <summary>The same stop, told in the caller's words (the CLI names its options).</summary>
    public TrainingDivergedException(int epoch, int batch, int batches, float loss, string message) : base(message)
    {
        Epoch = epoch;
        Batch = batch;
        Batches = batches;
        Loss = loss;
    }

    public int Epoch { get; }
    public int Batch { get; }
    public int Batches { get; }
    public float Loss { get; }
}
