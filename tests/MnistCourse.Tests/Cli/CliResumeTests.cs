using System.Diagnostics;
using MnistCourse.Reporting;
using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Cli;

public class CliResumeTests
{
    static readonly string[] Run = { "train", "--epochs", "4", "--seed", "9", "--scheduler", "step", "--step-size", "1", "--dataset", "mnist" };

    /// <summary>The epoch lines a run printed, without their timings.</summary>
    static string[] EpochLines(string stdout) => stdout.Split('\n')
        .Where(l => l.StartsWith("Epoch ["))
        .Select(l => l[..l.LastIndexOf(", Time:")])
        .ToArray();

    [Fact]
    public void A_run_killed_with_SIGKILL_and_resumed_prints_exactly_the_uninterrupted_runs_metrics()
    {
        using var dir = new TempDirectory();
        SyntheticDigits.WriteDataset(dir["data"], 6000, 500);
        string[] data = { "--data-dir", dir["data"] };

        var whole = CliRunner.Run(Run.Concat(data).Concat(new[] { "--out", dir["whole"] }));
        Assert.True(whole.ExitCode == 0, whole.Stderr);

        // Kill the second run hard as soon as it has printed epoch 2 (checkpoints are written before printing).
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { CliRunner.CliDll }.Concat(Run).Concat(data).Concat(new[] { "--out", dir["killed"] })) start.ArgumentList.Add(a);
        using (var process = Process.Start(start)!)
        {
            string? line;
            while ((line = process.StandardOutput.ReadLine()) is not null && !line.StartsWith("Epoch [2/4]")) { }
            Assert.NotNull(line);
            process.Kill(); // SIGKILL: no handler runs, nothing is flushed
            process.WaitForExit();
        }
        int saved = MnistCourse.Training.Checkpoint.ReadInfo(dir["killed/checkpoint-last.ckpt"]).Epoch;
        Assert.InRange(saved, 2, 3);

        var resumed = CliRunner.Run(new[] { "train", "--resume", dir["killed"] }.Concat(data));
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Contains($"Resuming {dir["killed/checkpoint-last.ckpt"]}: {saved} of 4 epochs finished", resumed.Stdout);

        Assert.Equal(4, EpochLines(whole.Stdout).Length);
        Assert.Equal(EpochLines(whole.Stdout), EpochLines(resumed.Stdout));
        var expected = MetricsCsv.Read(dir["whole/metrics.csv"]).Select(r => r with { Seconds = 0 });
        var actual = MetricsCsv.Read(dir["killed/metrics.csv"]).Select(r => r with { Seconds = 0 });
        Assert.Equal(expected, actual);
        Assert.Equal(new[] { 0.01, 0.005, 0.0025, 0.00125 }, actual.Select(r => r.LearningRate));
    }

    [Fact]
    public void Resuming_a_missing_truncated_or_other_shape_checkpoint_exits_2_with_one_line()
    {
        using var dir = new TempDirectory();
        SyntheticDigits.WriteDataset(dir["data"], 200, 64);
        var first = CliRunner.Run(new[] { "train", "--epochs", "1", "--data-dir", dir["data"], "--out", dir["run"] });
        Assert.True(first.ExitCode == 0, first.Stderr);

        var missing = CliRunner.Run(new[] { "train", "--resume", dir["nothing"] });
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal($"mnist-course: {dir["nothing/checkpoint-last.ckpt"]}: no checkpoint there; train with --out {dir["nothing"]} first", missing.Stderr.Trim());

        var shape = CliRunner.Run(new[] { "train", "--resume", dir["run"], "--hidden", "64", "--epochs", "2", "--data-dir", dir["data"] });
        Assert.Equal(2, shape.ExitCode);
        Assert.Contains("holds SimpleNet(784, 128, 10), but this run builds SimpleNet(784, 64, 10)", shape.Stderr);
        Assert.Single(ErrorLines(shape.Stderr));

        string last = dir["run/checkpoint-last.ckpt"];
        var bytes = File.ReadAllBytes(last);
        File.WriteAllBytes(last, bytes[..(bytes.Length - 100)]);
        var cut = CliRunner.Run(new[] { "train", "--resume", dir["run"], "--data-dir", dir["data"] });
        Assert.Equal(2, cut.ExitCode);
        Assert.Contains($"{last}: truncated checkpoint", cut.Stderr);
        Assert.Single(ErrorLines(cut.Stderr));
    }

    // Generated data does not match MNIST's checksums, so warnings precede the error line.
    static string[] ErrorLines(string stderr) => stderr.Split('\n').Where(l => !l.StartsWith("Warning:") && l.Trim().Length > 0).ToArray();

    [Fact]
    public void A_finished_run_can_be_extended_with_more_epochs_and_logs_to_tensorboard()
    {
        using var dir = new TempDirectory();
        SyntheticDigits.WriteDataset(dir["data"], 300, 64);
        Assert.Equal(0, CliRunner.Run(new[] { "train", "--epochs", "2", "--data-dir", dir["data"], "--out", dir["run"] }).ExitCode);

        var again = CliRunner.Run(new[] { "train", "--resume", dir["run"], "--data-dir", dir["data"] });
        Assert.Contains("Nothing to do: all 2 epochs are finished", again.Stdout);

        var more = CliRunner.Run(new[] { "train", "--resume", dir["run"], "--epochs", "3", "--data-dir", dir["data"] });
        Assert.True(more.ExitCode == 0, more.Stderr);
        Assert.Contains("Epoch [3/3]", more.Stdout);
        Assert.Equal(new[] { 1, 2, 3 }, MetricsCsv.Read(dir["run/metrics.csv"]).Select(r => r.Epoch));
        Assert.Equal(2, Directory.GetFiles(dir["run/tensorboard"], "events.out.tfevents.*").Length);
    }
}
