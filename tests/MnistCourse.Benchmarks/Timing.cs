using System.Diagnostics;

namespace MnistCourse.Benchmarks;

/// <summary>How long something took: wall-clock seconds and the CPU seconds this process spent on it (see <see cref="CpuClock"/>).</summary>
readonly record struct Timing(double Wall, double Cpu)
{
    public static Timing Of(Action action)
    {
        double cpu = CpuClock.Seconds;
        var clock = Stopwatch.StartNew();
        action();
        return new Timing(clock.Elapsed.TotalSeconds, CpuClock.Seconds - cpu);
    }

    public static Timing operator +(Timing a, Timing b) => new(a.Wall + b.Wall, a.Cpu + b.Cpu);

    public override string ToString() => $"{Wall:F3}s (cpu {Cpu:F3})";

    /// <summary>Medians of wall and CPU time taken separately.</summary>
    public static Timing Median(IReadOnlyCollection<Timing> samples) =>
        new(Stats.Median(samples.Select(s => s.Wall)), Stats.Median(samples.Select(s => s.Cpu)));
}
