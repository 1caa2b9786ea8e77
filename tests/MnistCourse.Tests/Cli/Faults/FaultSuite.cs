using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using MnistCourse.Reporting;
using MnistCourse.Tests.Support;
using MnistCourse.Training;

namespace MnistCourse.Tests.Cli.Faults;

/// <summary>
/// Shared pieces of the fault suite: small generated data, the uninterrupted runs that interrupted ones must
/// end up identical to, and the assertions every case makes (exit code, one error line naming the cause, no
/// stack trace).
/// </summary>
public static class FaultSuite
{
    /// <summary>3 epochs on 600 generated images; the step schedule makes every epoch's learning rate differ.</summary>
    public static readonly string[] Step = { "train", "--dataset", "mnist", "--epochs", "3", "--lr", "0.001", "--seed", "7", "--scheduler", "step", "--step-size", "1", "--gamma", "0.7", "--no-report" };
    public static readonly string[] StepWithReport = Step.Where(a => a != "--no-report").ToArray();
    public static readonly string[] Adam = { "train", "--dataset", "mnist", "--epochs", "3", "--optimizer", "adam", "--lr", "0.0005", "--seed", "3", "--no-report" };
    public static readonly string[] Cosine = { "train", "--dataset", "mnist", "--epochs", "3", "--lr", "0.002", "--seed", "5", "--scheduler", "cosine", "--no-report" };
    public static readonly string[] Plateau = { "train", "--dataset", "mnist", "--epochs", "4", "--lr", "0.05", "--seed", "11", "--scheduler", "plateau", "--patience", "0", "--gamma", "0.3", "--no-report" };

    static readonly Lazy<string> data = new(() =>
    {
        string dir = Path.Combine(Path.GetTempPath(), "mnistcourse-tests", "fault-data-" + Environment.ProcessId);
        SyntheticDigits.WriteDataset(dir, 600, 100);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(dir, recursive: true); } catch (IOException) { } };
        return dir;
    });

    /// <summary>The shared generated data set (read-only: cases that damage data make their own copy).</summary>
    public static string Data => data.Value;

    public static CliResult Run(IEnumerable<string> args, IDictionary<string, string?>? environment = null) =>
        CliRunner.Run(args, environment);

    /// <summary>A run of <paramref name="config"/> on the shared data into <paramref name="outDir"/>.</summary>
    public static CliResult Train(string[] config, string outDir, IDictionary<string, string?>? environment = null) =>
        Run(config.Concat(new[] { "--data-dir", Data, "--out", outDir }), environment);

    public static Dictionary<string, string?> StopAt(string point, string with = "SIGKILL") => new()
    {
        ["MNISTCOURSE_TEST_STOP_AT"] = point,
        ["MNISTCOURSE_TEST_STOP_WITH"] = with,
    };

    static readonly ConcurrentDictionary<string, Lazy<RunOutcome>> references = new();

    /// <summary>What an uninterrupted run of <paramref name="config"/> leaves (run once per test process).</summary>
    public static RunOutcome Reference(string[] config) => references.GetOrAdd(string.Join(' ', config), _ => new Lazy<RunOutcome>(() =>
    {
        string dir = Path.Combine(Path.GetTempPath(), "mnistcourse-tests", "reference-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var result = Train(config, dir);
            Assert.True(result.ExitCode == 0, result.Stderr);
            return RunOutcome.Of(result, dir);
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    })).Value;

    /// <summary>Exit code as expected, exactly one "mnist-course: " line holding every expected text, and no stack trace.</summary>
    public static void AssertFails(CliResult result, int exitCode, params string[] expected)
    {
        Assert.True(result.ExitCode == exitCode, $"exit {result.ExitCode}, expected {exitCode}\nstdout:\n{result.Stdout}\nstderr:\n{result.Stderr}");
        var errors = result.Stderr.Split('\n').Where(l => l.StartsWith("mnist-course: ", StringComparison.Ordinal)).ToArray();
        Assert.True(errors.Length == 1, $"expected one error line, got:\n{result.Stderr}");
        foreach (var text in expected) Assert.True(errors[0].Contains(text, StringComparison.Ordinal), $"'{text}' is not in: {errors[0]}");
        Assert.DoesNotContain("unexpected", errors[0]);
        AssertNoStackTrace(result);
    }

    public static void AssertNoStackTrace(CliResult result)
    {
        Assert.DoesNotMatch(new Regex(@"^\s+at \S", RegexOptions.Multiline), result.Stderr);
        Assert.DoesNotContain("Exception", result.Stderr);
        Assert.DoesNotContain("Exception", result.Stdout);
    }

    /// <summary>The resumed folder holds exactly what the uninterrupted run left.</summary>
    public static void AssertSameAsUninterrupted(string[] config, CliResult resumed, string outDir)
    {
        Assert.True(resumed.ExitCode == 0, $"resume exited {resumed.ExitCode}:\n{resumed.Stdout}\n{resumed.Stderr}");
        AssertNoStackTrace(resumed);
        var expected = Reference(config);
        var actual = RunOutcome.Of(resumed, outDir);
        Assert.Equal(expected.EpochLines, actual.EpochLines);
        Assert.Equal(expected.Metrics, actual.Metrics);
        Assert.Equal(expected.BestEpoch, actual.BestEpoch);
        Assert.Equal(expected.LastEpoch, actual.LastEpoch);
        Assert.Equal(expected.TensorBoardSteps, actual.TensorBoardSteps);
        Assert.Equal(expected.HasReport, actual.HasReport);
        Assert.Empty(Directory.GetFiles(outDir, "*.tmp", SearchOption.AllDirectories));
    }
}

/// <summary>A run's outputs, less what legitimately differs between two runs (the times).</summary>
public sealed record RunOutcome(string[] EpochLines, EpochResult[] Metrics, int BestEpoch, int LastEpoch, long[] TensorBoardSteps, bool HasReport)
{
    public static RunOutcome Of(CliResult result, string outDir) => new(
        EpochLinesOf(result.Stdout),
        MetricsCsv.Read(Path.Combine(outDir, "metrics.csv")).Select(r => r with { Seconds = 0 }).ToArray(),
        Checkpoint.ReadInfo(Path.Combine(outDir, Checkpoint.BestFile)).Epoch,
        Checkpoint.ReadInfo(Path.Combine(outDir, Checkpoint.LastFile)).Epoch,
        TensorBoardEventReader.ScalarSteps(Path.Combine(outDir, "tensorboard")).ToArray(),
        File.Exists(Path.Combine(outDir, "report.html")));

    /// <summary>The source's epoch lines a run printed, without their timings.</summary>
    public static string[] EpochLinesOf(string stdout) => stdout.Split('\n')
        .Where(l => l.StartsWith("Epoch [", StringComparison.Ordinal))
        .Select(l => l[..l.LastIndexOf(", Time:", StringComparison.Ordinal)])
        .ToArray();
}
