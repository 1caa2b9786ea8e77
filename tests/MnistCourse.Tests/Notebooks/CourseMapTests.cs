using System.Text.RegularExpressions;
using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Notebooks;

/// <summary>The notebooks and README's course map agree, and every chapter has the same shape.</summary>
public class CourseMapTests
{
    static string Root => CliRunner.RepoRoot;

    /// <summary>README rows: | 00 | `notebooks/00-overview.dib` — Overview of the training loop | 一、训练循环概述 |</summary>
    static List<(string Number, string File, string Title, string Chinese)> CourseMap() =>
        Regex.Matches(File.ReadAllText(Path.Combine(Root, "README.md")),
                @"^\| (\d\d) \| `notebooks/([^`]+\.dib)` — ([^|]+?) \| ([^|]+?) \|$", RegexOptions.Multiline)
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value, m.Groups[4].Value))
            .ToList();

    static string[] Notebooks() => Directory.GetFiles(Path.Combine(Root, "notebooks"), "0*.dib").Select(Path.GetFileName).Order().ToArray()!;

    static List<(string Kind, string Text)> Cells(string file) =>
        Regex.Split(File.ReadAllText(Path.Combine(Root, "notebooks", file)), @"^#!(markdown|csharp|meta)\s*$", RegexOptions.Multiline)
            .Skip(1).Chunk(2).Select(c => (c[0], c[1].Trim())).Where(c => c.Item1 != "meta").ToList();

    [Fact]
    public void Every_notebook_is_in_the_course_map_in_order_and_nothing_else_is()
    {
        var map = CourseMap();
        Assert.Equal(9, map.Count);
        Assert.Equal(map.Select(m => m.File), Notebooks());
        Assert.Equal(Enumerable.Range(0, 9).Select(i => i.ToString("00")), map.Select(m => m.Number));
    }

    [Fact]
    public void Each_notebooks_first_heading_has_the_maps_number_and_title_and_the_sources_chapter_title_under_it()
    {
        foreach (var (number, file, title, chinese) in CourseMap())
        {
            var firstMarkdown = Cells(file).First(c => c.Kind == "markdown").Text.Split('\n');
            Assert.Equal($"# {number} · {title}", firstMarkdown[0]);
            Assert.StartsWith(number + "-", file);
            Assert.Equal($"*{chinese}*", firstMarkdown.Skip(1).First(l => l.Trim().Length > 0).Trim());
        }
    }

    [Fact]
    public void Every_notebook_starts_with_the_same_set_up_cell_and_ends_with_checked_exercises()
    {
        string? setUp = null;
        foreach (string file in Notebooks())
        {
            var cells = Cells(file);
            Assert.Equal("csharp", cells[0].Kind);
            Assert.Equal(new[] { "#!import _setup.dib", "EnsureCourseSetUp();" }, cells[0].Text.Split('\n').Select(l => l.Trim())); // two readable lines
            setUp ??= cells[0].Text;
            Assert.True(setUp == cells[0].Text, $"{file}: the set-up cell differs from the other notebooks'");

            int exercises = cells.FindLastIndex(c => c.Kind == "markdown" && c.Text.Contains("## Exercises"));
            Assert.True(exercises > 0, $"{file}: no ## Exercises section");
            int count = Regex.Matches(cells[exercises].Text, @"^\d\. ", RegexOptions.Multiline).Count;
            Assert.InRange(count, 2, 5);
            // The check cell calls the chapter's exercises in order, and at least one of them judges code the learner wrote.
            string chapter = "Chapter" + Path.GetFileName(file)[..2];
            Assert.Equal(Enumerable.Range(1, count).Select(n => $"{chapter}.Exercise{n}("),
                Regex.Matches(cells[^1].Text, @"\bChapter\d\d\.Exercise\d\(").Select(m => m.Value));
            var sheet = typeof(MnistCourse.Course.Exercises.Chapter00).Assembly.GetType("MnistCourse.Course.Exercises." + chapter)!;
            Assert.Contains(sheet.GetMethods().Where(m => m.Name.StartsWith("Exercise")), m =>
                m.GetParameters()[0].ParameterType is var t && (typeof(Delegate).IsAssignableFrom(t) || typeof(TorchSharp.torch.nn.Module).IsAssignableFrom(t)));
        }
    }
}
