using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Notebooks;

/// <summary>
/// The headless runs use dotnet-repl; learners use VS Code, whose extension drives the dotnet-interactive kernel
/// directly, in the notebook's folder. One chapter with training and charts runs that way too.
/// </summary>
[Collection(NotebookCollection.Name)]
public sealed class VsCodeKernelTests
{
    [Fact]
    public void A_chapter_runs_in_the_kernel_VS_Code_starts()
    {
        string notebook = Path.Combine(CliRunner.RepoRoot, "notebooks", "04-train-loop.dib");
        var failures = VsCodeKernel.Run(notebook, TimeSpan.FromMinutes(5));
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void A_failing_cell_is_seen_as_failed()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir["bad.dib"], "#!csharp\n\nConsole.WriteLine(1);\n\n#!csharp\n\nthrow new Exception(\"on purpose\");\n");
        var failures = VsCodeKernel.Run(dir["bad.dib"], TimeSpan.FromMinutes(2));
        Assert.Contains(failures, f => f.StartsWith("cell 2 (of 2): CommandFailed") && f.Contains("on purpose"));
    }
}
