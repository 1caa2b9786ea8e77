using System.Globalization;
using MnistCourse.Localization;

namespace MnistCourse.Course.Exercises;

/// <summary>
/// A sentence in both of the course's languages, written side by side where it is used, so an exercise's task,
/// reasons, hints and solution stay together. Numbers are formatted with the invariant culture: a learner under a
/// German locale still reads 0.5, not 0,5.
/// </summary>
internal static class Say
{
    public static string Text(string english, string chinese) => CourseLanguage.IsChinese ? chinese : english;

    public static string Text(FormattableString english, FormattableString chinese) =>
        (CourseLanguage.IsChinese ? chinese : english).ToString(CultureInfo.InvariantCulture);

    public static string Shape(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";

    public static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
