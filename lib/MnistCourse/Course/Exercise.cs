using System.Globalization;

namespace MnistCourse.Course;

/// <summary>
/// Checks a learner's answer to an end-of-chapter exercise and says so in one line. An unanswered exercise
/// (null) is not a failure: the notebooks run headlessly in CI with every answer still blank.
/// </summary>
public static class Exercise
{
    public static string Check<T>(string name, T? answer, T expected, string hint) where T : struct =>
        answer is null ? Unanswered(name, hint)
        : EqualityComparer<T>.Default.Equals(answer.Value, expected) ? Correct(name, answer.Value)
        : Wrong(name, answer.Value, hint);

    public static string Check(string name, string? answer, string expected, string hint) =>
        string.IsNullOrWhiteSpace(answer) ? Unanswered(name, hint)
        : string.Equals(answer.Trim(), expected, StringComparison.OrdinalIgnoreCase) ? Correct(name, answer.Trim())
        : Wrong(name, answer.Trim(), hint);

    /// <summary>For numbers that come out of a computation: right within <paramref name="tolerance"/>.</summary>
    public static string Check(string name, double? answer, double expected, double tolerance, string hint) =>
        answer is null ? Unanswered(name, hint)
        : Math.Abs(answer.Value - expected) <= tolerance ? Correct(name, answer.Value)
        : Wrong(name, answer.Value, hint);

    // The name and hint come from the notebook's code, in English in both editions: Texts translates them.
    internal static string Correct(string name, object answer) => Texts.Format("✅ {0}: {1} is right.", Texts.Localize(name), Format(answer));
    internal static string Wrong(string name, object answer, string hint) =>
        Texts.Format("❌ {0}: {1} is not it yet. Hint: {2}", Texts.Localize(name), Format(answer), Texts.Localize(hint));
    internal static string Unanswered(string name, string hint) => Texts.Format("⏳ {0}: not answered yet. Hint: {1}", Texts.Localize(name), Texts.Localize(hint));

    /// <summary>
    /// For a tensor's element type, accepting every way a learner writes it: ScalarType.Int64, typeof(long), or the
    /// text "long", "int64", "torch.int64", "torch.long", "ScalarType.Int64".
    /// </summary>
    public static string CheckDType(string name, object? answer, TorchSharp.torch.ScalarType expected, string hint)
    {
        if (answer is null || answer is string { Length: 0 } || answer is string s0 && string.IsNullOrWhiteSpace(s0)) return Unanswered(name, hint);
        var given = DTypeOf(answer);
        return given == expected ? Correct(name, expected) : Wrong(name, answer is string text ? text.Trim() : answer, hint);
    }

    static TorchSharp.torch.ScalarType? DTypeOf(object answer) => answer switch
    {
        TorchSharp.torch.ScalarType t => t,
        Type type when type == typeof(long) => TorchSharp.torch.ScalarType.Int64,
        Type type when type == typeof(int) => TorchSharp.torch.ScalarType.Int32,
        Type type when type == typeof(float) => TorchSharp.torch.ScalarType.Float32,
        Type type when type == typeof(double) => TorchSharp.torch.ScalarType.Float64,
        Type type when type == typeof(byte) => TorchSharp.torch.ScalarType.Byte,
        string text => text.Trim().ToLowerInvariant().Replace("torch.", "").Replace("scalartype.", "") switch
        {
            "long" or "int64" or "system.int64" => TorchSharp.torch.ScalarType.Int64,
            "int" or "int32" or "system.int32" => TorchSharp.torch.ScalarType.Int32,
            "float" or "float32" or "single" or "system.single" => TorchSharp.torch.ScalarType.Float32,
            "double" or "float64" or "system.double" => TorchSharp.torch.ScalarType.Float64,
            "byte" or "uint8" => TorchSharp.torch.ScalarType.Byte,
            _ => null,
        },
        _ => null,
    };

    static string Format(object value) => value switch
    {
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        float f => f.ToString("G6", CultureInfo.InvariantCulture),
        string s => $"'{s}'",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
