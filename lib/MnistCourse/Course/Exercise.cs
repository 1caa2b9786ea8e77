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
    static string Correct(string name, object answer) => Texts.Format("✅ {0}: {1} is right.", Texts.Localize(name), Format(answer));
    static string Wrong(string name, object answer, string hint) =>
        Texts.Format("❌ {0}: {1} is not it yet. Hint: {2}", Texts.Localize(name), Format(answer), Texts.Localize(hint));
    static string Unanswered(string name, string hint) => Texts.Format("⏳ {0}: not answered yet. Hint: {1}", Texts.Localize(name), Texts.Localize(hint));

    static string Format(object value) => value switch
    {
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        float f => f.ToString("G6", CultureInfo.InvariantCulture),
        string s => $"'{s}'",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
