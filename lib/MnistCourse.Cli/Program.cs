using MnistCourse.Cli;
using MnistCourse.Data;
using MnistCourse.Runtime;
using MnistCourse.Training;

// Exit codes: 0 done, 1 unexpected failure, 2 bad input (options, data, device), 130 interrupted.
const string Usage = "Usage: mnist-course train [options]   (mnist-course train --help for the options)";

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}
if (args[0] != "train")
{
    Console.Error.WriteLine($"mnist-course: unknown command '{args[0]}'. {Usage}");
    return 2;
}
if (args.Skip(1).Any(a => a is "-h" or "--help"))
{
    Console.WriteLine(TrainArguments.Help);
    return 0;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C stops after the current batch and keeps what is finished; a second one kills.
    if (stop.IsCancellationRequested) return;
    e.Cancel = true;
    Console.Error.WriteLine();
    Console.Error.WriteLine("Stopping after the current batch (Ctrl+C again to kill)...");
    stop.Cancel();
};

try
{
    return TrainCommand.Run(args.Skip(1).ToList(), stop.Token);
}
catch (Exception e) when (e is UsageException or DataException or DeviceUnavailableException or TorchLoadException or CheckpointException or ArgumentException)
{
    Console.Error.WriteLine($"mnist-course: {e.Message}");
    return 2;
}
catch (TrainingDivergedException e)
{
    Console.Error.WriteLine($"mnist-course: {e.Message}");
    return 1;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("mnist-course: interrupted.");
    return 130;
}
catch (Exception e) when (Environment.GetEnvironmentVariable("MNISTCOURSE_DEBUG") is null)
{
    Console.Error.WriteLine($"mnist-course: unexpected {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")} (set MNISTCOURSE_DEBUG=1 for the stack trace)");
    return 1;
}
