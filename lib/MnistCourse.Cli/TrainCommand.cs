using MnistCourse.Data;
using MnistCourse.Reporting;
using MnistCourse.Runtime;
using MnistCourse.Training;

namespace MnistCourse.Cli;

/// <summary>`mnist-course train`: the source's complete example, from the terminal.</summary>
public static class TrainCommand
{
    public static int Run(IReadOnlyList<string> commandLine, CancellationToken cancel)
    {
        var args = TrainArguments.Parse(commandLine);
        CheckpointInfo? resumed = null;
        string resumePath = "";
        if (args.Resume is { } resumeDir)
        {
            // A resumed run keeps the checkpoint's options; what the user typed now still wins.
            resumePath = Path.Combine(resumeDir, Checkpoint.LastFile);
            resumed = Checkpoint.ReadInfo(resumePath);
            args = TrainArguments.Parse(commandLine, resumed.Options);
            args = args with
            {
                Dataset = args.Given.Contains("--dataset") ? args.Dataset : resumed.Dataset,
                Out = args.Given.Contains("--out") ? args.Out : resumeDir,
            };
        }
        var options = args.Training;

        TorchRuntime.EnsureLoaded(args.Threads);
        var device = Devices.Choose(args.Device);

        var progress = Console.IsErrorRedirected ? null : new Progress<DownloadProgress>(DrawDownload);
        var locator = DataLocator.CreateDefault(args.DataDir, line => Console.Error.WriteLine(line), progress);
        var location = locator.Locate(args.Dataset, cancel);
        Console.WriteLine($"Data: {location}");
        using var data = MnistLikeData.Load(location, device);

        Console.WriteLine($"Using device: {Devices.Describe(device)}");
        var trainer = Trainer.ForSimpleNet(options, device, data.InputSize, data.ClassCount);
        var console = ConsoleReporter.ForConsole();
        var metrics = new MetricsCsv(Path.Combine(args.Out, "metrics.csv"));
        int firstEpoch = 1;
        if (resumed is not null)
        {
            Checkpoint.Restore(resumePath, trainer);
            firstEpoch = resumed.Epoch + 1;
            metrics.Seed(resumed.History);
            Console.WriteLine($"Resuming {resumePath}: {resumed.Epoch} of {options.Epochs} epochs finished");
            foreach (var earlier in resumed.History) console.Print(earlier with { Epochs = options.Epochs });
            if (firstEpoch > options.Epochs)
            {
                Console.WriteLine($"Nothing to do: all {options.Epochs} epochs are finished (pass --epochs N to train further).");
                return 0;
            }
        }

        // Checkpoints first: once an epoch's line is printed, it is saved.
        trainer.Listeners.Add(new CheckpointWriter(args.Out));
        trainer.Listeners.Add(metrics);
        trainer.Listeners.Add(new TensorBoardLogger(Path.Combine(args.Out, "tensorboard")));
        trainer.Listeners.Add(console);
        var report = args.Report
            ? new ReportListener(Path.Combine(args.Out, "report.html"))
            : null;
        if (report is not null) trainer.Listeners.Add(report);

        try
        {
            trainer.Fit(data, firstEpoch, cancel);
        }
        catch
        {
            console.ClearBar();
            if (trainer.History.Count > 0)
                Console.Error.WriteLine($"{trainer.History.Count} finished epoch(s) are in {metrics.Path}; continue with --resume {args.Out}");
            throw;
        }
        Console.WriteLine($"Metrics: {metrics.Path}");
        if (report is not null) Console.WriteLine($"Report: {report.Path}");
        return 0;
    }

    static void DrawDownload(DownloadProgress p)
    {
        string size = p.TotalBytes is long total ? $"{p.Bytes * 100 / Math.Max(total, 1)}% of {total / 1e6:F1} MB" : $"{p.Bytes / 1e6:F1} MB";
        Console.Error.Write($"\r  {p.File}: {size}   ");
        if (p.Bytes == p.TotalBytes) Console.Error.WriteLine();
    }
}
