namespace MnistCourse.Course;

/// <summary>
/// The language of the course's own messages: exercise feedback, chart titles and axis labels, the live chart.
/// English unless a notebook's set-up cell chooses otherwise (the Chinese edition calls <c>Use("zh")</c>).
/// One setting per process: a notebook kernel is one learner in one language. The CLI never changes it.
/// </summary>
public static class CourseLanguage
{
    public const string English = "en";
    public const string Chinese = "zh";

    static volatile string current = English;

    /// <summary>"en" or "zh".</summary>
    public static string Current => current;

    public static bool IsChinese => current == Chinese;

    /// <summary>Selects the language; "zh-CN" and "zh-Hans" count as "zh", case does not matter.</summary>
    public static void Use(string language)
    {
        string code = (language ?? "").Trim().ToLowerInvariant();
        current = code switch
        {
            "en" or "en-us" or "en-gb" => English,
            "zh" or "zh-cn" or "zh-hans" => Chinese,
            _ => throw new ArgumentException($"course language '{language}' is not available; use \"en\" or \"zh\".", nameof(language)),
        };
    }
}
