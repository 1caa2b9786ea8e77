using System.Diagnostics;
using System.Text.Json;
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

    static (int ExitCode, string Output) Generator(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "run", "environment/ipynb.cs", "--" }.Concat(args)) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
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

    [Fact]
    public void The_generated_notebooks_are_nbformat_4_5_for_the_dotnet_kernel_without_outputs()
    {
        foreach (string ipynb in Directory.GetFiles(Path.Combine(Root, "notebooks"), "*.ipynb", SearchOption.AllDirectories))
        {
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
    public void A_chapter_runs_in_Jupyter_and_each_training_cell_ends_showing_its_final_epoch(string chapter)
    {
        Prerequisites.Require(Prerequisites.Jupyter);
        var run = JupyterRunner.Run(Path.Combine(Root, "notebooks", chapter + ".ipynb"), Path.Combine(Root, "artifacts", "jupyter"));
        Assert.True(run.Passed, run.Report());

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
