using System.Globalization;
using static TorchSharp.torch.optim;
using MnistCourse.Localization;

namespace MnistCourse.Training;

/// <summary>
/// The learning-rate schedule of a run, stepped once per epoch after validation, as the source's
/// `scheduler.step()`. Wraps TorchSharp's own schedulers: StepLR (the source's), CosineAnnealingLR, and
/// ReduceLROnPlateau on the validation loss.
/// </summary>
public sealed class LearningRateSchedule
{
    readonly lr_scheduler.LRScheduler scheduler;

    public LearningRateSchedule(Optimizer optimizer, TrainingOptions options)
    {
        Arguments.NotNull(optimizer);
        Arguments.NotNull(options);
        options.Validate();
        Kind = options.Schedule;
        scheduler = Kind switch
        {
            ScheduleKind.Step => lr_scheduler.StepLR(optimizer, step_size: options.StepSize, gamma: options.Gamma),
            ScheduleKind.Cosine => lr_scheduler.CosineAnnealingLR(optimizer, T_max: options.Epochs),
            ScheduleKind.Plateau => lr_scheduler.ReduceLROnPlateau(optimizer, mode: "min", factor: options.Gamma, patience: options.Patience),
            _ => throw new ArgumentException(Texts.Format("{0} is {1}: a fixed learning rate needs no schedule", nameof(options.Schedule), Kind), nameof(options)),
        };
        Description = Kind switch
        {
            ScheduleKind.Step => string.Create(CultureInfo.InvariantCulture, $"StepLR(step_size={options.StepSize}, gamma={options.Gamma})"),
            ScheduleKind.Cosine => string.Create(CultureInfo.InvariantCulture, $"CosineAnnealingLR(T_max={options.Epochs})"),
            _ => string.Create(CultureInfo.InvariantCulture, $"ReduceLROnPlateau(mode=min, factor={options.Gamma}, patience={options.Patience})"),
        };
    }

    public ScheduleKind Kind { get; }

    /// <summary>The scheduler as PyTorch would be called to make it: StepLR(step_size=5, gamma=0.5).</summary>
    public string Description { get; }

    /// <summary>Called after each epoch; plateau watches the validation loss.</summary>
    public void Step(EpochResult finished)
    {
        Arguments.NotNull(finished);
        if (Kind == ScheduleKind.Plateau) scheduler.step(finished.ValLoss, null);
        else scheduler.step();
    }
}
