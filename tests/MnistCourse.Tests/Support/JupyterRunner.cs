using System.Diagnostics;

namespace MnistCourse.Tests.Support;

/// <summary>
/// Executes an .ipynb in a real Jupyter client (`jupyter nbconvert --execute`, which drives the kernel through
/// nbclient) with the .NET (C#) kernel that environment/jupyter.sh registers, from a folder outside the repository,
/// as a Jupyter server started anywhere would. Writes the executed copy and its HTML page. With
/// <c>nbconvert: false</c> the same engine runs without nbconvert's command-line layer (execute_notebook.py).
/// </summary>
public static class JupyterRunner
{
    /// <param name="environment">Variables for the kernel (it inherits the client's), e.g. MNISTCOURSE_EPOCHS.</param>
    /// <param name="name">The executed copy's name (default: the notebook's).</param>
    /// <param name="data">Words for the data a MNISTCOURSE_DATA folder in <paramref name="environment"/> holds (see ExecutedCopy).</param>
    /// <param name="nbconvert">Run README's command, `jupyter nbconvert --execute`; false: nbclient directly (the same engine, a second and a half of CPU less).</param>
    public static NotebookRun Run(string ipynb, string outputDirectory, TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null, string? name = null, string? data = null, bool nbconvert = true)
    {
        Directory.CreateDirectory(outputDirectory);
        using var elsewhere = new TempDirectory();
        string source = Path.GetFullPath(ipynb);
        string written = Path.Combine(elsewhere["out"], Path.GetFileName(ipynb));
        var (program, args) = nbconvert
            ? (Prerequisites.Jupyter.Path, new[] { "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=.net-csharp",
                "--ExecutePreprocessor.timeout=600", "--allow-errors", "--output-dir", elsewhere["out"], source })
            : (Path.Combine(Path.GetDirectoryName(Prerequisites.Jupyter.Path)!, "python3"),
               new[] { Path.Combine(CliRunner.RepoRoot, "tests", "MnistCourse.Tests", "Support", "execute_notebook.py"), source, written, ".net-csharp", "600" });
        string host = nbconvert ? "jupyter nbconvert" : "Jupyter's nbclient";
        var clock = Stopwatch.StartNew();
        var result = ChildProcess.Run(program, args, elsewhere.Path, timeout ?? TimeSpan.FromMinutes(10), environment);
        // Two .NET kernels started at the same moment can both pick the first free HTTP port of their range and one
        // dies binding it ("address already in use") before running any cell: that start is tried once more.
        if (!File.Exists(written) && result.Output.Contains("Failed to bind to address"))
            result = ChildProcess.Run(program, args, elsewhere.Path, timeout ?? TimeSpan.FromMinutes(10), environment);
        string toolOutput = result.Output;
        if (!File.Exists(written))
            return new NotebookRun(ipynb, result.ExitCode, null, Array.Empty<NotebookError>(), clock.Elapsed, toolOutput, host);
        string executed = Path.Combine(outputDirectory, (name ?? Path.GetFileNameWithoutExtension(ipynb)) + ".ipynb");
        File.Move(written, executed, overwrite: true);
        ExecutedCopy.Annotate(executed, "jupyter", environment, data);
        NotebookHtml.Write(executed, Path.ChangeExtension(executed, ".html"));
        return new NotebookRun(ipynb, result.ExitCode, executed, NotebookRunner.ReadErrors(executed), clock.Elapsed, toolOutput, host);
    }
}
