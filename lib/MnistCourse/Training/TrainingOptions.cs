namespace MnistCourse.Training;

/// <summary>
/// The loop's settings: how many epochs, how big a batch, which shuffle, which learning-rate schedule. The
/// defaults are the source's complete example. The model and the optimizer are not here: the trainer is given
/// them as objects (or builds the source's from a <see cref="SimpleNetRecipe"/>), and records what they are.
/// </summary>
public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 10;
    public int BatchSize { get; init; } = 64;
    /// <summary>Seeds every epoch's shuffle (and, in <see cref="Trainer.ForSimpleNet"/>, the weights): the same seed gives the same run, bit for bit, on CPU.</summary>
    public long Seed { get; init; } = 42;
    /// <summary>The learning-rate schedule, stepped after every epoch (the source's StepLR is <see cref="ScheduleKind.Step"/>).</summary>
    public ScheduleKind Schedule { get; init; } = ScheduleKind.None;
    /// <summary>Step: epochs between decays (the source's step_size=5).</summary>
    public int StepSize { get; init; } = 5;
    /// <summary>Step and Plateau: the factor the learning rate is multiplied by (the source's gamma=0.5).</summary>
    public double Gamma { get; init; } = 0.5;
    /// <summary>Plateau: epochs without improvement of the validation loss before the learning rate drops.</summary>
    public int Patience { get; init; } = 2;

    /// <summary>Throws an ArgumentException whose ParamName is the first bad property (e.g. "Epochs must be at least 1, got 0").</summary>
    public void Validate()
    {
        Arguments.AtLeast(Epochs, 1);
        Arguments.AtLeast(BatchSize, 1);
        if (!Enum.IsDefined(Schedule)) throw Arguments.NotOneOf(Schedule, nameof(Schedule));
        Arguments.AtLeast(StepSize, 1);
        Arguments.Within(Gamma, 0, 1, aboveMinimum: true, belowMaximum: false);
        Arguments.AtLeast(Patience, 0);
    }
}

/// <summary>The learning-rate schedules a run can use: TorchSharp's StepLR, CosineAnnealingLR and ReduceLROnPlateau.</summary>
public enum ScheduleKind
{
    /// <summary>A fixed learning rate.</summary>
    None,
    /// <summary>StepLR: multiply by Gamma every StepSize epochs (the source's).</summary>
    Step,
    /// <summary>CosineAnnealingLR over the run's epochs: from the learning rate down towards 0.</summary>
    Cosine,
    /// <summary>ReduceLROnPlateau on the validation loss: multiply by Gamma after Patience epochs without improvement.</summary>
    Plateau,
}
