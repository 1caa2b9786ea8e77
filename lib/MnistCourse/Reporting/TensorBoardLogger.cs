using MnistCourse.Training;

namespace MnistCourse.Reporting;

/// <summary>
/// Logs each epoch to TensorBoard under the source's tags (writer.add_scalar('Loss/Train', epoch_loss, epoch)),
/// step = epoch number. View with: tensorboard --logdir &lt;folder&gt;. A resumed run logging into the same
/// folder adds a new event file beside the old ones; TensorBoard shows them as one run.
/// </summary>
public sealed class TensorBoardLogger : ITrainingListener
{
    public const string TrainLoss = "Loss/Train";
    public const string TrainAccuracy = "Accuracy/Train";
    public const string ValLoss = "Loss/Validation";
    public const string ValAccuracy = "Accuracy/Validation";
    public const string LearningRate = "LearningRate";

    TensorBoardEventWriter? writer;

    public TensorBoardLogger(string logDirectory)
    {
        // Fail now, before training, if the folder cannot be made; the event file itself waits for the first epoch.
        TensorBoardEventWriter.EnsureDirectory(logDirectory);
        LogDirectory = logDirectory;
    }

    public string LogDirectory { get; }

    /// <summary>The event file this logger appends to; null until the first epoch has ended.</summary>
    public string? FilePath => writer?.FilePath;

    public void OnEpochEnd(Trainer trainer, EpochResult result) => Log(result);

    /// <summary>Appends one epoch's scalars in one write (a kill never leaves half an epoch).</summary>
    public void Log(EpochResult result)
    {
        writer ??= new TensorBoardEventWriter(LogDirectory);
        writer.AddScalars(result.Epoch, [
            (TrainLoss, (float)result.TrainLoss),
            (TrainAccuracy, (float)result.TrainAccuracy),
            (ValLoss, (float)result.ValLoss),
            (ValAccuracy, (float)result.ValAccuracy),
            (LearningRate, (float)result.LearningRate),
        ]);
    }
}
