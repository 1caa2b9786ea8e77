using System.Diagnostics;

namespace MnistCourse.Benchmarks;

/// <summary>Runs `mnist-course train` as a child process and reads its peak resident memory (see peer/peak_rss.py).</summary>
static class PeakMemory
{
    /// <summary>The CLI's peak RSS in MB, and its last line of output (the report's path, or an error).</summary>
    public static (double Megabytes, string[] Output) OfTraining(string dataset, int epochs, string python = "/usr/bin/python3")
    {
        string outDir = Path.Combine(Path.GetTempPath(), $"mnistcourse-benchmark-{Environment.ProcessId}");
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { Repository.Peer("peak_rss.py"), "dotnet", Repository.CliDll, "train", "--dataset", dataset,
                     "--epochs", epochs.ToString(), "--threads", "1", "--out", outDir })
            start.ArgumentList.Add(arg);
        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {python}");
            var output = process.StandardError.ReadToEndAsync();
            string peak = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            string[] lines = output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (process.ExitCode != 0 || !long.TryParse(peak, out long kib))
                throw new InvalidOperationException($"mnist-course train failed (exit {process.ExitCode}): {string.Join(" | ", lines.TakeLast(3))}");
            return (kib / 1024.0, lines);
        }
        finally
        {
            if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);
        }
    }
}
