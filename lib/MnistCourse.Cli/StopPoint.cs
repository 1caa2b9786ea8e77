using System.Runtime.InteropServices;

namespace MnistCourse.Cli;

/// <summary>
/// Named points of a run where the fault tests stop the program, so that a kill lands exactly where a test
/// wants it (while checkpoint-best.ckpt is being written, after epoch 2, ...) instead of wherever a timer
/// happens to be. Set MNISTCOURSE_TEST_STOP_AT=name or name#n (the n-th time the point is reached) and
/// MNISTCOURSE_TEST_STOP_WITH=SIGKILL (default), SIGTERM, SIGINT or wait (until a SIGINT or SIGTERM). Unset, a point costs one comparison.
/// </summary>
/// <remarks>
/// Points: write:FILE (a file written atomically, complete in its temp file but not yet renamed, e.g.
/// write:checkpoint-best.ckpt), epoch-end (every output of an epoch written), batch (a training batch done),
/// start-up (the folder and options checked; libtorch and the data not yet loaded).
/// </remarks>
internal static class StopPoint
{
    public const string AtVariable = "MNISTCOURSE_TEST_STOP_AT";
    public const string WithVariable = "MNISTCOURSE_TEST_STOP_WITH";

    static readonly string? target;
    static readonly int occurrence = 1;
    static readonly string action = "SIGKILL";
    static readonly ManualResetEventSlim signalSeen = new();
    static int reached;

    static StopPoint()
    {
        if (Environment.GetEnvironmentVariable(AtVariable) is not { Length: > 0 } at) return;
        int hash = at.LastIndexOf('#');
        target = hash < 0 ? at : at[..hash];
        if (hash >= 0) occurrence = int.Parse(at[(hash + 1)..]);
        action = Environment.GetEnvironmentVariable(WithVariable) is { Length: > 0 } with ? with.ToUpperInvariant() : "SIGKILL";
    }

    /// <summary>Marks a point; stops the process there when the environment names it.</summary>
    public static void Reached(string name)
    {
        if (target is null || name != target || Interlocked.Increment(ref reached) != occurrence) return;
        Console.Error.WriteLine($"[test] stopping at {name}#{occurrence} with {action}");
        Console.Error.Flush();
        switch (action)
        {
            case "WAIT":
                // Until a signal arrives: the test does what it needs meanwhile (start a second run), then stops this one.
                signalSeen.Wait();
                break;
            case "SIGKILL":
                kill(Environment.ProcessId, 9);
                Thread.Sleep(Timeout.Infinite);
                break;
            default:
                // The handler runs on another thread; wait until it has seen the signal, so the test knows
                // exactly which work was already under way when the stop was requested.
                kill(Environment.ProcessId, action == "SIGINT" ? 2 : 15);
                signalSeen.Wait(TimeSpan.FromSeconds(30));
                break;
        }
    }

    /// <summary>Marks every file the library writes atomically as write:FILE, just before its rename; only when a test asked for a stop.</summary>
    public static void WatchWrites()
    {
        if (target is not null) AtomicFile.BeforeRename = name => Reached("write:" + name);
    }

    /// <summary>Called by the program's signal handler (see <see cref="Reached"/>).</summary>
    public static void SignalHandled() => signalSeen.Set();

    [DllImport("libc", SetLastError = true)]
    static extern int kill(int pid, int signal);
}
