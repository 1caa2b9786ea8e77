using System.Globalization;

namespace MnistCourse.Course;

/// <summary>
/// A value a notebook cell sets for the learner to edit (epochs, seed), which the course's tests can override
/// with an environment variable, MNISTCOURSE_&lt;NAME&gt; (e.g. MNISTCOURSE_EPOCHS=2), to run a chapter small
/// and fast. Unset, the cell's own value is used.
/// </summary>
public static class CourseSetting
{
    internal static string VariableName(string name) => "MNISTCOURSE_" + name.ToUpperInvariant().Replace('-', '_');

    public static int Get(string name, int value) => (int)Get(name, (long)value, int.MinValue, int.MaxValue);

    public static long Get(string name, long value) => Get(name, value, long.MinValue, long.MaxValue);

    static long Get(string name, long value, long min, long max)
    {
        string variable = VariableName(name);
        string? text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(text)) return value;
        if (!long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed) || parsed < min || parsed > max)
            throw new ArgumentException($"{variable}={text} is not a whole number; set it to one (e.g. {variable}=2) or unset it");
        return parsed;
    }
}
