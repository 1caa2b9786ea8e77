using System.Globalization;
using System.Text.RegularExpressions;

namespace MnistCourse.Course.Exercises;

/// <summary>
/// Reads a free-text answer the way a teacher would: case, spaces, quotes, brackets, a receiver (`loss.`), generic
/// arguments (`item&lt;float&gt;`), `()` and `;` do not matter, and a word may be written in English or Chinese.
/// </summary>
internal static partial class AnswerText
{
    /// <summary>A shape written as 64,10 / [64, 10] / (64, 10) / 64x10 / torch.Size([64, 10]); null if it is not one.</summary>
    public static long[]? Shape(string answer)
    {
        string text = answer.Trim().ToLowerInvariant().Replace("torch.size", "");
        text = Regex.Replace(text, @"[\[\]\(\)\{\}'""`]", " ");
        var parts = Regex.Split(text, @"\s*[,x×*，]\s*|\s+").Where(p => p.Length > 0).ToArray();
        if (parts.Length == 0) return null;
        var dims = new long[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out dims[i])) return null;
        return dims;
    }

    /// <summary>Every whole number in the text, in order: "4,5", "[4, 5]", "4 and 5", "4 和 5".</summary>
    public static int[] Numbers(string answer) =>
        Regex.Matches(answer, @"-?\d+").Select(m => int.TryParse(m.Value, CultureInfo.InvariantCulture, out int n) ? n : int.MinValue).ToArray();

    /// <summary>
    /// A method call as (name, arguments), lower case: "loss.item&lt;float&gt;();" → ("item", ""), "model.train(false)" →
    /// ("train", "false"), "eval" → ("eval", ""). Null if the text is not one call.
    /// </summary>
    public static (string Name, string Arguments)? Call(string answer)
    {
        var match = CallPattern().Match(answer.Trim().Trim('`', '"', '\''));
        return match.Success ? (match.Groups["name"].Value.ToLowerInvariant(), Regex.Replace(match.Groups["args"].Value, @"\s+", "").ToLowerInvariant()) : null;
    }

    [GeneratedRegex(@"^(?:[A-Za-z_]\w*\s*(?:\(\s*\))?\s*\.\s*)*\.?\s*(?<name>[A-Za-z_]\w*)\s*(?:<[^<>]*>)?\s*(?:\((?<args>[^()]*)\))?\s*;?$")]
    private static partial Regex CallPattern();

    /// <summary>A name with case, spaces, dashes and underscores ignored: "Fashion-MNIST", "fashion_mnist" → "fashionmnist".</summary>
    public static string Name(string answer) => Regex.Replace(answer.Trim().ToLowerInvariant(), @"[\s\-_'""`.]", "");

    /// <summary>
    /// Which of the <paramref name="choices"/> the answer names, each choice given with its spellings (English and
    /// Chinese); null when it names none, or more than one.
    /// </summary>
    public static string? Choice(string answer, params (string Choice, string[] Spellings)[] choices)
    {
        string text = Regex.Replace(answer.Trim().ToLowerInvariant(), @"[\s'""`.。!！,，]", "");
        var named = choices.Where(c => c.Spellings.Any(s => text == Regex.Replace(s.ToLowerInvariant(), @"\s", ""))).Select(c => c.Choice).ToList();
        return named.Count == 1 ? named[0] : null;
    }
}
