using System.Diagnostics;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Notebooks;

/// <summary>
/// environment/ready-to-run.sh compiles the pinned notebook tools' DLLs that a kernel loads (environment/ready-to-run.txt)
/// ahead of time, so a fresh kernel (Jupyter's, VS Code's, dotnet-repl's) does not JIT-compile Roslyn and .NET
/// Interactive on a chapter's first cell. The notebook tests (NotebookTests, JupyterTests, VsCodeKernelTests) run the
/// chapters with the tools so compiled.
/// </summary>
public sealed class ReadyToRunTests
{
    static string Script => Path.Combine(CliRunner.RepoRoot, "environment", "ready-to-run.sh");

    /// <summary>The file names environment/ready-to-run.txt lists (its comments and blank lines left out).</summary>
    static IReadOnlyList<string> HotDlls => File.ReadAllLines(Path.Combine(CliRunner.RepoRoot, "environment", "ready-to-run.txt"))
        .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

    /// <summary>Where the script looks for a listed name in a tool's folder: at its top, or for this platform under runtimes/.</summary>
    static IEnumerable<string> Copies(string folder, string name)
    {
        string arch = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "x64";
        var candidates = new List<string> { Path.Combine(folder, name) };
        foreach (string rid in new[] { "unix", "linux", $"linux-{arch}" })
        {
            string lib = Path.Combine(folder, "runtimes", rid, "lib");
            if (Directory.Exists(lib)) candidates.AddRange(Directory.GetDirectories(lib).Select(d => Path.Combine(d, name)));
        }
        return candidates.Where(File.Exists);
    }

    /// <summary>True when the DLL carries precompiled code: its CLI header's ManagedNativeHeader directory (the ReadyToRun header) is not empty.</summary>
    static bool IsReadyToRun(string dll)
    {
        using var pe = new PEReader(File.OpenRead(dll));
        return pe.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
    }

    [Fact]
    public void The_check_tells_a_ReadyToRun_DLL_from_an_IL_only_one()
    {
        Assert.True(IsReadyToRun(typeof(object).Assembly.Location)); // the shared framework ships compiled
        Assert.False(IsReadyToRun(typeof(ReadyToRunTests).Assembly.Location)); // this test assembly is IL
    }

    [SkippableFact]
    public void The_pinned_kernels_DLLs_that_a_chapter_loads_are_ReadyToRun()
    {
        Prerequisites.Require(Prerequisites.ReadyToRunKernels);
        var tools = NuGetCache.PinnedTools();
        var notCompiled = new List<string>();
        var found = new HashSet<string>();
        var copies = new Dictionary<PinnedTool, int>();
        foreach (var tool in tools)
            foreach (string name in HotDlls)
                foreach (string dll in Copies(tool.Folder, name))
                {
                    found.Add(name);
                    copies[tool] = copies.GetValueOrDefault(tool) + 1;
                    if (!IsReadyToRun(dll)) notCompiled.Add($"{tool.Id} {tool.Version}: {Path.GetRelativePath(tool.Folder, dll)}");
                }
        Assert.True(notCompiled.Count == 0,
            $"still IL only (environment/ready-to-run.sh said why in a [setup] line; delete its stamps and run it again to see):\n  {string.Join("\n  ", notCompiled)}");
        // Roslyn and .NET Interactive are in both tools: a folder without them is not the tool the list was made for.
        foreach (var tool in tools)
            Assert.True(copies.GetValueOrDefault(tool) >= 20, $"{tool.Id} {tool.Version} ({tool.Folder}) has only {copies.GetValueOrDefault(tool)} of the listed DLLs");
        var stale = HotDlls.Except(found).ToList();
        Assert.True(stale.Count == 0, $"environment/ready-to-run.txt names DLLs no pinned tool ships (a tool was updated? list what its kernel loads): {string.Join(", ", stale)}");
    }

    /// <summary>
    /// The course's packages compiled ahead of time (environment/ready-to-run.sh packages): every runtime DLL of a
    /// managed-only package, in the NuGet cache, and the same bytes in the build output. A package with native code,
    /// or one depending on such a package (TorchSharp: its native calls are declared in C#), stays IL.
    /// </summary>
    [SkippableFact]
    public void The_course_s_managed_packages_are_ReadyToRun_and_the_build_copies_them_while_TorchSharp_stays_IL()
    {
        Prerequisites.Require(Prerequisites.ReadyToRunKernels);
        using var assets = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(CliRunner.RepoRoot, "lib", "MnistCourse.Cli", "obj", "project.assets.json")));
        string cache = assets.RootElement.GetProperty("packageFolders").EnumerateObject().First().Name;
        var libraries = assets.RootElement.GetProperty("libraries");
        var target = assets.RootElement.GetProperty("targets").EnumerateObject().Single(t => !t.Name.Contains('/')).Value.EnumerateObject().ToList();
        static string Id(string name) => name.Split('/')[0];
        static IEnumerable<string> Keys(System.Text.Json.JsonElement item, string property) =>
            item.TryGetProperty(property, out var value) ? value.EnumerateObject().Select(p => p.Name) : [];
        var native = target.Where(l => Keys(l.Value, "runtimeTargets").Concat(Keys(l.Value, "native")).Any(p => p.Contains("/native/"))).Select(l => Id(l.Name)).ToHashSet();
        string bin = Path.GetDirectoryName(CliRunner.CliDll)!;
        var problems = new List<string>();
        var compiled = new List<string>();
        foreach (var library in target.Where(l => l.Value.GetProperty("type").GetString() == "package"))
        {
            bool managed = !native.Contains(Id(library.Name)) && !Keys(library.Value, "dependencies").Any(native.Contains);
            string folder = Path.Combine(cache, libraries.GetProperty(library.Name).GetProperty("path").GetString()!);
            foreach (string dll in Keys(library.Value, "runtime").Where(n => n.EndsWith(".dll")))
            {
                string cached = Path.Combine(folder, dll), built = Path.Combine(bin, Path.GetFileName(dll));
                if (IsReadyToRun(cached) != managed) problems.Add($"{cached} is {(managed ? "IL only" : "ReadyToRun, and it must stay IL")}");
                else if (!File.ReadAllBytes(cached).AsSpan().SequenceEqual(File.ReadAllBytes(built))) problems.Add($"{built} is not {cached} (build again)");
                if (managed) compiled.Add(Path.GetFileName(dll));
            }
        }
        Assert.True(problems.Count == 0, "environment/ready-to-run.sh packages (run by environment/setup.sh) should have compiled them:\n  " + string.Join("\n  ", problems));
        Assert.Contains("TorchSharp", native);
        Assert.False(IsReadyToRun(Path.Combine(bin, "TorchSharp.dll")));
        Assert.Contains("Plotly.NET.dll", compiled);
        Assert.Contains("FSharp.Core.dll", compiled);
    }

    /// <summary>The module version id: the same in an IL assembly and in crossgen2's image of it, new at every compile.</summary>
    static Guid Mvid(string dll)
    {
        using var pe = new PEReader(File.OpenRead(dll));
        var reader = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        return reader.GetGuid(reader.GetModuleDefinition().Mvid);
    }

    [SkippableFact]
    public void The_course_s_own_assemblies_are_built_ReadyToRun_from_the_current_compile()
    {
        Prerequisites.Require(Prerequisites.ReadyToRunKernels);
        string cli = Path.GetDirectoryName(CliRunner.CliDll)!;
        string configuration = new DirectoryInfo(Path.GetDirectoryName(cli)!).Name;
        foreach (var (project, dll) in new[] { ("MnistCourse", "MnistCourse.dll"), ("MnistCourse.Cli", "mnist-course.dll") })
        {
            string il = Path.Combine(CliRunner.RepoRoot, "lib", project, "obj", configuration, "net10.0", dll);
            string built = Path.Combine(CliRunner.RepoRoot, "lib", project, "bin", configuration, "net10.0", dll);
            Assert.False(IsReadyToRun(il), $"{il} should be the compiler's IL");
            Assert.True(IsReadyToRun(built), $"{built} is IL only: the build compiles it with crossgen2 once environment/setup.sh has restored it");
            // An image of an older compile would run old code: it must carry the current compile's id.
            Assert.Equal(Mvid(il), Mvid(built));
        }
        // Everything that copies the library gets the compiled one.
        string library = Path.Combine(CliRunner.RepoRoot, "lib", "MnistCourse", "bin", configuration, "net10.0", "MnistCourse.dll");
        foreach (string copy in new[] { Path.Combine(cli, "MnistCourse.dll"), Path.Combine(AppContext.BaseDirectory, "MnistCourse.dll") })
            Assert.True(File.ReadAllBytes(library).AsSpan().SequenceEqual(File.ReadAllBytes(copy)), $"{copy} differs from {library}");
    }

    [SkippableFact]
    public void A_second_run_of_the_step_only_checks_its_stamps()
    {
        Prerequisites.Require(Prerequisites.ReadyToRunKernels);
        var clock = Stopwatch.StartNew();
        var result = ChildProcess.Run("bash", new[] { Script }, CliRunner.RepoRoot, TimeSpan.FromMinutes(10));
        clock.Stop();
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.True(result.Output.Length == 0, $"a set-up machine's second run should say nothing:\n{result.Output}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the second run took {clock.Elapsed.TotalSeconds:F1} s");
    }
}
