using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Notebooks;

/// <summary>Jupyter runs use their own kernel process: they may run beside the dotnet-repl ones.</summary>
[CollectionDefinition(Name)]
public sealed class JupyterCollection
{
    public const string Name = "Jupyter";
}

/// <summary>
/// The Jupyter route: every chapter's .ipynb is generated from its .dib, and chapters with training and charts run
/// in a real Jupyter client with the .NET (C#) kernel that environment/jupyter.sh registers.
/// </summary>
[Collection(JupyterCollection.Name)]
public sealed partial class JupyterTests
{
    static string Root => CliRunner.RepoRoot;

    /// <summary>The chapters that run in Jupyter (and therefore nowhere else in the suite): charts and the live chart.</summary>
    public static readonly string[] Chapters = { "00-overview", "04-train-loop", "06-complete-example" };

    public static TheoryData<string> ChapterData() => new(Chapters);

    /// <summary>
    /// Chapter 06 runs on a small generated data set with a fixed seed and epochs, so that CompleteExampleTests can
    /// compare its hand-written loop's lines with the example script's and the CLI's from this same run.
    /// </summary>
    public const int CompleteExampleEpochs = 2, CompleteExampleSeed = 7;
    public static string CompleteExampleData => Path.Combine(Root, "artifacts", "complete-example-data");

    static readonly ConcurrentDictionary<string, Lazy<NotebookRun>> Runs = new();

    const int CompleteExampleTrain = 1000, CompleteExampleTest = 200;
    static readonly Lazy<bool> CompleteExampleWritten = new(() => { SyntheticDigits.WriteDataset(CompleteExampleData, CompleteExampleTrain, CompleteExampleTest); return true; });

    /// <summary>
    /// Chapter 06 runs in the suite on a small generated data set for a few epochs, in both editions, so the suite can
    /// compare it with the example script and the CLI line by line (and does not train full Fashion-MNIST twice). The
    /// website's note under each run says so, in the edition's language.
    /// </summary>
    internal static (Dictionary<string, string> Environment, string Data) CompleteExampleSettings(bool chinese)
    {
        _ = CompleteExampleWritten.Value;
        var environment = new Dictionary<string, string>
        {
            ["MNISTCOURSE_DATA"] = CompleteExampleData,
            ["MNISTCOURSE_EPOCHS"] = $"{CompleteExampleEpochs}",
            ["MNISTCOURSE_SEED"] = $"{CompleteExampleSeed}",
        };
        string data = chinese ? $"生成的数字图像：训练集 {CompleteExampleTrain} 张，验证集 {CompleteExampleTest} 张"
                              : $"{CompleteExampleTrain} training and {CompleteExampleTest} validation images of generated digits";
        return (environment, data);
    }

    /// <summary>The chapter's one run in the suite, shared by the tests that read it.</summary>
    public static NotebookRun Run(string chapter) =>
        Runs.GetOrAdd(chapter, c => new Lazy<NotebookRun>(() => RunWithAnswerKey(c))).Value;

    static NotebookRun RunWithAnswerKey(string chapter)
    {
        var environment = new Dictionary<string, string>();
        string? data = null;
        if (chapter == "06-complete-example") (environment, data) = CompleteExampleSettings(chinese: false);
        // The chapter's cells, then its answer key (see AnswerKeys), in a copy beside it, where the kernel starts.
        var notebook = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "notebooks", chapter + ".ipynb")))!.AsObject();
        var cells = notebook["cells"]!.AsArray();
        int n = 0;
        foreach (string code in AnswerKeys.ExtraCells(chapter + ".dib"))
            cells.Add(new JsonObject
            {
                ["id"] = $"answer-key-{++n}", ["cell_type"] = "code", ["execution_count"] = null,
                ["metadata"] = new JsonObject(), ["outputs"] = new JsonArray(), ["source"] = code,
            });
        string copy = Path.Combine(Root, "notebooks", $"_run-{chapter}.ipynb");
        try
        {
            File.WriteAllText(copy, notebook.ToJsonString());
            return JupyterRunner.Run(copy, Path.Combine(Root, "artifacts", "jupyter"), environment: environment, name: chapter, data: data);
        }
        finally { File.Delete(copy); }
    }

    static (int ExitCode, string Output) Generator(params string[] args)
    {
        var result = ChildProcess.Run("dotnet", new[] { "run", "environment/ipynb.cs", "--" }.Concat(args), Root, TimeSpan.FromMinutes(3));
        return (result.ExitCode, result.Output);
    }

    [Fact]
    public void Every_committed_ipynb_is_what_the_generator_makes_from_its_dib()
    {
        var (code, output) = Generator("--check");
        Assert.True(code == 0, output);
    }

    [Fact]
    public void A_hand_edited_or_missing_ipynb_is_named()
    {
        using var copy = new TempDirectory();
        File.WriteAllText(copy["MnistCourse.sln"], "");
        Directory.CreateDirectory(copy["notebooks"]);
        foreach (string file in Directory.GetFiles(Path.Combine(Root, "notebooks")).Where(f => Path.GetFileName(f) is ['0', '1' or '2', '-', ..]))
            File.Copy(file, Path.Combine(copy["notebooks"], Path.GetFileName(file)));
        string edited = Directory.GetFiles(copy["notebooks"], "01-*.ipynb").Single();
        File.WriteAllText(edited, File.ReadAllText(edited).Replace("SimpleNet", "SimplerNet"));
        File.Delete(Directory.GetFiles(copy["notebooks"], "02-*.ipynb").Single());

        var (code, output) = Generator("--check", "--root", copy.Path);

        Assert.Equal(1, code);
        Assert.Contains($"notebooks/{Path.GetFileName(edited)} differs from its .dib", output);
        Assert.Contains("notebooks/02-device.ipynb is missing", output);
    }

    [SkippableFact]
    public void Jupyter_s_kernel_spec_starts_the_kernel_with_the_course_s_runtime_settings()
    {
        Prerequisites.Require(Prerequisites.Jupyter);
        using var spec = JsonDocument.Parse(File.ReadAllText(Prerequisites.JupyterKernelSpec!));
        var env = spec.RootElement.GetProperty("env").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal(KernelRuntime.Settings.OrderBy(p => p.Key), env.OrderBy(p => p.Key)!);
        Assert.Equal("2000", KernelRuntime.Settings["DOTNET_TC_CallCountingDelayMs"]);
    }

    [Fact]
    public void The_generated_notebooks_are_nbformat_4_5_for_the_dotnet_kernel_without_outputs()
    {
        foreach (string ipynb in Directory.GetFiles(Path.Combine(Root, "notebooks"), "*.ipynb", SearchOption.AllDirectories))
        {
            if (Path.GetFileName(ipynb).StartsWith('_')) continue; // a test's copy of a chapter, for the moment it runs
            using var document = JsonDocument.Parse(File.ReadAllText(ipynb));
            var notebook = document.RootElement;
            Assert.Equal((4, 5), (notebook.GetProperty("nbformat").GetInt32(), notebook.GetProperty("nbformat_minor").GetInt32()));
            Assert.Equal(".net-csharp", notebook.GetProperty("metadata").GetProperty("kernelspec").GetProperty("name").GetString());
            var cells = notebook.GetProperty("cells").EnumerateArray().ToList();
            Assert.Equal(cells.Count, cells.Select(c => c.GetProperty("id").GetString()).Distinct().Count());
            Assert.All(cells.Where(c => c.TryGetProperty("outputs", out _)), c => Assert.Equal(0, c.GetProperty("outputs").GetArrayLength()));
        }
    }

    [SkippableTheory]
    [MemberData(nameof(ChapterData))]
    public void A_chapter_runs_in_Jupyter_each_training_cell_ends_showing_its_final_epoch_and_its_answer_key_holds(string chapter)
    {
        Prerequisites.Require(Prerequisites.Jupyter);
        var run = Run(chapter);
        Assert.True(run.Passed, run.Report());
        AnswerKeys.AssertProven(chapter + ".dib", AnswerKeys.StreamOutputs(run.OutputNotebook!));

        using var document = JsonDocument.Parse(File.ReadAllText(run.OutputNotebook!));
        int trainingCells = 0;
        foreach (var cell in document.RootElement.GetProperty("cells").EnumerateArray().Where(c => c.GetProperty("cell_type").GetString() == "code"))
        {
            var outputs = cell.GetProperty("outputs").EnumerateArray().Select(OutputText).ToList();
            Assert.DoesNotContain(outputs, o => o.Contains("warning CS"));
            var epochs = outputs.SelectMany(o => EpochLine().Matches(o)).Select(m => (Epoch: int.Parse(m.Groups[1].Value), Of: int.Parse(m.Groups[2].Value))).ToList();
            if (epochs.Count == 0) continue;
            trainingCells++;
            int last = epochs.Max(e => e.Of);
            string source = string.Concat(cell.GetProperty("source").EnumerateArray().Select(l => l.GetString()));
            Assert.True(outputs[^1].Contains($"Epoch [{last}/{last}]"), $"{chapter}: the last output of a training cell lacks `Epoch [{last}/{last}]`:\n{source}");
            if (source.Contains("LiveChart()"))
            {
                var charts = outputs.Where(o => o.Contains("class=\"plotly-chart\"")).ToList();
                var chart = Assert.Single(charts); // one final chart, not one per epoch
                Assert.Same(outputs[^1], chart);
                Assert.Equal(2, Regex.Matches(chart, "class=\"plotly-chart\"").Count); // loss and accuracy
                Assert.Contains($"\"x\":[{string.Join(",", Enumerable.Range(1, last))}]", chart.Replace(" ", "")); // every epoch on the curves
            }
        }
        Assert.True(trainingCells > 0, $"{chapter}: no cell printed an epoch line");
    }

    static string OutputText(JsonElement output)
    {
        if (output.TryGetProperty("text", out var text)) return Join(text);
        if (output.TryGetProperty("data", out var data))
            return string.Concat(data.EnumerateObject().Select(p => Join(p.Value)));
        if (output.TryGetProperty("evalue", out var error)) return error.GetString() ?? "";
        return "";
    }

    static string Join(JsonElement e) => e.ValueKind == JsonValueKind.Array ? string.Concat(e.EnumerateArray().Select(l => l.GetString())) : e.GetString() ?? "";

    [GeneratedRegex(@"Epoch \[(\d+)/(\d+)\]")]
    private static partial Regex EpochLine();
}
