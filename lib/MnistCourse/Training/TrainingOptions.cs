namespace MnistCourse.Training;

/// <summary>The hyper-parameters of a run. The defaults are the source's complete example.</summary>
public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 10;
    public int BatchSize { get; init; } = 64;
    public double LearningRate { get; init; } = 0.01;
    public double Momentum { get; init; } = 0.9;
    /// <summary>"sgd" (the source's) or "adam".</summary>
    public string Optimizer { get; init; } = "sgd";
    public int Hidden { get; init; } = 128;
    /// <summary>Seeds the weights and every epoch's shuffle: the same seed gives the same run, bit for bit, on CPU.</summary>
    public long Seed { get; init; } = 42;
    /// <summary>"none", "step" (the source's StepLR), "cosine" or "plateau" (on validation loss).</summary>
    public string Scheduler { get; init; } = "none";
    /// <summary>StepLR: epochs between decays (the source's step_size=5).</summary>
    public int StepSize { get; init; } = 5;
    /// <summary>StepLR and plateau: the factor the learning rate is multiplied by (the source's gamma=0.5).</summary>
    public double Gamma { get; init; } = 0.5;
    /// <summary>Plateau: epochs without improvement before the learning rate drops.</summary>
    public int Patience { get; init; } = 2;

    public static readonly string[] OptimizerChoices = { "sgd", "adam" };
    public static readonly string[] SchedulerChoices = { "none", "step", "cosine", "plateau" };

    /// <summary>Throws ArgumentException naming the first bad option.</summary>
    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentException($"--epochs must be at least 1, got {Epochs}");
        if (BatchSize < 1) throw new ArgumentException($"--batch-size must be at least 1, got {BatchSize}");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentException($"--lr must be a positive number, got {LearningRate}");
        if (!(Momentum >= 0 && Momentum < 1)) throw new ArgumentException($"--momentum must be in [0, 1), got {Momentum}");
        if (Hidden < 1) throw new ArgumentException($"--hidden must be at least 1, got {Hidden}");
        if (!SchedulerChoices.Contains(Scheduler)) throw new ArgumentException($"--scheduler must be one of {string.Join(", ", SchedulerChoices)}, got '{Scheduler}'");
        if (StepSize < 1) throw new ArgumentException($"--step-size must be at least 1, got {StepSize}");
        if (!(Gamma > 0 && Gamma <= 1)) throw new ArgumentException($"--gamma must be in (0, 1], got {Gamma}");
        if (Patience < 0) throw new ArgumentException($"--patience must be at least 0, got {Patience}");
        if (!OptimizerChoices.Contains(Optimizer)) throw new ArgumentException($"--optimizer must be one of {string.Join(", ", OptimizerChoices)}, got '{Optimizer}'");
    }
}
