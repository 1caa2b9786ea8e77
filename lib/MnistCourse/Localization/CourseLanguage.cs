using System.Globalization;

namespace MnistCourse.Localization;

/// <summary>
/// The language of the course's own messages (exercise feedback, chart texts, the library's errors and tables) is
/// the UI culture of the code that asks: Chinese (zh, zh-CN, zh-Hans, ...) or English (any other). Nothing is
/// stored here: a notebook's set-up cell makes Chinese its kernel's default (<see cref="Use"/>), a test or an app
/// picks a language for one piece of work (<see cref="Scope"/>), and the CLI speaks English.
/// </summary>
public static class CourseLanguage
{
    public const string English = "en";
    public const string Chinese = "zh";

    /// <summary>"en" or "zh": the language of <see cref="CultureInfo.CurrentUICulture"/>.</summary>
    public static string Current => IsChinese ? Chinese : English;

    public static bool IsChinese => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == Chinese;

    /// <summary>The culture that selects a language: "zh" (also "zh-CN", "zh-Hans") or "en" (also "en-US", "en-GB"); case does not matter.</summary>
    /// <remarks>
    /// In .NET's globalization-invariant mode (no ICU, e.g. a minimal container) only the invariant culture exists: English
    /// is then the invariant culture, and Chinese cannot be selected (the error says so).
    /// </remarks>
    public static CultureInfo CultureOf(string language)
    {
        string code = (language ?? "").Trim().ToLowerInvariant();
        return code switch
        {
            "en" or "en-us" or "en-gb" => Named("en-US") ?? CultureInfo.InvariantCulture,
            "zh" or "zh-cn" or "zh-hans" => Named("zh-CN") ?? throw new ArgumentException(
                $"course language '{language}' needs ICU, but .NET runs in globalization-invariant mode here (DOTNET_SYSTEM_GLOBALIZATION_INVARIANT or InvariantGlobalization); install libicu or turn that mode off.", nameof(language)),
            _ => throw new ArgumentException($"course language '{language}' is not available; use \"en\" or \"zh\".", nameof(language)),
        };
    }

    static CultureInfo? Named(string name)
    {
        try { return CultureInfo.GetCultureInfo(name); }
        catch (CultureNotFoundException) { return null; }
    }

    /// <summary>
    /// Makes <paramref name="language"/> the UI culture of this thread and the default of every thread started later:
    /// for a notebook kernel, where one learner reads one language. Number formatting (CurrentCulture) is not touched.
    /// </summary>
    public static void Use(string language)
    {
        var culture = CultureOf(language);
        CultureInfo.DefaultThreadCurrentUICulture = culture;
        CultureInfo.CurrentUICulture = culture;
    }

    /// <summary>
    /// <paramref name="language"/> for the code that runs until the scope is disposed, on this call's flow only
    /// (the UI culture flows with async calls and is restored afterwards), so parallel work keeps its own language.
    /// </summary>
    public static IDisposable Scope(string language)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureOf(language);
        return new Restore(previous);
    }

    sealed class Restore(CultureInfo previous) : IDisposable
    {
        public void Dispose() => CultureInfo.CurrentUICulture = previous;
    }
}
