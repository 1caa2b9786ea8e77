using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Notebooks;

/// <summary>
/// The headless runs use dotnet-repl and Jupyter; learners in VS Code use the Polyglot Notebooks extension, which
/// drives the dotnet-interactive kernel directly, in the notebook's folder. One chapter runs that way (and nowhere
/// else in the suite), followed by a short run with the live chart, which VS Code redraws in place.
/// </summary>
public sealed class VsCodeKernelTests
{
    public const string Chapter = "02-device";

    static readonly Lazy<VsCodeKernel.Result> ChapterRun = new(RunChapter);

    /// <summary>
    /// The chapter's one run in the suite, shared by the tests that read it (the website's too), with its executed
    /// copy in artifacts/vscode/.
    /// </summary>
    public static VsCodeKernel.Result Run() => ChapterRun.Value;

    public static string ExecutedCopyPath => Path.Combine(CliRunner.RepoRoot, "artifacts", "vscode", Chapter + ".ipynb");

    static VsCodeKernel.Result RunChapter()
    {
        string notebook = Path.Combine(CliRunner.RepoRoot, "notebooks", Chapter + ".dib");
        var result = VsCodeKernel.Run(notebook, TimeSpan.FromMinutes(5), AnswerKeys.ExtraCells(Chapter + ".dib").Append("""
            var liveData = MnistLikeData.Load();
            var liveOptions = new TrainingOptions { Epochs = 3 };
            var liveTrainer = Trainer.ForSimpleNet(liveOptions, torch.CPU);
            liveTrainer.Listeners.Add(LiveChart());
            liveTrainer.Fit(liveData.Train.Take(2000), liveData.Validation.Take(500));   // three epochs to redraw, not a full run
            """).ToArray());
        MnistCourse.AtomicFile.WriteAllText(ExecutedCopyPath, result.ExecutedNotebook);
        Support.ExecutedCopy.Annotate(ExecutedCopyPath, "vscode");
        return result;
    }

    [Fact]
    public void A_chapter_runs_in_the_kernel_VS_Code_starts_proves_its_answer_key_and_the_live_chart_redraws_in_place()
    {
        var result = Run();
        Assert.True(result.Failures.Count == 0, string.Join(Environment.NewLine, result.Failures));
        AnswerKeys.AssertProven(Chapter + ".dib", result.CellOutputs.SkipLast(1).ToList());

        // One placeholder, then one update per epoch of that same display; the last shows all three epochs.
        var placeholder = Assert.Single(result.Displays, d => d.Html.Contains("appear here after the first epoch"));
        var updates = result.Displays.Where(d => d.EventType == "DisplayedValueUpdated").ToList();
        Assert.Equal(3, updates.Count);
        Assert.All(updates, u => Assert.Equal(placeholder.Id, u.Id));
        Assert.Contains("Epoch [3/3]", updates[^1].Html);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(updates[^1].Html, "class=\"plotly-chart\"").Count);

        // The executed copy keeps what Jupyter keeps: the live chart's one display, updated in place to its last state,
        // after plotly.js, which the chapter's first chart brings (this chapter has no chart before).
        using var copy = System.Text.Json.JsonDocument.Parse(File.ReadAllText(ExecutedCopyPath));
        var liveDisplays = copy.RootElement.GetProperty("cells").EnumerateArray().Last().GetProperty("outputs").EnumerateArray()
            .Where(o => o.GetProperty("output_type").GetString() == "display_data")
            .Select(o => o.GetProperty("data").GetProperty("text/html").GetString()!).ToList();
        Assert.Equal(2, liveDisplays.Count);
        Assert.Contains("inlined for offline use", liveDisplays[0]);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(liveDisplays[1], "class=\"plotly-chart\"").Count);
        Assert.Single(copy.RootElement.GetProperty("cells").EnumerateArray(), c => c.ToString().Contains("inlined for offline use"));
    }

    [Fact]
    public void A_failing_cell_is_seen_as_failed()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir["bad.dib"], "#!csharp\n\nConsole.WriteLine(1);\n\n#!csharp\n\nthrow new Exception(\"on purpose\");\n");
        var failures = VsCodeKernel.Run(dir["bad.dib"], TimeSpan.FromMinutes(2)).Failures;
        Assert.Contains(failures, f => f.StartsWith("cell 2 (of 2): CommandFailed") && f.Contains("on purpose"));
    }
}
