using System.Runtime.InteropServices;

namespace MnistCourse.Benchmarks;

/// <summary>
/// The CPU time this process has used (all its threads), beside the wall clock. On a machine shared with other
/// work, wall time also counts the time the scheduler gave to others; CPU time counts only this process's work,
/// so its ratios hold still while the load changes.
/// </summary>
static class CpuClock
{
    const int ClockProcessCpuTimeId = 2;

    [StructLayout(LayoutKind.Sequential)]
    struct TimeSpec { public long Seconds, Nanoseconds; }

    [DllImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    static extern int ClockGetTime(int clock, out TimeSpec time);

    public static double Seconds => ClockGetTime(ClockProcessCpuTimeId, out var t) == 0
        ? t.Seconds + t.Nanoseconds / 1e9
        : throw new InvalidOperationException($"clock_gettime(CLOCK_PROCESS_CPUTIME_ID) failed: errno {Marshal.GetLastPInvokeError()}");
}
