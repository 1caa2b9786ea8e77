using MnistCourse.Models;

namespace MnistCourse.Training;

/// <summary>
/// Keeps &lt;dir&gt;/checkpoint-last.ckpt after every epoch and &lt;dir&gt;/checkpoint-best.ckpt whenever the
/// validation accuracy beats every earlier epoch. The trainer it is called with supplies the model, optimizer,
/// options, history and data set. Add it before listeners that print, so a printed epoch is always already saved.
/// </summary>
public sealed class CheckpointWriter(string directory, string? runId = null) : ITrainingListener
{
    /// <summary>The identity of the run, written into every checkpoint (null: none).</summary>
    public string? RunId { get; } = runId;

    public string LastPath { get; } = Path.Combine(Arguments.NotNull(directory), Checkpoint.LastFile);
    public string BestPath { get; } = Path.Combine(directory, Checkpoint.BestFile);

    public void OnEpochEnd(Trainer trainer, EpochResult result)
    {
        Arguments.NotNull(trainer);
        Arguments.NotNull(result);
        Checkpoint.Save(LastPath, trainer, InfoOf(trainer) with { RunId = RunId });
        if (trainer.History.All(r => r.Epoch == result.Epoch || r.ValAccuracy < result.ValAccuracy))
            AtomicFile.Write(BestPath, s => { using var last = File.OpenRead(LastPath); last.CopyTo(s); });
    }

    /// <summary>What the checkpoint records about the run: what ran (read from the trainer's objects) and its history.</summary>
    internal static CheckpointInfo InfoOf(Trainer trainer)
    {
        Arguments.NotNull(trainer);
        var run = trainer.Describe();
        var net = trainer.Model as SimpleNet;
        int inputSize = net?.InputSize ?? run.Dataset?.InputSize ?? (int)(trainer.Validation?.ImageShape[^1] ?? 0);
        int classes = net?.NumClasses ?? run.Dataset?.ClassCount ?? 0;
        return new CheckpointInfo(run.Dataset?.Name ?? "", run.Model, inputSize, net?.HiddenSize, classes, run.Options, run.Optimizer, trainer.History.ToList());
    }
}
