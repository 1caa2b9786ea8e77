using System.Diagnostics;

namespace MnistCourse.Tests.Support;

/// <summary>
/// Executes an .ipynb in a real Jupyter client (`jupyter nbconvert --execute`, which drives the kernel through
/// nbclient) with the .NET (C#) kernel that environment/jupyter.sh registers, from a folder outside the repository,
/// as a Jupyter server started anywhere would. Writes the executed copy and its HTML page.
/// </summary>
public static class JupyterRunner
{
    public static NotebookRun Run(string ipynb, string outputDirectory, TimeSpan? timeout = null)
    {
        Directory.CreateDirectory(outputDirectory);
        using var elsewhere = new TempDirectory();
        var start = new ProcessStartInfo(Prerequisites.Jupyter.Path) { WorkingDirectory = elsewhere.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=.net-csharp",
                     "--ExecutePreprocessor.timeout=600", "--allow-errors", "--output-dir", elsewhere["out"], Path.GetFullPath(ipynb) })
            start.ArgumentList.Add(arg);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var limit = timeout ?? TimeSpan.FromMinutes(10);
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{ipynb} did not finish in Jupyter within {limit.TotalMinutes:F0} min");
        }
        string toolOutput = stdout.Result + stderr.Result;
        string written = Path.Combine(elsewhere["out"], Path.GetFileName(ipynb));
        if (!File.Exists(written))
            return new NotebookRun(ipynb, process.ExitCode, null, Array.Empty<NotebookError>(), clock.Elapsed, toolOutput);
        string executed = Path.Combine(outputDirectory, Path.GetFileName(ipynb));
        File.Move(written, executed, overwrite: true);
        NotebookHtml.Write(executed, Path.ChangeExtension(executed, ".html"));
        return new NotebookRun(ipynb, process.ExitCode, executed, NotebookRunner.ReadErrors(executed), clock.Elapsed, toolOutput);
    }
}
