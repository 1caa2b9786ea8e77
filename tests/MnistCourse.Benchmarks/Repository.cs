namespace MnistCourse.Benchmarks;

/// <summary>Files of this repository the benchmark runs: the PyTorch peer's scripts and the built CLI.</summary>
static class Repository
{
    /// <summary>The folder holding MnistCourse.sln, found upwards from the benchmark's own dll.</summary>
    public static string Root { get; } = FindRoot();

    public static string Peer(string script) => Path.Combine(Root, "tests", "MnistCourse.Benchmarks", "peer", script);

    public static string CliDll
    {
        get
        {
            string dll = Path.Combine(Root, "lib", "MnistCourse.Cli", "bin", "Release", "net10.0", "mnist-course.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dll} is missing; build it: bash environment/setup.sh");
        }
    }

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MnistCourse.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"no MnistCourse.sln above {AppContext.BaseDirectory}; run the benchmark from its build output in the repository");
    }
}
