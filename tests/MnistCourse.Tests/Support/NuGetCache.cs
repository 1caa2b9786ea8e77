using System.Text.Json;

namespace MnistCourse.Tests.Support;

/// <summary>A .NET tool pinned in .config/dotnet-tools.json and its folder in the NuGet cache, where `dotnet tool restore` puts it.</summary>
public sealed record PinnedTool(string Id, string Version, string Folder);

/// <summary>
/// Files of packages restored into the NuGet cache (read only: the course never modifies them, except that its set-up
/// compiles the pinned notebook tools' DLLs in place, environment/ready-to-run.sh).
/// </summary>
public static class NuGetCache
{
    public static string Root => Environment.GetEnvironmentVariable("NUGET_PACKAGES")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>A path inside a package: NuGetCache.File("torchsharp", Prerequisites.TorchSharpVersion, "runtimes", ...).</summary>
    public static string File(string package, string version, params string[] parts) =>
        Path.Combine(new[] { Root, package.ToLowerInvariant(), version }.Concat(parts).ToArray());

    /// <summary>libLibTorchSharp.so as TorchSharp ships it, before our build patches its copy in bin/.</summary>
    public static string ShippedLibTorchSharp => File("torchsharp", Prerequisites.TorchSharpVersion, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    /// <summary>
    /// The tools of .config/dotnet-tools.json (dotnet-repl, microsoft.dotnet-interactive), each in the folder that holds
    /// its DotnetToolSettings.xml. Local tools land in ~/.nuget/packages even where NUGET_PACKAGES points elsewhere (as
    /// environment/jupyter.sh notes), so both are looked at; a tool not restored yet gets its folder under <see cref="Root"/>.
    /// </summary>
    public static IReadOnlyList<PinnedTool> PinnedTools()
    {
        using var manifest = JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(CliRunner.RepoRoot, ".config", "dotnet-tools.json")));
        string home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return manifest.RootElement.GetProperty("tools").EnumerateObject().Select(tool =>
        {
            string id = tool.Name.ToLowerInvariant(), version = tool.Value.GetProperty("version").GetString()!;
            string? folder = new[] { Environment.GetEnvironmentVariable("NUGET_PACKAGES"), home }
                .Where(cache => !string.IsNullOrEmpty(cache) && Directory.Exists(Path.Combine(cache!, id, version, "tools")))
                .SelectMany(cache => Directory.GetDirectories(Path.Combine(cache!, id, version, "tools"), "net*").Select(d => Path.Combine(d, "any")))
                .FirstOrDefault(d => System.IO.File.Exists(Path.Combine(d, "DotnetToolSettings.xml")));
            return new PinnedTool(id, version, folder ?? File(id, version, "tools", $"net{Environment.Version.Major}.0", "any"));
        }).ToList();
    }
}
