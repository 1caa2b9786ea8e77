using System.Text.Json;
using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Notebooks;

/// <summary>
/// A Chinese chapter runs headlessly from notebooks/zh/ (its set-up cell finds the library one folder up) and what
/// the library shows comes out in Chinese: the chart titles and axes, the live chart, the exercise feedback.
/// It runs in Jupyter: dotnet-repl 0.3.259 garbles a multi-byte character that straddles a 4 KiB boundary of a .dib.
/// </summary>
public sealed class ChineseNotebookTests
{
    static string Artifacts => Path.Combine(CliRunner.RepoRoot, "artifacts", "jupyter", "zh");
    static string NotebookFolder => Path.Combine(CliRunner.RepoRoot, "notebooks", "zh");

    /// <summary>Every Chinese chapter; each runs once in the suite, here (the website shows these runs).</summary>
    public static string[] Chapters => Directory.GetFiles(NotebookFolder, "0*.ipynb").Select(Path.GetFileNameWithoutExtension)
        .Order(StringComparer.Ordinal).ToArray()!;

    public static TheoryData<string> ChapterData() => new(Chapters);

    static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<NotebookRun>> Runs = new();

    /// <summary>The Chinese chapter's one run in the suite, shared by the tests that read it (the website's too).</summary>
    public static NotebookRun Run(string chapter) =>
        Runs.GetOrAdd(chapter, c => new Lazy<NotebookRun>(() => JupyterRunner.Run(Path.Combine(NotebookFolder, c + ".ipynb"), Artifacts))).Value;

    [SkippableTheory]
    [MemberData(nameof(ChapterData))]
    public void A_Chinese_chapter_runs_in_Jupyter_without_an_error(string chapter)
    {
        Prerequisites.Require(Prerequisites.Jupyter);
        var run = Run(chapter);
        Assert.True(run.Passed, run.Report());
        Assert.DoesNotContain("\uFFFD", string.Concat(AnswerKeys.StreamOutputs(run.OutputNotebook!))); // no character lost on the way
        Assert.DoesNotContain("warning CS", OutputText(run.OutputNotebook!));   // the kernel's compiler warnings are not for learners
    }

    [SkippableFact]
    public void The_Chinese_overview_runs_and_its_charts_and_feedback_are_in_Chinese()
    {
        Prerequisites.Require(Prerequisites.Jupyter);
        var run = Run("00-overview");
        Assert.True(run.Passed, run.Report());

        string outputs = OutputText(run.OutputNotebook!);
        // The sample grid's title, built by the notebook's code in English ($"...: the first 16 validation images").
        Assert.Contains("：验证集的前 16 张图像", outputs);
        Assert.DoesNotContain("the first 16 validation images", outputs);
        // The live chart's curves: titles, axis and series names.
        Assert.Contains("\"text\":\"损失\"", outputs);
        Assert.Contains("\"text\":\"准确率\"", outputs);
        Assert.Contains("\"text\":\"轮次\"", outputs);
        Assert.Contains("\"name\":\"验证\"", outputs);
        Assert.DoesNotContain("curves appear here", outputs);
        // The exercise check cell, unanswered as CI leaves it.
        Assert.Contains("⏳ 练习 1：还没有作答。", outputs);
        Assert.DoesNotContain("提示", outputs);          // no hint before an attempt
        Assert.DoesNotContain("not answered yet", outputs);
        Assert.DoesNotContain("\uFFFD", string.Concat(AnswerKeys.StreamOutputs(run.OutputNotebook!))); // no character lost on the way
        Assert.True(File.Exists(Path.ChangeExtension(run.OutputNotebook, ".html")));
    }

    /// <summary>Every output of every cell as text: streams, HTML and plain-text displays.</summary>
    static string OutputText(string ipynb)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(ipynb));
        var text = new System.Text.StringBuilder();
        foreach (var cell in document.RootElement.GetProperty("cells").EnumerateArray())
        {
            if (!cell.TryGetProperty("outputs", out var outputs)) continue;
            foreach (var output in outputs.EnumerateArray())
            {
                if (output.TryGetProperty("text", out var stream)) text.AppendLine(NotebookHtml.Text(stream));
                if (output.TryGetProperty("data", out var data))
                    foreach (var value in data.EnumerateObject())
                        if (value.Value.ValueKind is JsonValueKind.String or JsonValueKind.Array) text.AppendLine(NotebookHtml.Text(value.Value));
            }
        }
        return text.ToString();
    }
}
