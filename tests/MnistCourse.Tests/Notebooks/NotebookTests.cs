using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Notebooks;

/// <summary>Notebook kernels take ~1 GB each: run them one at a time, and not beside other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NotebookCollection
{
    public const string Name = "Notebooks";
}

[Collection(NotebookCollection.Name)]
public sealed class NotebookTests
{
    static string NotebookFolder => Path.Combine(CliRunner.RepoRoot, "notebooks");
    static string Artifacts => Path.Combine(CliRunner.RepoRoot, "artifacts", "notebooks");

    /// <summary>Every notebook but the shared set-up, which is not meant to run on its own.</summary>
    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (string path in Directory.GetFiles(NotebookFolder, "*.dib").Order(StringComparer.Ordinal))
            if (Path.GetFileName(path) != "_setup.dib") data.Add(Path.GetFileName(path));
        return data;
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Notebook_runs_every_cell_without_an_error(string notebook)
    {
        var run = NotebookRunner.Run(Path.Combine(NotebookFolder, notebook), Artifacts);

        Assert.True(run.Passed, run.Report());
        Assert.True(File.Exists(Path.ChangeExtension(run.OutputNotebook, ".html")));
    }

    [Fact]
    public void A_notebook_runs_when_dotnet_repl_starts_outside_the_repository()
    {
        using var elsewhere = new TempDirectory();
        var run = NotebookRunner.Run(Path.Combine(NotebookFolder, "02-device.dib"), elsewhere["out"], workingDirectory: elsewhere.Path);
        Assert.True(run.Passed, run.Report());
        Assert.Contains("MnistCourse is ready", File.ReadAllText(run.OutputNotebook!));
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
