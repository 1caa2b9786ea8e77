namespace MnistCourse.Training;

/// <summary>
/// Keeps &lt;dir&gt;/checkpoint-last.ckpt after every epoch and &lt;dir&gt;/checkpoint-best.ckpt whenever the
/// validation accuracy beats every earlier epoch. Add it before listeners that print, so a printed epoch is
/// always already saved.
/// </summary>
public sealed class CheckpointWriter(string directory, Trainer trainer, string dataset, int inputSize, int classes, TrainingOptions options) : ITrainingListener
{
    public string LastPath { get; } = Path.Combine(directory, Checkpoint.LastFile);
    public string BestPath { get; } = Path.Combine(directory, Checkpoint.BestFile);

    public void OnEpochEnd(EpochResult result)
    {
        var info = new CheckpointInfo(dataset, inputSize, options.Hidden, classes, options, trainer.History.ToList());
        Checkpoint.Save(LastPath, trainer, info);
        if (trainer.History.All(r => r.Epoch == result.Epoch || r.ValAccuracy < result.ValAccuracy))
            AtomicFile.Write(BestPath, s => { using var last = File.OpenRead(LastPath); last.CopyTo(s); });
    }
}
