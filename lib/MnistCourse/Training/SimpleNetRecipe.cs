using MnistCourse.Models;
using TorchSharp;

namespace MnistCourse.Training;

/// <summary>
/// The source's chapter 2 as settings: SimpleNet's hidden size and the optimizer to pair it with. Only
/// <see cref="Trainer.ForSimpleNet"/> (and the command line, through it) reads these; a trainer built from your own
/// model and optimizer objects records those objects instead.
/// </summary>
public sealed record SimpleNetRecipe
{
    public int Hidden { get; init; } = 128;
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;
    public double LearningRate { get; init; } = 0.01;
    /// <summary>SGD's momentum (Adam has betas instead, left at PyTorch's defaults).</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Throws an ArgumentException whose ParamName is the first bad property.</summary>
    public void Validate()
    {
        Arguments.AtLeast(Hidden, 1);
        if (!Enum.IsDefined(Optimizer)) throw Arguments.NotOneOf(Optimizer, nameof(Optimizer));
        Arguments.Within(LearningRate, 0, double.PositiveInfinity, aboveMinimum: true, belowMaximum: true);
        Arguments.Within(Momentum, 0, 1, aboveMinimum: false, belowMaximum: true);
    }

    /// <summary>The optimizer this recipe names, over <paramref name="parameters"/>.</summary>
    public torch.optim.Optimizer CreateOptimizer(IEnumerable<TorchSharp.Modules.Parameter> parameters) => Optimizer switch
    {
        OptimizerKind.Adam => torch.optim.Adam(parameters, lr: LearningRate),
        _ => torch.optim.SGD(parameters, learningRate: LearningRate, momentum: Momentum),
    };
}

/// <summary>The optimizers a <see cref="SimpleNetRecipe"/> can name.</summary>
public enum OptimizerKind
{
    /// <summary>SGD with momentum (the source's).</summary>
    Sgd,
    Adam,
}
