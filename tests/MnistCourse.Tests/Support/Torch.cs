using MnistCourse.Runtime;

namespace MnistCourse.Tests.Support;

/// <summary>Loads TorchSharp's natives the way the course does, once per test process, with 1 thread.</summary>
public static class Torch
{
    public static void Init() => TorchRuntime.EnsureLoaded(threads: 1);
}
