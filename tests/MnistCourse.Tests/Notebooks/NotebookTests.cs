using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Notebooks;

/// <summary>
/// The dotnet-repl runs, one after another. Every notebook test class is a collection of its own: their kernels are
/// separate processes (~1 GB each), so xunit runs up to one per core side by side, and beside the other tests.
/// </summary>
[CollectionDefinition(Name)]
public sealed class NotebookCollection
{
    public const string Name = "Notebooks";
}

[Collection(NotebookCollection.Name)]
public sealed class NotebookTests
{
    static string NotebookFolder => Path.Combine(CliRunner.RepoRoot, "notebooks");
    static string Artifacts => Path.Combine(CliRunner.RepoRoot, "artifacts", "notebooks");

    /// <summary>
    /// The chapters dotnet-repl runs: every chapter but those JupyterTests and VsCodeKernelTests run (each chapter runs
    /// once in the suite).
    /// </summary>
    public static string[] Chapters => Directory.GetFiles(NotebookFolder, "0*.dib").Select(Path.GetFileNameWithoutExtension)
        .Where(name => !JupyterTests.Chapters.Contains(name) && name != VsCodeKernelTests.Chapter).Order(StringComparer.Ordinal).ToArray()!;

    public static TheoryData<string> ChapterData() => new(Chapters);

    static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<NotebookRun>> Runs = new();

    /// <summary>The chapter's one run in the suite, shared by the tests that read it (the website's too).</summary>
    public static NotebookRun Run(string chapter) =>
        Runs.GetOrAdd(chapter, c => new Lazy<NotebookRun>(() => RunWithAnswerKey(c))).Value;

    static NotebookRun RunWithAnswerKey(string chapter)
    {
        // The chapter's cells, then its answer key (see AnswerKeys), in a copy beside it: the kernel starts in the
        // notebook's folder, where the set-up import is found; '_' keeps the copy out of the course's lists.
        string copy = Path.Combine(NotebookFolder, $"_run-{chapter}.dib");
        string text = File.ReadAllText(Path.Combine(NotebookFolder, chapter + ".dib")).TrimEnd('\n') + "\n";
        foreach (string cell in AnswerKeys.ExtraCells(chapter + ".dib")) text += $"\n#!csharp\n\n{cell}\n";
        try
        {
            File.WriteAllText(copy, text);
            // A German locale writes 0,4937 where the course prints 0.4937: the set-up makes every chapter culture-invariant.
            return NotebookRunner.Run(copy, Artifacts, name: chapter, environment: GermanLocale);
        }
        finally { File.Delete(copy); }
    }

    [Theory]
    [MemberData(nameof(ChapterData))]
    public void A_chapter_runs_every_cell_without_an_error_and_proves_its_answer_key(string chapter)
    {
        var run = Run(chapter);
        Assert.True(run.Passed, run.Report());
        Assert.True(File.Exists(Path.ChangeExtension(run.OutputNotebook, ".html")));
        var outputs = AnswerKeys.StreamOutputs(run.OutputNotebook!);
        AnswerKeys.AssertProven(chapter + ".dib", outputs);
        if (chapter == "05-validation")   // a line the notebook formats itself, with interpolation
            Assert.Matches(@"validation loss was lowest at epoch \d+ \(\d\.\d{4}\); at the end it is \d\.\d{4}", string.Concat(outputs));
    }

    static readonly Dictionary<string, string> GermanLocale = new() { ["LANG"] = "de_DE.UTF-8", ["LC_ALL"] = "de_DE.UTF-8" };

    /// <summary>The dotnet-repl chapter whose training cell shows the live chart (see LiveChartChapter).</summary>
    const string LiveChartChapter = "05-validation";

    [Fact]
    public void The_live_chart_leaves_one_final_chart_in_a_dotnet_repl_copy()
    {
        // dotnet-repl keeps every update of a display as an output; the live chart shows itself once there, at the end.
        // Read from the chapter's one run in the suite (no kernel of its own): its overfitting cell trains with LiveChart().
        Assert.Contains(LiveChartChapter, Chapters);
        var run = Run(LiveChartChapter);
        Assert.True(run.Passed, run.Report());

        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(run.OutputNotebook!));
        var cell = document.RootElement.GetProperty("cells").EnumerateArray()
            .Single(c => c.GetProperty("cell_type").GetString() == "code" && NotebookHtml.Text(c.GetProperty("source")).Contains("Listeners.Add(LiveChart())"));
        var outputs = cell.GetProperty("outputs").EnumerateArray().Select(o => o.ToString()).ToList();
        int epochs = System.Text.RegularExpressions.Regex.Matches(string.Concat(outputs), @"Epoch \[\d+/(\d+)\]").Select(m => int.Parse(m.Groups[1].Value)).Distinct().Single();
        var chart = Assert.Single(outputs, o => o.Contains("plotly-chart"));
        Assert.Contains($"Epoch [{epochs}/{epochs}]", chart);
        Assert.Contains(outputs, o => o.Contains($"Epoch [1/{epochs}]") && !o.Contains("plotly-chart")); // the lines came as they went
    }

    [Fact]
    public void A_failing_notebook_is_reported_by_cell_and_error_and_later_cells_still_run()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp["broken.dib"], """
            #!meta

            {"kernelInfo":{"defaultKernelName":"csharp","items":[{"aliases":[],"name":"csharp"}]}}

            #!csharp

            Console.WriteLine("first cell ran");

            #!markdown

            A markdown cell counts as a cell, as in the editor.

            #!csharp

            throw new InvalidOperationException("broken on purpose");

            #!csharp

            int notAnInt = "text";

            #!csharp

            Console.WriteLine("last cell ran");
            """);

        var run = NotebookRunner.Run(temp["broken.dib"], temp["out"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Collection(run.Errors,
            e => { Assert.Equal(3, e.Cell); Assert.Equal("throw new InvalidOperationException(\"broken on purpose\");", e.FirstLine); Assert.StartsWith("System.InvalidOperationException: broken on purpose", e.Message); },
            e => { Assert.Equal(4, e.Cell); Assert.Contains("CS0029", e.Message); });
        string report = run.Report();
        Assert.Contains("broken.dib", report);
        Assert.Contains("cell 3 (`throw new InvalidOperationException(\"broken on purpose\");`): System.InvalidOperationException: broken on purpose", report);
        Assert.Contains("last cell ran", File.ReadAllText(run.OutputNotebook!));
        Assert.Contains("broken on purpose", File.ReadAllText(temp["out/broken.html"]));
    }
}
