using System.Diagnostics;
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
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = CliRunner.RepoRoot };
        start.ArgumentList.Add("msbuild");
        start.ArgumentList.Add(Path.Combine("lib", "MnistCourse", "MnistCourse.csproj"));
        start.ArgumentList.Add("-nologo");
        foreach (string a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
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
