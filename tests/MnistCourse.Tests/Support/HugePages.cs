using System.Text.RegularExpressions;

namespace MnistCourse.Tests.Support;

/// <summary>
/// The malloc setting that ./mnist-course gives the program (environment/huge-pages.sh): the tests run the CLI with
/// it too, as a learner's ./mnist-course runs it.
/// </summary>
public static class HugePages
{
    public static string Script => Path.Combine(CliRunner.RepoRoot, "environment", "huge-pages.sh");

    static readonly Lazy<string> tunables = new(() =>
        Regex.Match(File.ReadAllText(Script), "^course_malloc_tunables=\"([^\"]+)\"$", RegexOptions.Multiline) is { Success: true } m
            ? m.Groups[1].Value
            : throw new InvalidDataException($"{Script} sets no course_malloc_tunables=\"...\""));

    /// <summary>The GLIBC_TUNABLES value the script adds.</summary>
    public static string Tunables => tunables.Value;
}
