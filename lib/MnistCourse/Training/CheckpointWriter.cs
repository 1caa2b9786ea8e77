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

    /// <summary>What the checkpoint records about the run: the data set's name, the model's shape, the options and history.</summary>
    public static CheckpointInfo InfoOf(Trainer trainer)
    {
        Arguments.NotNull(trainer);
        var dataset = trainer.Data?.Dataset;
        var net = trainer.Model as SimpleNet;
        int inputSize = net?.InputSize ?? dataset?.InputSize ?? 784;
        int classes = net?.NumClasses ?? dataset?.ClassCount ?? 10;
        return new CheckpointInfo(dataset?.Name ?? "", inputSize, net?.HiddenSize ?? trainer.Options.Hidden, classes, trainer.Options, trainer.History.ToList());
    }
}
