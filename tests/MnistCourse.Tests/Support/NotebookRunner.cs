using System.Diagnostics;
using System.Text.Json;

namespace MnistCourse.Tests.Support;

/// <summary>A cell that produced an error: its number as the editor counts it (from 1, markdown cells included).</summary>
public sealed record NotebookError(int Cell, string FirstLine, string Message)
{
    public override string ToString() => $"cell {Cell} (`{FirstLine}`): {Message}";
}

/// <summary>What running one notebook gave: its host's exit code (dotnet-repl: 0 all cells passed, 2 some failed) and the failing cells.</summary>
/// <param name="Host">What ran it, as a failure report names it (dotnet-repl, Jupyter's nbconvert or nbclient).</param>
public sealed record NotebookRun(string Notebook, int ExitCode, string? OutputNotebook, IReadOnlyList<NotebookError> Errors, TimeSpan Duration, string ToolOutput, string Host = "dotnet-repl")
{
    public bool Passed => ExitCode == 0 && Errors.Count == 0;

    public string Report()
    {
        var lines = new List<string> { $"{Notebook}: exit code {ExitCode} after {Duration.TotalSeconds:F0} s; executed copy: {OutputNotebook ?? "none written"}" };
        lines.AddRange(Errors.Select(e => "  " + e));
        if (Errors.Count == 0 && ExitCode != 0) lines.Add($"  {Host} said: " + ToolOutput.Trim());
        return string.Join(Environment.NewLine, lines);
    }
}

/// <summary>
/// Runs a .dib headlessly with the dotnet-repl pinned in .config/dotnet-tools.json, one process per notebook
/// (a fresh kernel, as a learner gets; a crash or hang cannot take the test host with it), and writes the
/// executed notebook as .ipynb and .html. dotnet-repl 0.3.259 needs --exit-after-run when it has no
/// terminal, an existing output folder, and prints nothing itself: the errors are read from the .ipynb.
/// </summary>
public static class NotebookRunner
{
    static readonly Lazy<string> ToolRestore = new(RestoreTools);

    /// <summary>Runs <paramref name="notebook"/> with dotnet-repl started in the notebook's folder, as every editor starts its kernel.</summary>
    /// <param name="environment">Variables for the kernel's process, e.g. MNISTCOURSE_EPOCHS (see CourseSetting) or MNISTCOURSE_DATA,
    /// on top of the course's kernel settings (KernelRuntime).</param>
    /// <param name="name">The executed copy's name (default: the notebook's).</param>
    public static NotebookRun Run(string notebook, string outputDirectory, TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null, string? name = null)
    {
        string root = CliRunner.RepoRoot;
        _ = ToolRestore.Value;
        Directory.CreateDirectory(outputDirectory);
        name ??= Path.GetFileNameWithoutExtension(notebook);
        string ipynb = Path.Combine(outputDirectory, name + ".ipynb");
        string partial = ipynb + ".partial";
        File.Delete(partial);

        // The notebook's folder: the first cell imports _setup.dib from there (a notebook outside the repository is
        // run by the pinned dotnet-repl from the NuGet cache, since `dotnet tool run` needs the tool manifest).
        string folder = Path.GetDirectoryName(Path.GetFullPath(notebook))!;
        string[] repl = folder.StartsWith(root + Path.DirectorySeparatorChar)
            ? new[] { "tool", "run", "dotnet-repl", "--" }
            : new[] { ReplDll };
        var args = repl.Concat(new[] { "--run", Path.GetFullPath(notebook), "--exit-after-run", "--output-format", "ipynb", "--output-path", partial });
        var clock = Stopwatch.StartNew();
        // dotnet-repl writes nothing until the end, so on a timeout the cell is unknown.
        var result = ChildProcess.Run("dotnet", args, folder, timeout ?? TimeSpan.FromMinutes(10), KernelRuntime.With(environment));
        clock.Stop();
        string toolOutput = result.Output;

        if (!File.Exists(partial))
            return new NotebookRun(notebook, result.ExitCode, null, Array.Empty<NotebookError>(), clock.Elapsed, toolOutput);
        File.Move(partial, ipynb, overwrite: true);
        ExecutedCopy.Annotate(ipynb, "dotnet-repl", environment);
        var errors = ReadErrors(ipynb);
        NotebookHtml.Write(ipynb, Path.ChangeExtension(ipynb, ".html"));
        return new NotebookRun(notebook, result.ExitCode, ipynb, errors, clock.Elapsed, toolOutput);
    }

    /// <summary>Every cell with an "error" output: dotnet-repl turns compile errors, exceptions and ErrorProduced events into those.</summary>
    public static IReadOnlyList<NotebookError> ReadErrors(string ipynb)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(ipynb));
        var errors = new List<NotebookError>();
        int number = 0;
        foreach (var cell in document.RootElement.GetProperty("cells").EnumerateArray())
        {
            number++;
            if (!cell.TryGetProperty("outputs", out var outputs)) continue;
            foreach (var output in outputs.EnumerateArray())
            {
                if (output.GetProperty("output_type").GetString() != "error") continue;
                errors.Add(new NotebookError(number, FirstLine(NotebookHtml.Text(cell.GetProperty("source"))), Shorten(output.GetProperty("evalue").GetString() ?? "")));
            }
        }
        return errors;
    }

    /// <summary>The first line of code (comments skipped) names the cell best.</summary>
    static string FirstLine(string source)
    {
        var lines = source.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        return lines.FirstOrDefault(l => !l.StartsWith("//", StringComparison.Ordinal)) ?? lines.FirstOrDefault() ?? "";
    }

    /// <summary>The message and the first frames of its stack trace; the kernel's own frames say nothing.</summary>
    static string Shorten(string message)
    {
        var lines = message.Split('\n').Select(l => l.TrimEnd()).TakeWhile(l => !l.StartsWith("--- End of stack trace", StringComparison.Ordinal));
        var messageLines = lines.TakeWhile(l => !l.TrimStart().StartsWith("at ", StringComparison.Ordinal)).ToList();
        var frames = lines.Skip(messageLines.Count).Take(3).Select(l => l.Trim());
        return string.Join(" | ", messageLines.Concat(frames));
    }

    /// <summary>The dotnet-repl that `dotnet tool restore` put in the NuGet cache, at the manifest's version.</summary>
    static string ReplDll => Path.Combine(NuGetCache.PinnedTools().Single(t => t.Id == "dotnet-repl").Folder, "dotnet-repl.dll");

    static string RestoreTools()
    {
        var result = ChildProcess.Run("dotnet", new[] { "tool", "restore" }, CliRunner.RepoRoot, TimeSpan.FromMinutes(5));
        string output = result.Output;
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"`dotnet tool restore` failed (it installs dotnet-repl from .config/dotnet-tools.json; NuGet must be reachable the first time):\n{output}");
        return output;
    }
}
