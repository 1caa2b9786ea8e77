using System.Text.RegularExpressions;

namespace MnistCourse.Tests.Support;

/// <summary>One cell of a .dib: its kind (markdown, csharp, ...), its text, and its number as the editor counts it (from 1, markdown included).</summary>
public sealed record DibCell(int Number, string Kind, string Text);

/// <summary>Reads a .dib notebook into its cells (the #!meta block left out).</summary>
public static class DibFile
{
    // Only these lines start a cell; `#!import` and other magic commands inside a code cell do not.
    static readonly Regex CellStart = new(@"^#!(markdown|csharp|fsharp|pwsh|html|javascript|mermaid|value|meta)\s*$", RegexOptions.Multiline);

    public static IReadOnlyList<DibCell> Read(string path)
    {
        string text = File.ReadAllText(path).Replace("\r\n", "\n");
        var starts = CellStart.Matches(text);
        var cells = new List<DibCell>();
        for (int i = 0; i < starts.Count; i++)
        {
            int from = starts[i].Index + starts[i].Length;
            int to = i + 1 < starts.Count ? starts[i + 1].Index : text.Length;
            string kind = starts[i].Groups[1].Value;
            if (kind != "meta") cells.Add(new DibCell(cells.Count + 1, kind, text[from..to].Trim('\n')));
        }
        return cells;
    }
}
