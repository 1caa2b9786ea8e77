using System.Text.RegularExpressions;
using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Notebooks;

/// <summary>
/// The Chinese edition (notebooks/zh/) is the English edition with its prose translated: every code cell has the
/// same statements, in the same order and number, the cells laid out the same way. Only comments and the text of
/// string literals may differ: a zh comment is Chinese (or code, see <see cref="CodeSkeleton.CommentIsCode"/>), and a
/// zh literal that differs from its English one contains Chinese, with the same interpolation holes in the same order
/// (so names, paths and format specifiers stay as they are). The set-up cell imports ../_setup.dib and selects Chinese.
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
    public void Code_cells_have_the_English_statements_with_Chinese_comments_and_texts(string chapter)
    {
        var problems = CodeDifferences(DibFile.Read(Path.Combine(Notebooks, chapter)), DibFile.Read(Path.Combine(Notebooks, "zh", chapter)));
        Assert.True(problems.Count == 0, $"zh/{chapter} differs from {chapter} (`python3 environment/zh-sync-code.py {chapter}` carries the English code over, keeping the Chinese comments and texts):\n" + string.Join("\n", problems));
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

    [Fact]
    public void An_English_comment_an_untranslated_text_a_changed_hole_or_a_TODO_mark_is_named_by_cell_and_line()
    {
        var english = new List<DibCell> { new(1, "csharp", "#!import _setup.dib\nEnsureCourseSetUp();"),
            new(2, "csharp", "var n = 3;   // the count\n// Python: n = 3\nConsole.WriteLine($\"{n} images, path {\"data/x.gz\"}\");") };
        List<DibCell> Chinese(string code) => new() { new(1, "csharp", ExpectedChineseSetUp), new(2, "csharp", code) };

        // Translated comments and texts, other spacing, a comment that is Python code: the same statements.
        Assert.Empty(CodeDifferences(english, Chinese("var n = 3;        // 数量\n// Python: n = 3\nConsole.WriteLine($\"{n} 张图像，路径 {\"data/x.gz\"}\");")));
        // A comment split over two lines, one of them code only.
        Assert.Empty(CodeDifferences(english, Chinese("var n = 3;   // 数量：\n// [64, 784]\n// Python: n = 3\nConsole.WriteLine($\"{n} 张图像，路径 {\"data/x.gz\"}\");")));

        var comment = Assert.Single(CodeDifferences(english, Chinese("var n = 3;   // the count\n// Python: n = 3\nConsole.WriteLine($\"{n} 张图像，路径 {\"data/x.gz\"}\");")));
        Assert.StartsWith("cell 2 (code cell 2), line 1: English comment `// the count`", comment);

        var text = Assert.Single(CodeDifferences(english, Chinese("var n = 3;   // 数量\nConsole.WriteLine($\"{n} pictures, path {\"data/x.gz\"}\");")));
        Assert.Contains("line 2: the text $\"{n} pictures", text);

        var path = Assert.Single(CodeDifferences(english, Chinese("var n = 3;   // 数量\nConsole.WriteLine($\"{n} 张图像，路径 {\"data/y.gz\"}\");")));
        Assert.Contains("line 2: the text \"data/y.gz\"", path);

        var hole = Assert.Single(CodeDifferences(english, Chinese("var n = 3;   // 数量\nConsole.WriteLine($\"{n + 1} 张图像，路径 {\"data/x.gz\"}\");")));
        Assert.Contains("differs from English cell 2: English line 3", hole);
        Assert.Contains("Chinese line 2 `Console.WriteLine($\"{n + 1} 张图像", hole);

        var code = Assert.Single(CodeDifferences(english, Chinese("var n = 4;   // 数量\nConsole.WriteLine($\"{n} 张图像，路径 {\"data/x.gz\"}\");")));
        Assert.Contains("English line 1 `var n = 3;   // the count`, Chinese line 1 `var n = 4;   // 数量`", code);

        var todo = Assert.Single(CodeDifferences(english, Chinese("var n = 3;   // TODO zh the count\nConsole.WriteLine($\"{n} 张图像，路径 {\"data/x.gz\"}\");")));
        Assert.Contains("line 1: marked TODO zh", todo);
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
            string where = $"cell {zh[i].Number} (code cell {i + 1})";
            if (en[i].Kind != zh[i].Kind) { problems.Add($"{where} is #!{zh[i].Kind}, English cell {en[i].Number} is #!{en[i].Kind}"); continue; }
            var (a, b) = (CodeSkeleton.Parse(en[i].Text), CodeSkeleton.Parse(zh[i].Text));
            if (!a.Atoms.Select(x => x.Text).SequenceEqual(b.Atoms.Select(x => x.Text)))
            {
                string zhSkeleton = string.Join(" ", b.Atoms.Select(x => x.Text));
                int elsewhere = en.FindIndex(1, c => string.Join(" ", CodeSkeleton.Parse(c.Text).Atoms.Select(x => x.Text)) == zhSkeleton);
                problems.Add(elsewhere >= 0 ? $"{where} is English code cell {elsewhere + 1}: the code cells are out of order"
                                            : $"{where} differs from English cell {en[i].Number}: {FirstDifference(en[i].Text, zh[i].Text, a.Atoms, b.Atoms)}");
                continue;
            }
            foreach (var (x, y) in a.Literals.Zip(b.Literals))
                if (x.Text != y.Text && !CodeSkeleton.HasChinese(y.Text))
                    problems.Add($"{where}, line {y.Line}: the text {y.Source} differs from the English {x.Source} but is not Chinese; " +
                                 "only a translation may differ (names, paths and formats stay as they are)");
            foreach (var comment in b.Comments)
                if (comment.Text.Contains("TODO zh"))
                    problems.Add($"{where}, line {comment.Line}: marked TODO zh by zh-sync-code.py: {comment.Text}");
                else if (!CodeSkeleton.HasChinese(comment.Text) && !CodeSkeleton.CommentIsCode(comment.Text))
                    problems.Add($"{where}, line {comment.Line}: English comment `{comment.Text}`: translate it " +
                                 "(a comment with no Chinese must be code: `// Python: ...`, or no plain English word)");
        }
        return problems;
    }

    /// <summary>The first statement that differs, with the line of each edition it is on.</summary>
    static string FirstDifference(string english, string chinese, List<CodeAtom> a, List<CodeAtom> b)
    {
        int k = 0;
        while (k < a.Count && k < b.Count && a[k].Text == b[k].Text) k++;
        string Line(string text, List<CodeAtom> atoms) => k < atoms.Count ? $"line {atoms[k].Line} `{text.Split('\n')[atoms[k].Line - 1].Trim()}`" : "(no more code)";
        return $"English {Line(english, a)}, Chinese {Line(chinese, b)}";
    }

    static string Layout(IReadOnlyList<DibCell> cells) => string.Concat(cells.Select(c => c.Kind == "markdown" ? "M" : "C"));
}
