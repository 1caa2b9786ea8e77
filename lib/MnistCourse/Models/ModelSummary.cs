using System.Text;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MnistCourse.Models;

/// <summary>
/// A model as PyTorch's print(model) shows it: its layers by name, with their sizes. TorchSharp modules print only
/// their type name, and a notebook that is teaching `print(model)` should show the same thing the Python does.
/// </summary>
public static class ModelSummary
{
    public static string Describe(nn.Module module) => Describe(module, NameOf(module), indent: 0);

    /// <summary>The model on one line, its registered layers in order: SimpleNet: Linear(784 → 128), ReLU, Linear(128 → 10).</summary>
    public static string OneLine(nn.Module module)
    {
        var layers = Leaves(module).Select(m => m is Linear linear
            ? $"Linear({linear.weight!.shape[1]} → {linear.weight.shape[0]})"
            : NameOf(m)).ToList();
        string name = NameOf(module);
        return layers is [var only] && only == name ? name : $"{name}: {string.Join(", ", layers)}";
    }

    /// <summary>A module's name as C# code names it: libtorch calls a Sequential "torch::nn::SequentialImpl".</summary>
    static string NameOf(nn.Module module)
    {
        string name = module.GetName();
        return name.StartsWith("torch::nn::", StringComparison.Ordinal) ? module.GetType().Name : name;
    }

    static IEnumerable<nn.Module> Leaves(nn.Module module)
    {
        var children = module.named_children().ToList();
        if (children.Count == 0) return new[] { module };
        return children.SelectMany(c => Leaves(c.module));
    }

    static string Describe(nn.Module module, string name, int indent)
    {
        var children = module.named_children().ToList();
        if (children.Count == 0) return Leaf(module, name);
        var text = new StringBuilder($"{name}(\n");
        foreach (var (childName, child) in children)
            text.Append(' ', indent + 2).Append($"({childName}): ").Append(Describe(child, NameOf(child), indent + 2)).Append('\n');
        return text.Append(' ', indent).Append(')').ToString();
    }

    static string Leaf(nn.Module module, string name) => module switch
    {
        Linear linear => $"Linear(in_features={linear.weight!.shape[1]}, out_features={linear.weight.shape[0]}, bias={(linear.bias is null ? "False" : "True")})",
        _ => $"{name}()",
    };
}
