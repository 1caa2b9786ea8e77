using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using MnistCourse.Localization;

namespace MnistCourse;

/// <summary>
/// Checks of a public entry point's arguments, made before any native call: a wrong argument from a notebook is
/// an ArgumentException naming the parameter, in the course's language, never NaN results or a libtorch error
/// with C++ stack frames in its message.
/// </summary>
internal static class Arguments
{
    public static T NotNull<T>([NotNull] T? value, [CallerArgumentExpression(nameof(value))] string name = "") where T : class =>
        value ?? throw new ArgumentNullException(Parameter(name), Texts.Format("{0} is null; pass an object of type {1}", name, typeof(T).Name.Split('`')[0]));

    public static int AtLeast(int value, int minimum, [CallerArgumentExpression(nameof(value))] string name = "") =>
        value >= minimum ? value : throw new ArgumentOutOfRangeException(name, value, Texts.Format("{0} must be at least {1}, got {2}", name, minimum, value));

    public static int AtMost(int value, int maximum, [CallerArgumentExpression(nameof(value))] string name = "") =>
        value <= maximum ? value : throw new ArgumentOutOfRangeException(name, value, Texts.Format("{0} must be at most {1}, got {2}", name, maximum, value));

    public static float Positive(float value, [CallerArgumentExpression(nameof(value))] string name = "") =>
        float.IsFinite(value) && value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, Texts.Format("{0} must be a finite number above 0, got {1}", name, value));

    public static float Finite(float value, [CallerArgumentExpression(nameof(value))] string name = "") =>
        float.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, Texts.Format("{0} must be a finite number, got {1}", name, value));

    /// <summary>A finite number in a range; each end open (above, below) or closed (at least, at most). An infinite end is no limit.</summary>
    public static double Within(double value, double minimum, double maximum, bool aboveMinimum, bool belowMaximum,
        [CallerArgumentExpression(nameof(value))] string name = "")
    {
        bool fits = double.IsFinite(value) && (aboveMinimum ? value > minimum : value >= minimum) && (belowMaximum ? value < maximum : value <= maximum);
        if (fits) return value;
        string low = aboveMinimum ? "above" : "at least", high = belowMaximum ? "below" : "at most";
        string template = double.IsInfinity(maximum) ? $"{{0}} must be a number {low} {{1}}, got {{2}}" : $"{{0}} must be a number {low} {{1}} and {high} {{2}}, got {{3}}";
        object?[] values = double.IsInfinity(maximum) ? new object?[] { name, minimum, value } : new object?[] { name, minimum, maximum, value };
        throw new ArgumentOutOfRangeException(name, value, Texts.Format(template, values));
    }

    /// <summary>An enum value outside its type's named values (a cast from a number).</summary>
    public static ArgumentOutOfRangeException NotOneOf<T>(T value, string name) where T : struct, Enum =>
        new(name, value, Texts.Format("{0} must be one of {1}, got {2}", name, string.Join(", ", Enum.GetNames<T>()), value));

    public static void Require(bool condition, string name, string englishTemplate, params object?[] values)
    {
        if (!condition) throw new ArgumentException(Texts.Format(englishTemplate, values), Parameter(name));
    }

    // "data.Train" is part of the parameter data.
    internal static string Parameter(string name) => name.Split('.')[0];
}
