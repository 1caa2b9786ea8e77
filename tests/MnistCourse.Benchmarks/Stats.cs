namespace MnistCourse.Benchmarks;

static class Stats
{
    /// <summary>The middle value (the upper one of an even count): robust to the odd epoch a busy machine slows.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }
}
