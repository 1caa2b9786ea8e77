using System.Diagnostics;
using System.Text.RegularExpressions;
using MnistCourse.Reporting;
using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Cli;

public class CliTrainTests
{
    static readonly Regex EpochLine = new(
        @"^Epoch \[(\d+)/(\d+)\], Train Loss: \d+\.\d{4}, Train Acc: \d+\.\d{2}%, Val Loss: \d+\.\d{4}, Val Acc: \d+\.\d{2}%, Time: \d+\.\d{2}s$");

    [Fact]
    public void Train_prints_the_device_and_the_sources_epoch_lines_and_writes_metrics_csv()
    {
        using var dir = new TempDirectory();
        SyntheticDigits.WriteDataset(dir["data"], 1000, 200);
        var result = CliRunner.Run(new[] { "train", "--data-dir", dir["data"], "--epochs", "3", "--out", dir["out"] });

        Assert.True(result.ExitCode == 0, result.Stderr);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("Using device: cpu", lines);
        Assert.Contains(lines, l => l.StartsWith("Data: MNIST from ") && l.Contains("(--data-dir)"));
        var epochs = lines.Where(l => l.StartsWith("Epoch")).ToArray();
        Assert.Equal(3, epochs.Length);
        for (int i = 0; i < 3; i++)
        {
            var match = EpochLine.Match(epochs[i]);
            Assert.True(match.Success, $"not the source's format: {epochs[i]}");
            Assert.Equal($"{i + 1}", match.Groups[1].Value);
            Assert.Equal("3", match.Groups[2].Value);
        }
        Assert.DoesNotContain('\r', result.Stdout); // no progress bar in redirected output

        string csv = dir["out/metrics.csv"];
        Assert.Equal(MetricsCsv.Header, File.ReadLines(csv).First());
        var rows = MetricsCsv.Read(csv);
        Assert.Equal(new[] { 1, 2, 3 }, rows.Select(r => r.Epoch));
        Assert.True(rows[^1].ValAccuracy > 80, $"val acc {rows[^1].ValAccuracy}");
        Assert.All(rows, r => Assert.Equal(0.01, r.LearningRate));
        Assert.Equal(rows.Select(r => r.SourceLine), epochs.Select(e => e[..e.LastIndexOf(", Time:")]));
        Assert.Empty(Directory.GetFiles(dir["out"], "*.tmp"));

        Assert.Contains($"Report: {dir["out/report.html"]}", lines);
        string html = File.ReadAllText(dir["out/report.html"]);
        Assert.Contains("Confusion matrix", html);
        Assert.Contains(rows[^1].SourceLine.Split(", ")[^1].Split(": ")[1], html); // the last val acc, e.g. 97.50%
        Assert.Single(Directory.GetFiles(dir["out/tensorboard"], "events.out.tfevents.*"));
        Assert.True(File.Exists(dir["out/checkpoint-last.ckpt"]) && File.Exists(dir["out/checkpoint-best.ckpt"]));
    }

    [Fact]
    public void No_report_skips_the_html()
    {
        using var dir = new TempDirectory();
        SyntheticDigits.WriteDataset(dir["data"], 200, 64);
        var result = CliRunner.Run(new[] { "train", "--data-dir", dir["data"], "--epochs", "1", "--no-report", "--out", dir["out"] });
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.False(File.Exists(dir["out/report.html"]));
        Assert.DoesNotContain("Report:", result.Stdout);
    }

    [Fact]
    public void A_terminal_gets_a_progress_bar()
    {
        using var dir = new TempDirectory();
        SyntheticDigits.WriteDataset(dir["data"], 20000, 200);
        // `script` runs the program on a pseudo-terminal, as a learner's shell would.
        // --no-report: the bar is the point here, and the report costs its process ~5 s of CPU (Plotly.NET's first use).
        string command = $"dotnet {CliRunner.CliDll} train --data-dir {dir["data"]} --epochs 1 --no-report --out {dir["out"]}";
        var start = new ProcessStartInfo("script", new[] { "-qec", command, "/dev/null" }) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(0, process.ExitCode);
        // A draw after some batches: the bar has advanced (the first draw, 0/313 with no '#', does not match).
        Assert.Matches(@"\rEpoch 1/1 \[#+-*\] [1-9]\d*/313 batches", output);
        Assert.Matches(@"\r *\rEpoch \[1/1\], Train Loss", output);
    }

    [Fact]
    public void Ctrl_C_stops_cleanly_keeps_the_finished_epochs_and_writes_their_report()
    {
        using var dir = new TempDirectory();
        SyntheticDigits.WriteDataset(dir["data"], 600, 100);
        // The stop point sends SIGINT right after epoch 1's outputs are written, so exactly 1 epoch is finished.
        var result = CliRunner.Run(new[] { "train", "--data-dir", dir["data"], "--epochs", "5", "--out", dir["out"] },
            new Dictionary<string, string?> { ["MNISTCOURSE_TEST_STOP_AT"] = "epoch-end#1", ["MNISTCOURSE_TEST_STOP_WITH"] = "SIGINT" });

        Assert.Equal(130, result.ExitCode);
        Assert.Contains("Stopping after the current batch (Ctrl+C again to kill)", result.Stderr);
        Assert.Contains("mnist-course: interrupted by Ctrl+C.", result.Stderr);
        Assert.DoesNotMatch(new Regex(@"^\s+at \S", RegexOptions.Multiline), result.Stderr); // no stack trace
        Assert.Single(MetricsCsv.Read(dir["out/metrics.csv"]));
        Assert.Contains($"1 finished epoch(s) are saved in {dir["out"]}; continue with --resume {dir["out"]}", result.Stderr);
        Assert.Contains("<td>1/5</td>", File.ReadAllText(dir["out/report.html"])); // the report of the finished epoch
    }

    /// <summary>run.json, the checkpoint and the report say what the trainer ran: Adam and its lr, a SimpleNet of 32 hidden units, StepLR.</summary>
    [Fact]
    public void The_run_records_say_what_ran()
    {
        using var dir = new TempDirectory();
        var result = Faults.FaultSuite.Run(new[] { "train", "--dataset", "mnist", "--epochs", "1", "--optimizer", "adam", "--lr", "0.002", "--hidden", "32",
            "--scheduler", "step", "--data-dir", Faults.FaultSuite.Data, "--out", dir["out"] });
        Assert.True(result.ExitCode == 0, result.Stderr);
        var ran = System.Text.Json.JsonDocument.Parse(File.ReadAllText(dir["out/run.json"])).RootElement.GetProperty("Ran");
        Assert.Equal("SimpleNet: Linear(784 → 32), ReLU, Linear(32 → 10)", ran.GetProperty("Model").GetString());
        Assert.Equal("Adam(lr=0.002)", ran.GetProperty("Optimizer").GetString());
        Assert.Equal("StepLR(step_size=5, gamma=0.5)", ran.GetProperty("Schedule").GetString());
        Assert.Equal($"{784 * 32 + 32 + 32 * 10 + 10}", ran.GetProperty("Parameters").GetString());
        var info = MnistCourse.Training.Checkpoint.ReadInfo(dir["out/checkpoint-last.ckpt"]);
        Assert.Equal(("Adam", 0.002, (int?)32), (info.Optimizer.Name, info.Optimizer.LearningRate, info.Hidden));
        string report = System.Net.WebUtility.HtmlDecode(File.ReadAllText(dir["out/report.html"]));
        Assert.Contains("Adam(lr=0.002)", report);
        Assert.Contains("StepLR(step_size=5, gamma=0.5)", report);
        Assert.DoesNotContain("SGD", report);
    }

    /// <summary>The CLI speaks English under a Chinese locale too: the library's lines it prints (where the data came from) are not Chinese.</summary>
    [Fact]
    public void A_Chinese_locale_does_not_mix_Chinese_into_the_command_lines_output()
    {
        using var dir = new TempDirectory();
        var result = Faults.FaultSuite.Run(new[] { "train", "--dataset", "mnist", "--epochs", "1", "--data-dir", Faults.FaultSuite.Data, "--out", dir["out"], "--no-report" },
            new Dictionary<string, string?> { ["LANG"] = "zh_CN.UTF-8", ["LC_ALL"] = "zh_CN.UTF-8" });
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains($"Data: MNIST from {Faults.FaultSuite.Data} (--data-dir)", result.Stdout);
        Assert.DoesNotContain("来自", result.Stdout);
    }
}
