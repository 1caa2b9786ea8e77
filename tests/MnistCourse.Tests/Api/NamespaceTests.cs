using System.Text.RegularExpressions;
using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Api;

/// <summary>
/// The library's folders are layers: Localization (the course's texts) is a leaf every layer may use, and no namespace
/// needs one that needs it back. Read from the sources: each file's namespace, its `using MnistCourse...` directives,
/// its fully qualified MnistCourse.X names, and the root's internal helpers it calls (Arguments, AtomicFile, CoursePaths).
/// </summary>
public class NamespaceTests
{
    static readonly Regex Comment = new(@"//.*$", RegexOptions.Multiline);
    static readonly Regex Literal = new(@"@?\$?""(?:[^""\\\n]|\\.)*""");
    static readonly Regex Reference = new(@"\bMnistCourse(?:\.(?!Tests\b)[A-Z]\w*)+");

    internal static Dictionary<string, HashSet<string>> Dependencies()
    {
        var deps = new Dictionary<string, HashSet<string>>();
        string root = Path.Combine(CliRunner.RepoRoot, "lib", "MnistCourse");
        foreach (string file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")) continue;
            string code = Literal.Replace(Comment.Replace(File.ReadAllText(file), ""), "\"\"");
            string ns = Regex.Match(code, @"^namespace ([\w.]+)", RegexOptions.Multiline).Groups[1].Value;
            var set = deps.TryGetValue(ns, out var s) ? s : deps[ns] = new HashSet<string>();
            foreach (Match m in Reference.Matches(code))
            {
                string target = Layer(m.Value);
                if (target != ns && Layer(ns) != target) set.Add(target);
            }
            if (ns != "MnistCourse" && Regex.IsMatch(code, @"\b(Arguments|AtomicFile|CoursePaths)\.")) set.Add("MnistCourse");
        }
        return deps;
    }

    // A namespace counts as its layer: MnistCourse.Course.Exercises is part of Course; a type name after the namespace is dropped.
    static string Layer(string name)
    {
        var parts = name.Split('.');
        string two = parts.Length >= 2 ? parts[0] + "." + parts[1] : name;
        return KnownLayers.Contains(two) ? two : parts[0];
    }

    static readonly HashSet<string> KnownLayers = new()
    {
        "MnistCourse.Course", "MnistCourse.Data", "MnistCourse.Diagnostics", "MnistCourse.Localization", "MnistCourse.Models",
        "MnistCourse.Reporting", "MnistCourse.Runtime", "MnistCourse.Training",
    };

    [Fact]
    public void No_namespace_needs_one_that_needs_it_back()
    {
        var deps = Dependencies();
        var cycles = new List<string>();
        foreach (var (from, targets) in deps)
            foreach (string to in targets)
                if (Reaches(deps, to, from)) cycles.Add($"{from} -> {to} -> ... -> {from}");
        Assert.True(cycles.Count == 0, "namespace cycles:\n" + string.Join("\n", cycles));
    }

    [Fact]
    public void The_course_texts_are_a_leaf_and_reporting_does_not_need_the_course()
    {
        var deps = Dependencies();
        Assert.Empty(deps["MnistCourse.Localization"].Where(d => d != "MnistCourse"));
        Assert.DoesNotContain("MnistCourse.Course", deps["MnistCourse.Reporting"]);
        Assert.DoesNotContain("MnistCourse.Course", deps["MnistCourse.Training"]);
    }

    static bool Reaches(Dictionary<string, HashSet<string>> deps, string from, string to)
    {
        var seen = new HashSet<string>();
        var stack = new Stack<string>(new[] { from });
        while (stack.Count > 0)
        {
            string at = stack.Pop();
            if (at == to) return true;
            if (!seen.Add(at) || !deps.TryGetValue(at, out var next)) continue;
            foreach (string n in next) stack.Push(n);
        }
        return false;
    }
}
