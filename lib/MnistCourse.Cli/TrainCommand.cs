using MnistCourse.Data;
using MnistCourse.Reporting;
using MnistCourse.Runtime;
using MnistCourse.Training;

namespace MnistCourse.Cli;

/// <summary>`mnist-course train`: the source's complete example, from the terminal.</summary>
public static class TrainCommand
{
    public static int Run(TrainArguments args, CancellationToken cancel)
    {
        TorchRuntime.EnsureLoaded(args.Threads);
        var device = Devices.Choose(args.Device);

        var progress = Console.IsErrorRedirected ? null : new Progress<DownloadProgress>(p => DrawDownload(p));
        var locator = DataLocator.CreateDefault(args.DataDir, line => Console.Error.WriteLine(line), progress);
        var location = locator.Locate(args.Dataset, cancel);
        Console.WriteLine($"Data: {location}");
        using var data = MnistData.Load(location, device);

        Console.WriteLine($"Using device: {Devices.Describe(device)}");
        var trainer = Trainer.ForSimpleNet(args.Training, device, data.Dataset.InputSize, data.Dataset.ClassCount);
        var console = ConsoleReporter.ForConsole();
        var metrics = new MetricsCsv(Path.Combine(args.Out, "metrics.csv"));
        trainer.Listeners.Add(console);
        trainer.Listeners.Add(metrics);

        try
        {
            trainer.Fit(data, args.Training, cancel: cancel);
        }
        catch
        {
            console.ClearBar();
            if (trainer.History.Count > 0) Console.Error.WriteLine($"{trainer.History.Count} finished epoch(s) are in {metrics.Path}");
            throw;
        }
        Console.WriteLine($"Metrics: {metrics.Path}");
        return 0;
    }

    static void DrawDownload(DownloadProgress p)
    {
        string size = p.TotalBytes is long total ? $"{p.Bytes * 100 / Math.Max(total, 1)}% of {total / 1e6:F1} MB" : $"{p.Bytes / 1e6:F1} MB";
        Console.Error.Write($"\r  {p.File}: {size}   ");
        if (p.Bytes == p.TotalBytes) Console.Error.WriteLine();
    }
}
