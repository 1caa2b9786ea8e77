using MnistCourse.Reporting;
using MnistCourse.Tests.Support;
using MnistCourse.Training;

namespace MnistCourse.Tests.Cli.Faults;

/// <summary>
/// A run stopped at a named point (see lib/MnistCourse.Cli/StopPoint.cs): SIGKILL anywhere, including in the middle of each
/// file's atomic write; SIGTERM and SIGINT stop cleanly, say what was saved, and write the report. In every case
/// `--resume` then ends with exactly the outputs of a run that was never stopped.
/// </summary>
public abstract class SignalFaultTests
{
    // (configuration, stop point, signal)
    protected static readonly Dictionary<string, (string[] Config, string Point, string Signal)> Cases = new()
    {
        ["SIGKILL in batch 5 (epoch 1)"] = (FaultSuite.Step, "batch#5", "SIGKILL"),
        ["SIGKILL in batch 15 (epoch 2)"] = (FaultSuite.Step, "batch#15", "SIGKILL"),
        ["SIGKILL writing checkpoint-last, epoch 1"] = (FaultSuite.Step, "write:checkpoint-last.ckpt#1", "SIGKILL"),
        ["SIGKILL writing checkpoint-last, epoch 2"] = (FaultSuite.Step, "write:checkpoint-last.ckpt#2", "SIGKILL"),
        ["SIGKILL writing checkpoint-last, last epoch"] = (FaultSuite.Step, "write:checkpoint-last.ckpt#3", "SIGKILL"),
        ["SIGKILL writing checkpoint-best, epoch 1"] = (FaultSuite.Step, "write:checkpoint-best.ckpt#1", "SIGKILL"),
        ["SIGKILL writing checkpoint-best, last epoch"] = (FaultSuite.Step, "write:checkpoint-best.ckpt#3", "SIGKILL"),
        ["SIGKILL writing metrics.csv, epoch 2"] = (FaultSuite.Step, "write:metrics.csv#2", "SIGKILL"),
        ["SIGKILL writing metrics.csv, last epoch"] = (FaultSuite.Step, "write:metrics.csv#3", "SIGKILL"),
        ["SIGKILL after epoch 2"] = (FaultSuite.Step, "epoch-end#2", "SIGKILL"),
        ["SIGKILL writing the report"] = (FaultSuite.StepWithReport, "write:report.html", "SIGKILL"),
        ["SIGTERM in batch 15"] = (FaultSuite.Step, "batch#15", "SIGTERM"),
        ["SIGTERM writing checkpoint-last, epoch 2"] = (FaultSuite.Step, "write:checkpoint-last.ckpt#2", "SIGTERM"),
        ["SIGTERM writing checkpoint-best, last epoch"] = (FaultSuite.Step, "write:checkpoint-best.ckpt#3", "SIGTERM"),
        ["SIGTERM in batch 15, with report"] = (FaultSuite.StepWithReport, "batch#15", "SIGTERM"),
        ["SIGTERM writing the report"] = (FaultSuite.StepWithReport, "write:report.html", "SIGTERM"),
        ["SIGINT in batch 25 (epoch 3)"] = (FaultSuite.Step, "batch#25", "SIGINT"),
        ["SIGINT after epoch 1"] = (FaultSuite.Step, "epoch-end#1", "SIGINT"),
        ["SIGINT writing metrics.csv, epoch 1"] = (FaultSuite.Step, "write:metrics.csv#1", "SIGINT"),
        ["Adam, SIGKILL in batch 15"] = (FaultSuite.Adam, "batch#15", "SIGKILL"),
        ["Adam, SIGKILL writing checkpoint-last, epoch 2"] = (FaultSuite.Adam, "write:checkpoint-last.ckpt#2", "SIGKILL"),
        ["cosine, SIGKILL in batch 15"] = (FaultSuite.Cosine, "batch#15", "SIGKILL"),
        ["cosine, SIGTERM after epoch 2"] = (FaultSuite.Cosine, "epoch-end#2", "SIGTERM"),
        ["plateau, SIGKILL in batch 25"] = (FaultSuite.Plateau, "batch#25", "SIGKILL"),
        ["plateau, SIGKILL after epoch 3"] = (FaultSuite.Plateau, "epoch-end#3", "SIGKILL"),
    };

    protected static TheoryData<string> NamesWhere(Func<int, bool> part) => new(Cases.Keys.Where((_, i) => part(i)));

    protected static void StopThenResume(string name)
    {
        var (config, point, signal) = Cases[name];
        using var dir = new TempDirectory();
        string run = dir["run"];

        var stopped = FaultSuite.Train(config, run, FaultSuite.StopAt(point, signal));
        Assert.Contains($"[test] stopping at {point}", stopped.Stderr); // the point was really reached
        int epochs = int.Parse(config[Array.IndexOf(config, "--epochs") + 1]);
        int saved = File.Exists(Path.Combine(run, Checkpoint.LastFile)) ? Checkpoint.ReadInfo(Path.Combine(run, Checkpoint.LastFile)).Epoch : 0;
        if (signal == "SIGKILL")
        {
            Assert.Equal(137, stopped.ExitCode);
        }
        else
        {
            // A clean stop: the signal's exit code, one line saying so, and a true count of what was saved.
            FaultSuite.AssertFails(stopped, signal == "SIGTERM" ? 143 : 130, $"interrupted by {(signal == "SIGTERM" ? "SIGTERM" : "Ctrl+C")}");
            int rows = File.Exists(Path.Combine(run, "metrics.csv")) ? MetricsCsv.Read(Path.Combine(run, "metrics.csv")).Count : 0;
            Assert.Equal(saved, rows);
            if (saved > 0 && saved < epochs) Assert.Contains($"{saved} finished epoch(s) are saved in {run}; continue with --resume {run}", stopped.Stderr);
            if (saved > 0) Assert.Equal(config.Contains("--no-report") ? false : true, File.Exists(Path.Combine(run, "report.html")));
            Assert.Empty(Directory.GetFiles(run, "*.tmp", SearchOption.AllDirectories));
        }

        var resumed = FaultSuite.Run(new[] { "train", "--resume", run });
        FaultSuite.AssertSameAsUninterrupted(config, resumed, run);
        Assert.Contains($"Resuming {run}", resumed.Stdout);
    }
}

public class SignalFaultTestsA : SignalFaultTests
{
    public static TheoryData<string> Names => NamesWhere(i => i % 2 == 0);

    [Theory]
    [MemberData(nameof(Names))]
    public void A_stopped_run_resumes_to_the_uninterrupted_result(string name) => StopThenResume(name);
}

public class SignalFaultTestsB : SignalFaultTests
{
    public static TheoryData<string> Names => NamesWhere(i => i % 2 == 1);

    [Theory]
    [MemberData(nameof(Names))]
    public void A_stopped_run_resumes_to_the_uninterrupted_result(string name) => StopThenResume(name);
}

/// <summary>
/// A signal during start-up (options and folder checked; libtorch, data reading and hashing still to come): there
/// is no batch to finish, so the program exits at once with the signal's code and writes nothing.
/// </summary>
public class StartUpSignalTests
{
    [Theory]
    [InlineData("SIGTERM", 143, "SIGTERM")]
    [InlineData("SIGINT", 130, "Ctrl+C")]
    public void A_signal_before_the_first_batch_exits_at_once_leaving_no_run_behind(string signal, int exitCode, string said)
    {
        using var dir = new TempDirectory();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = FaultSuite.Train(FaultSuite.Step, dir["run"], FaultSuite.StopAt("start-up", signal));
        Assert.Contains("[test] stopping at start-up", result.Stderr);
        FaultSuite.AssertFails(result, exitCode, $"interrupted by {said}");
        Assert.DoesNotContain("Stopping after the current batch", result.Stderr);
        Assert.DoesNotContain("Data:", result.Stdout);
        Assert.Empty(Directory.GetFileSystemEntries(dir["run"])); // no run.json, no lock file, nothing
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed.TotalSeconds:F0} s");
    }
}
