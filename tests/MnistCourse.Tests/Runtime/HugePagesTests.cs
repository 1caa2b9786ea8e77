using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Runtime;

/// <summary>environment/huge-pages.sh: the CLI, the benchmark and the notebook kernels ask malloc for huge pages alike.</summary>
public class HugePagesTests
{
    static string Sourced(string callers)
    {
        var env = new Dictionary<string, string> { ["GLIBC_TUNABLES"] = callers };
        var run = ChildProcess.Run("bash", new[] { "-c", $"source '{HugePages.Script}'; source '{HugePages.Script}'; printf %s \"$GLIBC_TUNABLES\"" },
            CliRunner.RepoRoot, TimeSpan.FromSeconds(30), env);
        Assert.True(run.ExitCode == 0, run.Output);
        return run.Stdout;
    }

    [Fact]
    public void The_kernels_get_the_same_malloc_setting_as_the_program()
    {
        Assert.Equal("glibc.malloc.hugetlb=1", HugePages.Tunables);
        Assert.Equal(HugePages.Tunables, KernelRuntime.Settings["GLIBC_TUNABLES"]);
    }

    [Fact]
    public void Sourcing_it_adds_the_setting_once_and_keeps_the_caller_s_own()
    {
        Assert.Equal(HugePages.Tunables, Sourced(""));
        Assert.Equal($"glibc.malloc.arena_max=2:{HugePages.Tunables}", Sourced("glibc.malloc.arena_max=2"));
        Assert.Equal($"{HugePages.Tunables}:glibc.malloc.arena_max=2", Sourced($"{HugePages.Tunables}:glibc.malloc.arena_max=2"));
    }

    [Fact]
    public void The_wrapper_and_the_benchmark_source_it_before_they_start_the_program()
    {
        foreach (string script in new[] { "mnist-course", Path.Combine("environment", "benchmark.sh") })
        {
            string[] lines = File.ReadAllLines(Path.Combine(CliRunner.RepoRoot, script));
            int sourced = Array.FindIndex(lines, l => l.StartsWith("source ") && l.Contains("environment/huge-pages.sh"));
            int started = Array.FindIndex(lines, l => l.StartsWith("exec dotnet "));
            Assert.True(sourced >= 0 && sourced < started, $"{script} must source environment/huge-pages.sh before `exec dotnet`");
        }
    }
}
