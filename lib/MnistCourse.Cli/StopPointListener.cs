using MnistCourse.Training;

namespace MnistCourse.Cli;

/// <summary>Marks the "batch" and "epoch-end" stop points (see <see cref="StopPoint"/>); added after every other listener.</summary>
internal sealed class StopPointListener : ITrainingListener
{
    public void OnBatchEnd(Trainer trainer, int epoch, int batch, int batches) => StopPoint.Reached("batch");
    public void OnEpochEnd(Trainer trainer, EpochResult result) => StopPoint.Reached("epoch-end");
}
