namespace MnistCourse.Tests.Support;

/// <summary>Files of packages restored into the NuGet cache (read only: the course never modifies them).</summary>
public static class NuGetCache
{
    public static string Root => Environment.GetEnvironmentVariable("NUGET_PACKAGES")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>A path inside a package: NuGetCache.File("torchsharp", Prerequisites.TorchSharpVersion, "runtimes", ...).</summary>
    public static string File(string package, string version, params string[] parts) =>
        Path.Combine(new[] { Root, package.ToLowerInvariant(), version }.Concat(parts).ToArray());

    /// <summary>libLibTorchSharp.so as TorchSharp ships it, before our build patches its copy in bin/.</summary>
    public static string ShippedLibTorchSharp => File("torchsharp", Prerequisites.TorchSharpVersion, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
}
