using MnistCourse.Runtime;
using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Runtime;

/// <summary>
/// The TorchBackend build property picks the libtorch package. CUDA packages are not served to CI machines, so this
/// checks MSBuild's evaluation (what restore would fetch), not a CUDA restore.
/// </summary>
public class TorchBackendTests
{
    static (int ExitCode, string Output) MsBuild(params string[] args)
    {
        var result = ChildProcess.Run("dotnet", new[] { "msbuild", Path.Combine("lib", "MnistCourse", "MnistCourse.csproj"), "-nologo" }.Concat(args),
            CliRunner.RepoRoot, TimeSpan.FromMinutes(2));
        return (result.ExitCode, result.Output);
    }

    static string[] TorchPackages(string? backend)
    {
        var (code, output) = backend is null ? MsBuild("-getItem:PackageReference") : MsBuild("-getItem:PackageReference", $"-p:TorchBackend={backend}");
        Assert.True(code == 0, output);
        return System.Text.Json.JsonDocument.Parse(output).RootElement.GetProperty("Items").GetProperty("PackageReference")
            .EnumerateArray().Select(i => i.GetProperty("Identity").GetString()!)
            .Where(p => p.Contains("torch", StringComparison.OrdinalIgnoreCase)).OrderBy(p => p).ToArray();
    }

    [Fact]
    public void Cpu_is_the_default_and_brings_only_this_platforms_libtorch()
    {
        Assert.Equal(new[] { "libtorch-cpu-linux-x64", "TorchSharp" }, TorchPackages(null));
        Assert.Equal("cpu", TorchRuntime.Backend);
    }

    [Fact]
    public void Cuda_picks_the_cuda_libtorch_for_linux()
    {
        Assert.Equal(new[] { "libtorch-cuda-12.8-linux-x64", "TorchSharp" }, TorchPackages("cuda"));
    }

    [Fact]
    public void An_unknown_backend_is_a_build_error_that_names_the_choices()
    {
        var (code, output) = MsBuild("-t:CheckTorchBackend", "-p:TorchBackend=rocm");
        Assert.NotEqual(0, code);
        Assert.Contains("TorchBackend must be cpu or cuda, not 'rocm'", output);
    }
}

/// <summary>The build's patch task says loudly when the library still needs what this system's libstdc++ lacks.</summary>
public class PatchTaskTests
{
    [Fact]
    public void The_build_warns_when_a_need_remains_that_the_patch_cannot_weaken()
    {
        using var dir = new TempDirectory();
        // The shipped library, with its GLIBCXX_3.4.32 need renamed to a version no libstdc++ has and the patch does
        // not know: the loader would refuse it, and only a warning can tell the learner why.
        byte[] elf = File.ReadAllBytes(NuGetCache.ShippedLibTorchSharp);
        byte[] from = System.Text.Encoding.ASCII.GetBytes("GLIBCXX_3.4.32\0"), to = System.Text.Encoding.ASCII.GetBytes("GLIBCXX_9.9.99\0");
        int at = elf.AsSpan().IndexOf(from);
        Assert.True(at > 0);
        to.CopyTo(elf, at);
        File.WriteAllBytes(dir["libLibTorchSharp.so"], elf);
        File.WriteAllText(dir["patch.proj"], $"""
            <Project>
              <Import Project="{Path.Combine(CliRunner.RepoRoot, "Directory.Build.targets")}" />
              <Target Name="Patch"><WeakenElfVersionNeeds Files="{dir["libLibTorchSharp.so"]}" /></Target>
            </Project>
            """);

        var result = ChildProcess.Run("dotnet", new[] { "msbuild", "patch.proj", "-t:Patch", "-nologo" }, dir.Path, TimeSpan.FromMinutes(2));
        string output = result.Output;

        Assert.True(result.ExitCode == 0, output);
        Assert.Contains("warning", output);
        Assert.Contains("still needs GLIBCXX_9.9.99, which this system's libstdc++", output);
        Assert.Contains("TorchSharp will fail to load", output);
    }
}
