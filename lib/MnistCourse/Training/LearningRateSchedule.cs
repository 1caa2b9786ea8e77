using static TorchSharp.torch.optim;

namespace MnistCourse.Training;

/// <summary>
/// The learning-rate schedule of a run, stepped once per epoch after validation, as the source's
/// `scheduler.step()`. Wraps TorchSharp's own schedulers: StepLR (the source's), CosineAnnealingLR, and
/// ReduceLROnPlateau on the validation loss.
/// </summary>
public sealed class LearningRateSchedule
{
    readonly lr_scheduler.LRScheduler? scheduler;
    readonly bool onPlateau;

    public LearningRateSchedule(Optimizer optimizer, TrainingOptions options)
    {
        Arguments.NotNull(optimizer);
        Arguments.NotNull(options);
        Kind = options.Scheduler;
        onPlateau = Kind == "plateau";
        scheduler = Kind switch
        {
            "none" => null,
            "step" => lr_scheduler.StepLR(optimizer, step_size: options.StepSize, gamma: options.Gamma),
            "cosine" => lr_scheduler.CosineAnnealingLR(optimizer, T_max: options.Epochs),
            "plateau" => lr_scheduler.ReduceLROnPlateau(optimizer, mode: "min", factor: options.Gamma, patience: options.Patience),
            _ => throw new ArgumentException($"--scheduler must be one of {string.Join(", ", TrainingOptions.SchedulerChoices)}, got '{Kind}'"),
        };
    }

    public string Kind { get; }

    /// <summary>Called after each epoch; plateau watches the validation loss.</summary>
    public void Step(EpochResult finished)
    {
        Arguments.NotNull(finished);
        if (scheduler is null) return;
        if (onPlateau) scheduler.step(finished.ValLoss, null);
        else scheduler.step();
    }
}
