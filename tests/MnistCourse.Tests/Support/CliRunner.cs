using System.Diagnostics;

namespace MnistCourse.Tests.Support;

public sealed record CliResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs the real mnist-course program (built beside the tests) as a child process.</summary>
public static class CliRunner
{
    /// <summary>lib/MnistCourse.Cli/bin/&lt;same configuration as the tests&gt;/net10.0/mnist-course.dll</summary>
    public static string CliDll
    {
        get
        {
            string testBin = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar); // tests/MnistCourse.Tests/bin/<Config>/net10.0
            string configuration = new DirectoryInfo(testBin).Parent!.Name;
            string dll = Path.Combine(RepoRoot, "lib", "MnistCourse.Cli", "bin", configuration, "net10.0", "mnist-course.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"build the CLI first: {dll} is missing");
        }
    }

    public static string RepoRoot => CoursePaths.RepositoryRoot ?? throw new InvalidOperationException("tests must run inside the repository");

    public static CliResult Run(IEnumerable<string> args, IDictionary<string, string?>? environment = null, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        // SIGINT at its default, as in a terminal: a suite started in the background (`cmd &` in a script) passes
        // SIGINT ignored to its children, and .NET then leaves it ignored, so Ctrl+C could not be tested.
        var start = new ProcessStartInfo("/usr/bin/env") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? RepoRoot };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(CliDll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["GLIBC_TUNABLES"] = HugePages.Tunables;
        foreach (var (k, v) in environment ?? new Dictionary<string, string?>()) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"mnist-course {string.Join(' ', args)} did not finish");
        }
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
