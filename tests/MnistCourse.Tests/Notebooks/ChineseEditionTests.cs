using System.Text.RegularExpressions;
using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Notebooks;

/// <summary>
/// The Chinese edition (notebooks/zh/) is the English edition with its prose translated: every code cell identical,
/// in the same order and number, the cells laid out the same way. The one difference allowed is the set-up cell,
/// which imports ../_setup.dib and selects Chinese for the course's own messages.
/// </summary>
public class ChineseEditionTests
{
    static string Notebooks => Path.Combine(CliRunner.RepoRoot, "notebooks");

    public static TheoryData<string> Chapters()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(Notebooks, "0*.dib").Select(Path.GetFileName).Order()!) data.Add(file!);
        return data;
    }

    /// <summary>The English set-up cell, moved one folder down and told to speak Chinese.</summary>
    internal static string ChineseSetUp(string englishSetUp) =>
        englishSetUp.Replace("#!import _setup.dib", "#!import ../_setup.dib").Replace("EnsureCourseSetUp();", "EnsureCourseSetUp(language: \"zh\");");

    internal const string ExpectedChineseSetUp = "#!import ../_setup.dib\nEnsureCourseSetUp(language: \"zh\");";

    [Fact]
    public void Every_English_chapter_has_a_Chinese_one_and_nothing_else_is_there()
    {
        var english = Directory.GetFiles(Notebooks, "*.dib").Select(Path.GetFileName).Where(f => !f!.StartsWith('_')).Order();
        var chinese = Directory.GetFiles(Path.Combine(Notebooks, "zh"), "*.dib").Select(Path.GetFileName).Order();
        Assert.Equal(english, chinese);
        Assert.Equal(10, chinese.Count());
    }

    [Fact]
    public void The_Chinese_README_maps_every_Chinese_chapter_and_the_two_READMEs_link_to_each_other()
    {
        string root = CliRunner.RepoRoot;
        string chinese = File.ReadAllText(Path.Combine(root, "README.zh-CN.md"));
        foreach (string chapter in Directory.GetFiles(Path.Combine(Notebooks, "zh"), "*.dib").Select(Path.GetFileName))
            Assert.Contains($"(notebooks/zh/{chapter})", chinese);
        Assert.Contains("(README.md)", chinese);
        Assert.Contains("(README.zh-CN.md)", File.ReadAllText(Path.Combine(root, "README.md")));
        Assert.Contains("(docs/glossary.md)", chinese);
    }

    /// <summary>
    /// README.zh-CN says what README says, section for section: each heading of README.md, in order, has its Chinese
    /// heading here and in README.zh-CN (which may add its own sections after them, such as maintaining the edition).
    /// A new English section fails this test until it is written in Chinese too.
    /// </summary>
    static readonly (string English, string Chinese)[] ReadmeSections =
    {
        ("## Quick start", "## 快速开始"),
        ("### The complete example as one C# file", "### 写成一个 C# 文件的完整示例"),
        ("## The course map", "## 章节导览"),
        ("### Three routes into the course", "## 三种学习方式"),
        ("## The course as a website", "## 课程网站"),
        ("## Troubleshooting", "## 常见问题"),
    };

    [Fact]
    public void The_Chinese_README_has_every_section_of_the_English_one_in_the_same_order()
    {
        static List<string> Headings(string file) => File.ReadAllLines(Path.Combine(CliRunner.RepoRoot, file))
            .Where(l => l.StartsWith("## ") || l.StartsWith("### ")).Select(l => l.Trim()).ToList();
        Assert.Equal(ReadmeSections.Select(s => s.English), Headings("README.md"));
        var chinese = Headings("README.zh-CN.md");
        Assert.Equal(ReadmeSections.Select(s => s.Chinese), chinese.Take(ReadmeSections.Length));
    }

    [Theory]
    [MemberData(nameof(Chapters))]
    public void Code_cells_are_identical_to_the_English_edition(string chapter)
    {
        var problems = CodeDifferences(DibFile.Read(Path.Combine(Notebooks, chapter)), DibFile.Read(Path.Combine(Notebooks, "zh", chapter)));
        Assert.True(problems.Count == 0, $"zh/{chapter} differs from {chapter} (`python3 environment/zh-sync-code.py {chapter}` copies the English code cells):\n" + string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(Chapters))]
    public void Every_text_cell_is_in_Chinese_and_sits_where_the_English_one_does(string chapter)
    {
        var english = DibFile.Read(Path.Combine(Notebooks, chapter));
        var chinese = DibFile.Read(Path.Combine(Notebooks, "zh", chapter));
        Assert.True(english.Select(c => c.Kind).SequenceEqual(chinese.Select(c => c.Kind)),
            $"zh/{chapter}: cell kinds {Layout(chinese)} but the English edition has {Layout(english)}");
        foreach (var cell in chinese.Where(c => c.Kind == "markdown"))
            Assert.True(Regex.IsMatch(cell.Text, @"\p{IsCJKUnifiedIdeographs}") && !cell.Text.Contains("TODO"),
                $"zh/{chapter}, cell {cell.Number}: not translated: {cell.Text.Split('\n')[0]}");
        // The same chapter: same number, and the source's own chapter title under the heading.
        string Heading(IReadOnlyList<DibCell> cells) => cells.First(c => c.Kind == "markdown").Text;
        Assert.StartsWith(Heading(english).Split(" · ")[0] + " · ", Heading(chinese));
        string sourceTitle = Heading(english).Split('\n').First(l => l.StartsWith('*'));
        Assert.Contains(sourceTitle, Heading(chinese).Split('\n'));
    }

    [Fact]
    public void A_changed_reordered_or_missing_code_cell_is_named_by_chapter_and_cell()
    {
        // The English set-up cell as it is meant to be, so this test judges the comparison alone.
        var english = DibFile.Read(Path.Combine(Notebooks, "04-train-loop.dib")).ToList();
        english[0] = english[0] with { Text = "#!import _setup.dib\nEnsureCourseSetUp();" };
        var chinese = DibFile.Read(Path.Combine(Notebooks, "zh", "04-train-loop.dib")).ToList();
        Assert.Empty(CodeDifferences(english, chinese));
        int firstLoopCell = chinese.FindIndex(1, c => c.Kind == "csharp");

        var edited = chinese.ToList();
        edited[firstLoopCell] = edited[firstLoopCell] with { Text = edited[firstLoopCell].Text.Replace("var batchSize = 64;", "var batchSize = 32;") };
        var problem = Assert.Single(CodeDifferences(english, edited));
        Assert.Contains($"cell {chinese[firstLoopCell].Number} (code cell 2)", problem);
        Assert.Contains("var batchSize = 32;", problem);

        var swapped = chinese.ToList();
        int next = chinese.FindIndex(firstLoopCell + 1, c => c.Kind == "csharp");
        (swapped[firstLoopCell], swapped[next]) = (swapped[next] with { Number = swapped[firstLoopCell].Number }, swapped[firstLoopCell] with { Number = swapped[next].Number });
        Assert.Contains(CodeDifferences(english, swapped), p => p.Contains("code cell 2") && p.Contains("English code cell 3"));

        var missing = chinese.Where((_, i) => i != next).ToList();
        Assert.Contains(CodeDifferences(english, missing), p => p.Contains("code cells") && p.Contains("English edition has"));

        var setUp = chinese.ToList();
        setUp[0] = setUp[0] with { Text = "#!import ../_setup.dib\nEnsureCourseSetUp();" };
        Assert.Contains(CodeDifferences(english, setUp), p => p.StartsWith("cell 1 (code cell 1, the set-up)"));
    }

    /// <summary>One line per difference, each naming the Chinese cell (as the editor numbers it) and the code cell.</summary>
    internal static List<string> CodeDifferences(IReadOnlyList<DibCell> english, IReadOnlyList<DibCell> chinese)
    {
        var problems = new List<string>();
        var en = english.Where(c => c.Kind != "markdown").ToList();
        var zh = chinese.Where(c => c.Kind != "markdown").ToList();
        if (en.Count != zh.Count)
            problems.Add($"{zh.Count} code cells, the English edition has {en.Count}");

        if (en.Count > 0 && zh.Count > 0)
        {
            if (zh[0].Text != ExpectedChineseSetUp)
                problems.Add($"cell {zh[0].Number} (code cell 1, the set-up) must be exactly:\n{ExpectedChineseSetUp}\nbut is:\n{zh[0].Text}");
            else if (ChineseSetUp(en[0].Text) != zh[0].Text)
                problems.Add($"cell {zh[0].Number} (code cell 1, the set-up): the English set-up cell is not the two lines " +
                             $"`#!import _setup.dib` / `EnsureCourseSetUp();` that the Chinese one mirrors:\n{en[0].Text}");
        }

        for (int i = 1; i < Math.Min(en.Count, zh.Count); i++)
        {
            if (en[i].Text == zh[i].Text && en[i].Kind == zh[i].Kind) continue;
            string where = $"cell {zh[i].Number} (code cell {i + 1})";
            int elsewhere = en.FindIndex(1, c => c.Text == zh[i].Text);
            if (elsewhere >= 0)
                problems.Add($"{where} is English code cell {elsewhere + 1}: the code cells are out of order");
            else if (en[i].Kind != zh[i].Kind)
                problems.Add($"{where} is #!{zh[i].Kind}, English cell {en[i].Number} is #!{en[i].Kind}");
            else
                problems.Add($"{where} differs from English cell {en[i].Number}: {FirstDifference(en[i].Text, zh[i].Text)}");
        }
        return problems;
    }

    static string FirstDifference(string english, string chinese)
    {
        var a = english.Split('\n');
        var b = chinese.Split('\n');
        for (int line = 0; line < Math.Max(a.Length, b.Length); line++)
        {
            string x = line < a.Length ? a[line] : "(no line)", y = line < b.Length ? b[line] : "(no line)";
            if (x != y) return $"line {line + 1}: English `{x}`, Chinese `{y}`";
        }
        return "whitespace only";
    }

    static string Layout(IReadOnlyList<DibCell> cells) => string.Concat(cells.Select(c => c.Kind == "markdown" ? "M" : "C"));
}
