using System.Text.RegularExpressions;
using MnistCourse.Tests.Support;
using MnistCourse.Localization;

namespace MnistCourse.Tests.Notebooks;

/// <summary>
/// The notebooks' code is English in both editions; what it hands the library to show (chart titles and labels) is
/// translated by the library's table. (Exercises need no entry: their texts are written in both languages.) Every such text must have a Chinese entry, or
/// the Chinese edition would show it in English.
/// </summary>
public class NotebookTextsTests
{
    static readonly Regex Literal = new(@"(\$?)""((?:[^""\\]|\\.)*)""");
    static readonly Regex ChartCall = new(@"Charts\.(Lines|Line|Bars|Image|SampleGrid|ConfusionMatrix)\(");

    /// <summary>(where, text) for each text a notebook passes to a chart; interpolations filled with a number.</summary>
    public static IEnumerable<(string Where, string Text)> ShownTexts()
    {
        foreach (string file in Directory.GetFiles(Path.Combine(CliRunner.RepoRoot, "notebooks"), "0*.dib").Order())
            foreach (var cell in DibFile.Read(file).Where(c => c.Kind == "csharp"))
            {
                string where = $"{Path.GetFileName(file)}, cell {cell.Number}";
                foreach (Match call in ChartCall.Matches(cell.Text))
                    foreach (string text in Literals(Arguments(cell.Text, call.Index + call.Length)))
                        if (text.Any(char.IsLetter)) yield return (where, text);
            }
    }

    static IEnumerable<string> Literals(string code) =>
        Literal.Matches(code).Select(m => m.Groups[1].Value == "$" ? Regex.Replace(m.Groups[2].Value, @"\{[^}]*\}", "7") : m.Groups[2].Value)
            .Select(s => s.Replace("\\\"", "\""));

    /// <summary>The text of a call's arguments: up to the parenthesis that closes the one at <paramref name="from"/>.</summary>
    static string Arguments(string code, int from)
    {
        int depth = 1;
        bool inString = false;
        for (int i = from; i < code.Length; i++)
        {
            char c = code[i];
            if (inString) { if (c == '\\') i++; else if (c == '"') inString = false; }
            else if (c == '"') inString = true;
            else if (c == '(') depth++;
            else if (c == ')' && --depth == 0) return code[from..i];
        }
        return code[from..];
    }

    [Fact]
    public void Every_chart_text_in_the_notebooks_has_a_Chinese_text()
    {
        var texts = ShownTexts().ToList();
        Assert.True(texts.Count > 20, $"found only {texts.Count} texts: the scan no longer matches the notebooks");
        var missing = texts.Where(t => !Texts.HasChinese(t.Text)).Select(t => $"{t.Where}: \"{t.Text}\"").Distinct().ToList();
        Assert.True(missing.Count == 0, "no Chinese text in lib/MnistCourse/Localization/ChineseTexts.cs for:\n" + string.Join("\n", missing));
    }
}
