using System.CommandLine.Help;
using System.Runtime.InteropServices;
using MnistCourse;
using MnistCourse.Cli;
using MnistCourse.Data;
using MnistCourse.Runtime;
using MnistCourse.Training;

// Exit codes: 0 done; 1 the run failed (diverged, a write failed, anything unexpected); 2 bad input (options,
// data, output folder, checkpoint, a folder another run holds); 130 stopped by Ctrl+C (SIGINT); 143 by SIGTERM.
const string Usage = "Usage: mnist-course train [options]   (mnist-course train --help lists them)";

// The command line speaks English whatever LANG says: the library's texts follow the UI culture, and a Chinese
// locale would otherwise mix Chinese library lines into English CLI output.
MnistCourse.Localization.CourseLanguage.Use("en");

if (args.Length == 0)
{
    Console.Error.WriteLine(Usage);
    return 2;
}
var parse = TrainOptionTable.CreateRoot().Parse(args);
if (parse.Action is HelpAction) return parse.Invoke();
if (CommandLineErrors.FirstError(parse, args) is { } error)
{
    Console.Error.WriteLine($"mnist-course: {error}");
    return 2;
}

// SIGINT (Ctrl+C) and SIGTERM (kill, docker stop, CI timeouts) both stop after the current batch and keep what
// is finished; a second signal kills at once. Before training starts there is no batch to wait for, and the
// start-up (reading and hashing data, loading libtorch) may block in a read: a signal then exits at once.
using var stop = new CancellationTokenSource();
PosixSignal? stoppedBy = null;
bool training = false;
void OnStopSignal(PosixSignalContext context)
{
    if (stop.IsCancellationRequested) return;
    context.Cancel = true;
    stoppedBy = context.Signal;
    if (!Volatile.Read(ref training))
    {
        stop.Cancel();
        Console.Out.Flush();
        Environment.Exit(Interrupted());
    }
    Console.Error.WriteLine();
    Console.Error.WriteLine($"Stopping after the current batch ({(context.Signal == PosixSignal.SIGINT ? "Ctrl+C" : "SIGTERM")} again to kill)...");
    stop.Cancel();
    StopPoint.SignalHandled();
}
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnStopSignal);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnStopSignal);
int Interrupted()
{
    Console.Error.WriteLine($"mnist-course: interrupted by {(stoppedBy == PosixSignal.SIGTERM ? "SIGTERM" : "Ctrl+C")}.");
    return stoppedBy == PosixSignal.SIGTERM ? 143 : 130;
}

try
{
    int code = TrainCommand.Run(parse, stop.Token, () => Volatile.Write(ref training, true));
    return stop.IsCancellationRequested ? Interrupted() : code;
}
catch (Exception e) when (e is UsageException or DataException or DeviceUnavailableException or TorchLoadException or CheckpointException or RunFolderException)
{
    Console.Error.WriteLine($"mnist-course: {e.Message}");
    return 2;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    return Interrupted();
}
catch (Exception e) when (e is RunFailedException or TrainingDivergedException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"mnist-course: {e.Message.ReplaceLineEndings(" ")}");
    return 1;
}
catch (Exception e) when (Environment.GetEnvironmentVariable("MNISTCOURSE_DEBUG") is null)
{
    Console.Error.WriteLine($"mnist-course: unexpected {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")} (set MNISTCOURSE_DEBUG=1 for the stack trace)");
    return 1;
}
