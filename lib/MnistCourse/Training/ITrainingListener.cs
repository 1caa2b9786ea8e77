namespace MnistCourse.Training;

/// <summary>
/// Receives what the loop reports (the Keras/Lightning callback idea): the console, charts, metrics.csv and
/// checkpoints are listeners, so the loop never grows a flag per feature. Every method is optional.
/// </summary>
public interface ITrainingListener
{
    void OnEpochStart(int epoch, int epochs, int batches) { }
    /// <summary>After each training batch; called without synchronising with the device.</summary>
    void OnBatchEnd(int epoch, int batch, int batches) { }
    void OnEpochEnd(EpochResult result) { }
    void OnTrainingEnd(IReadOnlyList<EpochResult> results) { }
}
