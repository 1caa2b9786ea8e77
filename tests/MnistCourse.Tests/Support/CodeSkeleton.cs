using System.Text;
using System.Text.RegularExpressions;

namespace MnistCourse.Tests.Support;

/// <summary>A piece of a code cell: a word of code, a comment or a string literal, and the line (from 1) it starts on.</summary>
public sealed record CodeAtom(int Line, string Text);

/// <summary>
/// A string literal: its prefix ($, @, $@), its text (a hole shown as {}) and its skeleton (the prefix and the holes,
/// each hole's own literals reduced to their skeletons): what must stay identical between the editions.
/// </summary>
public sealed record CodeLiteral(int Line, string Source, string Text, string Skeleton);

/// <summary>
/// A C# code cell read as the Chinese edition compares it (environment/zh-sync-code.py reads it the same way): its
/// skeleton (the code with comments removed, split on whitespace, every string literal reduced to its prefix and its
/// interpolation holes), its comments, and its string literals, those inside holes included, in order.
/// </summary>
public sealed class CodeSkeleton
{
    public List<CodeAtom> Atoms { get; } = new();
    public List<CodeAtom> Comments { get; } = new();
    public List<CodeLiteral> Literals { get; } = new();

    static readonly Regex Prefix = new(@"\G(\$@|@\$|\$|@)?""");

    public static CodeSkeleton Parse(string code) { var s = new CodeSkeleton(); s.Read(code, 0, code.Length, 0); return s; }

    void Read(string code, int from, int to, int lineOffset)
    {
        int Line(int at) => lineOffset + 1 + code.AsSpan(from, at - from).Count('\n');
        var word = new StringBuilder();
        int wordStart = from;
        void Flush() { if (word.Length > 0) Atoms.Add(new CodeAtom(Line(wordStart), word.ToString())); word.Clear(); }
        int i = from;
        while (i < to)
        {
            char c = code[i];
            if (c == '/' && i + 1 < to && code[i + 1] is '/' or '*')
            {
                Flush();
                int end = code[i + 1] == '/' ? code.IndexOf('\n', i) : code.IndexOf("*/", i, StringComparison.Ordinal) + 2;
                if (end < i || end > to) end = to;
                Comments.Add(new CodeAtom(Line(i), code[i..end]));
                i = end;
            }
            else if (Prefix.Match(code, i) is { Success: true } m && m.Index == i && i < to)
            {
                Flush();
                var (literal, end) = ReadLiteral(code, i, m.Groups[1].Value, Line(i));
                Atoms.Add(new CodeAtom(literal.Line, literal.Skeleton));
                i = end;
            }
            else if (char.IsWhiteSpace(c)) { Flush(); i++; }
            else if (c == '\'')
            {
                if (word.Length == 0) wordStart = i;
                int end = CharEnd(code, i);
                word.Append(code, i, end - i);
                i = end;
            }
            else { if (word.Length == 0) wordStart = i; word.Append(c); i++; }
        }
        Flush();
    }

    static int CharEnd(string code, int i)
    {
        int j = i + 1;
        while (j < code.Length && code[j] != '\'') j += code[j] == '\\' ? 2 : 1;
        return Math.Min(j + 1, code.Length);
    }

    (CodeLiteral Literal, int End) ReadLiteral(string code, int start, string prefix, int line)
    {
        bool verbatim = prefix.Contains('@'), interpolated = prefix.Contains('$');
        int j = start + prefix.Length;
        if (code.AsSpan(j).StartsWith("\"\"\"")) throw new FormatException($"line {line}: raw string literals are not compared; write a regular one");
        j++;
        var text = new StringBuilder();
        var skeleton = new StringBuilder(prefix + "\"");
        int index = Literals.Count;
        Literals.Add(null!);   // its place: before the literals of its holes
        while (true)
        {
            if (j >= code.Length) throw new FormatException($"line {line}: unterminated string literal");
            char c = code[j];
            if (c == '"' && verbatim && j + 1 < code.Length && code[j + 1] == '"') { text.Append("\"\""); j += 2; }
            else if (c == '"') { j++; break; }
            else if (c == '\\' && !verbatim) { text.Append(code, j, 2); j += 2; }
            else if (interpolated && c is '{' or '}' && j + 1 < code.Length && code[j + 1] == c) { text.Append(c, 2); j += 2; }
            else if (interpolated && c == '{')
            {
                int end = HoleEnd(code, j + 1);
                var hole = new CodeSkeleton();
                hole.Read(code, j + 1, end, line - 1 + code.AsSpan(start, j - start).Count('\n'));
                skeleton.Append('{').AppendJoin(' ', hole.Atoms.Select(a => a.Text)).Append('}');
                Literals.AddRange(hole.Literals);
                text.Append("{}");
                j = end + 1;
            }
            else { text.Append(c); j++; }
        }
        var literal = new CodeLiteral(line, code[start..j], text.ToString(), skeleton.Append('"').ToString());
        Literals[index] = literal;
        return (literal, j);
    }

    /// <summary>code[i] is just after a hole's `{`: the index of its closing `}`, nested brackets and literals skipped.</summary>
    static int HoleEnd(string code, int i)
    {
        int depth = 0;
        while (i < code.Length)
        {
            char c = code[i];
            if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']' or '}') { if (depth == 0) return i; depth--; }
            else if (Prefix.Match(code, i) is { Success: true } m && m.Index == i) { i = new CodeSkeleton().ReadLiteral(code, i, m.Groups[1].Value, 0).End; continue; }
            else if (c == '\'') { i = CharEnd(code, i); continue; }
            i++;
        }
        throw new FormatException("unclosed interpolation hole");
    }

    /// <summary>Whether a text holds a Chinese character (CJK ideographs, CJK and full-width punctuation).</summary>
    public static bool HasChinese(string text) => Regex.IsMatch(text, @"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]");

    // A plain English word: letters only, possibly ending in one of , ; : . ! ?
    static readonly Regex PlainWord = new(@"^[A-Za-z][A-Za-z'-]*[,;:.!?]?$");

    /// <summary>
    /// Whether a comment with no Chinese is code rather than English prose: a Python line (`// Python: ...`), or a
    /// comment none of whose whitespace-separated words is a plain English word (`// [64, 1, 28, 28] -> [64, 784]`).
    /// </summary>
    public static bool CommentIsCode(string comment)
    {
        string body = Regex.Replace(comment, @"^(//|/\*)|\*/$", "").Trim();
        return body.Length == 0 || body.StartsWith("Python:", StringComparison.Ordinal)
            || !body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Any(w => PlainWord.IsMatch(w));
    }
}
