using MnistCourse.Runtime;
using MnistCourse.Tests.Support;
using static TorchSharp.torch;

namespace MnistCourse.Tests.Runtime;

public class TorchRuntimeTests
{
    public TorchRuntimeTests() => Torch.Init();

    static string[] MappedLibraries(string name) => File.ReadAllLines("/proc/self/maps")
        .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "")
        .Where(p => Path.GetFileName(p) == name)
        .Distinct()
        .ToArray();

    [SkippableFact]
    public void Torch_runs_on_our_own_libtorch_even_when_a_system_libtorch_is_installed()
    {
        // Without a second libtorch on the machine there is nothing to choose between, so the test proves nothing.
        Prerequisites.Require(Prerequisites.SystemLibTorch);

        using var x = ones(3, 4);
        Assert.Equal(12f, x.sum().item<float>());

        string ours = Path.Combine(TorchRuntime.NativeDirectory!, "libtorch_cpu.so");
        Assert.Equal(new[] { ours }, MappedLibraries("libtorch_cpu.so"));
        Assert.Empty(MappedLibraries("libtorch_cpu.so.1.13"));
    }

    [Fact]
    public void Torch_never_falls_back_to_copying_natives_into_a_cpu_folder()
    {
        using var x = ones(2);
        string torchSharpDir = Path.GetDirectoryName(typeof(TorchSharp.torch).Assembly.Location)!;
        Assert.False(Directory.Exists(Path.Combine(torchSharpDir, "cpu")), "TorchSharp copied its natives: its own probing ran and failed");
    }

    [Fact]
    public void Threads_are_set_and_bad_counts_rejected()
    {
        TorchRuntime.EnsureLoaded(threads: 1);
        Assert.Equal(1, get_num_threads());
        Assert.Throws<ArgumentOutOfRangeException>(() => TorchRuntime.EnsureLoaded(threads: 0));
    }
}
