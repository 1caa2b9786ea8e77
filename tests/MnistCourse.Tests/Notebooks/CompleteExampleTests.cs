using System.Diagnostics;
using System.Text.Json;
using MnistCourse.Tests.Support;
using Xunit.Abstractions;

namespace MnistCourse.Tests.Notebooks;

/// <summary>
/// The course's promise that the library is the loop, packaged: for the same seed and data, notebook 06's
/// hand-written loop, examples/complete-example.cs and `mnist-course train` print the same epoch lines.
/// </summary>
public sealed class CompleteExampleTests(ITestOutputHelper output)
{
    const int Epochs = JupyterTests.CompleteExampleEpochs;
    const int Seed = JupyterTests.CompleteExampleSeed;

    [SkippableFact]
    public void Notebook_06_the_example_script_and_the_cli_print_identical_epoch_lines()
    {
        Prerequisites.Require(Prerequisites.Jupyter);
        // Notebook 06 runs once in the suite, in Jupyter, on this small data set (see JupyterTests).
        var run = JupyterTests.Run("06-complete-example");
        using var dir = new TempDirectory();
        string data = JupyterTests.CompleteExampleData;

        var cli = CliRunner.Run(new[] { "train", "--data-dir", data, "--epochs", $"{Epochs}", "--seed", $"{Seed}", "--no-report", "--out", dir["out"] });
        Assert.True(cli.ExitCode == 0, cli.Stderr);
        // The CLI adds the time each epoch took; the tutorial's line (and the other two) end before it.
        var cliLines = EpochLines(cli.Stdout).Select(l => l[..l.LastIndexOf(", Time: ", StringComparison.Ordinal)]).ToList();

        var script = RunExample("--epochs", $"{Epochs}", "--seed", $"{Seed}", "--data-dir", data);
        var scriptLines = EpochLines(script);

        Assert.True(run.Passed, run.Report());
        var notebookLines = EpochLines(HandWrittenLoopOutput(run.OutputNotebook!));

        output.WriteLine(string.Join("\n", cliLines));
        Assert.Equal(Epochs, cliLines.Count);
        Assert.Matches(@"^Epoch \[1/2\], Train Loss: \d\.\d{4}, Train Acc: \d+\.\d{2}%, Val Loss: \d\.\d{4}, Val Acc: \d+\.\d{2}%$", cliLines[0]);
        Assert.Equal(cliLines, scriptLines);
        Assert.Equal(cliLines, notebookLines);
    }

    static List<string> EpochLines(string text) =>
        text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("Epoch [", StringComparison.Ordinal)).ToList();

    /// <summary>The printed output of the notebook's cell that holds the written-out loop (its `foreach (var batch in trainLoader)`).</summary>
    static string HandWrittenLoopOutput(string ipynb)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(ipynb));
        var cell = document.RootElement.GetProperty("cells").EnumerateArray()
            .Single(c => c.GetProperty("cell_type").GetString() == "code" && NotebookHtml.Text(c.GetProperty("source")).Contains("foreach (var batch in trainLoader)"));
        return string.Concat(cell.GetProperty("outputs").EnumerateArray()
            .Where(o => o.GetProperty("output_type").GetString() == "stream")
            .Select(o => NotebookHtml.Text(o.GetProperty("text"))));
    }

    /// <summary>`dotnet run examples/complete-example.cs -- args`, as the README says to run it.</summary>
    static string RunExample(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = CliRunner.RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "run", Path.Combine("examples", "complete-example.cs"), "--" }.Concat(args)) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("dotnet run examples/complete-example.cs did not finish within 5 minutes");
        }
        Assert.True(process.ExitCode == 0, $"dotnet run examples/complete-example.cs exited {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
        return stdout.Result;
    }
}
