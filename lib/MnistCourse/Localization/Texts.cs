using System.Globalization;
using System.Text.RegularExpressions;

namespace MnistCourse.Localization;

/// <summary>
/// The course's texts in the selected <see cref="CourseLanguage"/>. Every text is keyed by its English wording, so
/// the code (the library's and the notebooks', identical in both editions) is written in English and the
/// translation is looked up here. A key may hold placeholders ({0}, {1:F2}, ...): it then formats values
/// (<see cref="Format"/>) and also matches finished strings, such as a chart title a notebook built with
/// <c>$"... epoch {epochs}"</c>. A text with no translation stays English.
/// </summary>
public static class Texts
{
    static readonly Regex Placeholder = new(@"\{(\d+)(:[^}]*)?\}", RegexOptions.Compiled);

    // Keys with placeholders, as whole-string patterns, longest first so the most specific wins.
    static readonly (Regex Pattern, string Chinese)[] Patterns = ChineseTexts.Table
        .Where(e => Placeholder.IsMatch(e.Key))
        .OrderByDescending(e => e.Key.Length)
        .Select(e => (new Regex("^" + Placeholder.Replace(EscapeAround(e.Key), "(?<p$1>.+?)") + "$", RegexOptions.Singleline), e.Value))
        .ToArray();

    /// <summary><paramref name="english"/> in the course's language (itself when English is selected or no translation exists).</summary>
    public static string Localize(string english)
    {
        if (!CourseLanguage.IsChinese || string.IsNullOrEmpty(english)) return english;
        if (ChineseTexts.Table.TryGetValue(english, out var chinese)) return chinese;
        foreach (var (pattern, template) in Patterns)
        {
            var match = pattern.Match(english);
            if (!match.Success) continue;
            return Placeholder.Replace(template, p => match.Groups["p" + p.Groups[1].Value].Value);
        }
        return english;
    }

    /// <summary>Whether <paramref name="english"/> has a Chinese text (exactly or through a pattern).</summary>
    public static bool HasChinese(string english) =>
        ChineseTexts.Table.ContainsKey(english) || Patterns.Any(p => p.Pattern.IsMatch(english));

    /// <summary><paramref name="englishTemplate"/> in the course's language, formatted with invariant culture.</summary>
    public static string Format(string englishTemplate, params object?[] values)
    {
        string template = CourseLanguage.IsChinese && ChineseTexts.Table.TryGetValue(englishTemplate, out var chinese) ? chinese : englishTemplate;
        return string.Format(CultureInfo.InvariantCulture, template, values);
    }

    // Regex.Escape on the text between placeholders only, so the placeholders survive to be replaced by groups.
    static string EscapeAround(string key)
    {
        var parts = new System.Text.StringBuilder();
        int at = 0;
        foreach (Match m in Placeholder.Matches(key))
        {
            parts.Append(Regex.Escape(key[at..m.Index])).Append(m.Value);
            at = m.Index + m.Length;
        }
        return parts.Append(Regex.Escape(key[at..])).ToString();
    }
}
