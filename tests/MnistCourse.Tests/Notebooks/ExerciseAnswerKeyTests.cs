using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Notebooks;

/// <summary>
/// Every chapter with exercises has an answer key, and every chapter runs exactly once in the suite, in one of the
/// three hosts, with its answer key proven in that same run (see <see cref="AnswerKeys"/>).
/// </summary>
public sealed class ExerciseAnswerKeyTests
{
    static IEnumerable<string> ChapterFiles => Directory.GetFiles(AnswerKeys.NotebookFolder, "0*.dib").Select(p => Path.GetFileName(p)!);

    [Fact]
    public void Every_chapter_with_a_check_cell_has_an_answer_key()
    {
        var withChecks = ChapterFiles
            .Where(n => AnswerKeys.Cells(File.ReadAllText(Path.Combine(AnswerKeys.NotebookFolder, n))).Any(AnswerKeys.IsCheckCell)).Order(StringComparer.Ordinal);
        Assert.Equal(withChecks, AnswerKeys.Keys.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_chapter_runs_once_in_the_suite_with_its_answer_key()
    {
        var hosts = NotebookTests.Chapters.Select(c => c + ".dib")
            .Concat(JupyterTests.Chapters.Select(c => c + ".dib"))
            .Append(VsCodeKernelTests.Chapter + ".dib").ToList();
        Assert.Equal(hosts.Count, hosts.Distinct().Count());
        Assert.Equal(ChapterFiles.Order(StringComparer.Ordinal), hosts.Order(StringComparer.Ordinal));
    }
}
