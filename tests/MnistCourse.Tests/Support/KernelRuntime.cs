using System.Text.Json;

namespace MnistCourse.Tests.Support;

/// <summary>
/// The runtime settings the course gives every notebook kernel it starts (environment/kernel-runtime.json: the
/// garbage collector, when hot methods get recompiled, and malloc's huge pages). environment/jupyter.sh writes them into Jupyter's kernel
/// spec; the tests' dotnet-repl runs get them here. The kernel as VS Code starts it runs without them, as VS Code does.
/// </summary>
public static class KernelRuntime
{
    public static string File => Path.Combine(CliRunner.RepoRoot, "environment", "kernel-runtime.json");

    static readonly Lazy<IReadOnlyDictionary<string, string>> settings = new(() =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(System.IO.File.ReadAllText(File))
        ?? throw new InvalidDataException($"{File} is not a JSON object of variables"));

    public static IReadOnlyDictionary<string, string> Settings => settings.Value;

    /// <summary>The settings, then <paramref name="environment"/> (which wins where both name a variable).</summary>
    public static IReadOnlyDictionary<string, string> With(IReadOnlyDictionary<string, string>? environment)
    {
        var merged = new Dictionary<string, string>(Settings);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) merged[name] = value;
        return merged;
    }
}
