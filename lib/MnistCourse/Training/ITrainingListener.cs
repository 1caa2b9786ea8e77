namespace MnistCourse.Training;

/// <summary>
/// Receives what the loop reports, with the trainer as context (its model, optimizer, options, history and
/// data), as Keras' and Lightning's callbacks do: the console, charts, metrics.csv and checkpoints are
/// listeners, so the loop never grows a flag per feature. Every method is optional. A run ends with exactly one
/// of OnTrainingEnd (every epoch finished) and OnFitFailed (anything stopped it).
/// </summary>
public interface ITrainingListener
{
    void OnEpochStart(Trainer trainer, int epoch, int batches) { }
    /// <summary>After each training batch; called without synchronising with the device.</summary>
    void OnBatchEnd(Trainer trainer, int epoch, int batch, int batches) { }
    void OnEpochEnd(Trainer trainer, EpochResult result) { }
    void OnTrainingEnd(Trainer trainer, IReadOnlyList<EpochResult> history) { }
    /// <summary>
    /// The run stopped before its last epoch (an exception, Ctrl+C's cancellation, a diverged loss); trainer.History
    /// holds the finished epochs. The exception goes on to Fit's caller afterwards, so this must not throw: a
    /// listener that cannot do its part says so in its own way.
    /// </summary>
    void OnFitFailed(Trainer trainer, Exception failure) { }
}
