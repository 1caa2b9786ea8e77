using System.Globalization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MnistCourse.Training;

/// <summary>
/// What an optimizer object was made with, read from the object itself (its first parameter group): its type, its
/// initial learning rate and the hyper-parameters of its kind. A report or checkpoint records this, never a
/// parallel description of what was meant to run.
/// </summary>
public sealed record OptimizerSettings(
    string Name,
    double LearningRate,
    double? Momentum = null,
    double? Dampening = null,
    bool? Nesterov = null,
    double? Beta1 = null,
    double? Beta2 = null,
    double? Eps = null,
    double? Alpha = null,
    double? WeightDecay = null)
{
    public static OptimizerSettings Of(optim.Optimizer optimizer)
    {
        Arguments.NotNull(optimizer);
        var group = optimizer.ParamGroups.FirstOrDefault();
        double lr = group is null ? double.NaN : group.InitialLearningRate > 0 ? group.InitialLearningRate : group.LearningRate;
        return (group as ParamGroup)?.Options switch
        {
            SGD.Options o => new("SGD", lr, Momentum: o.momentum ?? 0, Dampening: o.dampening ?? 0, Nesterov: o.nesterov ?? false, WeightDecay: o.weight_decay ?? 0),
            Adam.Options o => new("Adam", lr, Beta1: o.beta1, Beta2: o.beta2, Eps: o.eps, WeightDecay: o.weight_decay ?? 0),
            AdamW.Options o => new("AdamW", lr, Beta1: o.beta1, Beta2: o.beta2, Eps: o.eps, WeightDecay: o.weight_decay ?? 0),
            RMSProp.Options o => new("RMSprop", lr, Momentum: o.momentum ?? 0, Alpha: o.alpha, Eps: o.eps, WeightDecay: o.weight_decay ?? 0),
            _ => new(optimizer.GetType().Name, lr),
        };
    }

    /// <summary>PyTorch's spelling of the call that makes such an optimizer, with the settings that differ from PyTorch's defaults: SGD(lr=0.01, momentum=0.9).</summary>
    public override string ToString()
    {
        var parts = new List<string> { string.Create(CultureInfo.InvariantCulture, $"lr={LearningRate}") };
        if (Momentum is > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"momentum={Momentum}"));
        if (Dampening is > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"dampening={Dampening}"));
        if (Nesterov == true) parts.Add("nesterov=True");
        if (Beta1 is double b1 && Beta2 is double b2 && (b1, b2) != (0.9, 0.999)) parts.Add(string.Create(CultureInfo.InvariantCulture, $"betas=({b1}, {b2})"));
        if (Alpha is double a && a != 0.99) parts.Add(string.Create(CultureInfo.InvariantCulture, $"alpha={a}"));
        if (WeightDecay is > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"weight_decay={WeightDecay}"));
        return $"{Name}({string.Join(", ", parts)})";
    }
}
