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
    public static string Describe(nn.Module module) => Describe(module, module.GetName(), indent: 0);

    static string Describe(nn.Module module, string name, int indent)
    {
        var children = module.named_children().ToList();
        if (children.Count == 0) return Leaf(module, name);
        var text = new StringBuilder($"{name}(\n");
        foreach (var (childName, child) in children)
            text.Append(' ', indent + 2).Append($"({childName}): ").Append(Describe(child, child.GetName(), indent + 2)).Append('\n');
        return text.Append(' ', indent).Append(')').ToString();
    }

    static string Leaf(nn.Module module, string name) => module switch
    {
        Linear linear => $"Linear(in_features={linear.weight!.shape[1]}, out_features={linear.weight.shape[0]}, bias={(linear.bias is null ? "False" : "True")})",
        _ => $"{name}()",
    };
}
