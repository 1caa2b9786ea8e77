using System.Text.Json;
using System.Text.RegularExpressions;
using MnistCourse.Runtime;
using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Notebooks;

public class DevcontainerTests
{
    static JsonElement Config()
    {
        string path = Path.Combine(CliRunner.RepoRoot, ".devcontainer", "devcontainer.json");
        return JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }).RootElement;
    }

    /// <summary>
    /// The newest GLIBCXX version each distribution's libstdc++ provides (its GCC runtime), for the distributions the
    /// .NET devcontainer images are built on. Debian 13's entry is checked against a real root below.
    /// </summary>
    static readonly Dictionary<string, int> NewestGlibcxx = new()
    {
        ["bookworm"] = 30, // Debian 12, GCC 12
        ["jammy"] = 30,    // Ubuntu 22.04, GCC 12 runtime
        ["noble"] = 33,    // Ubuntu 24.04, GCC 14 runtime
        ["trixie"] = 33,   // Debian 13, GCC 14
    };

    static int Glibcxx(string version) => int.Parse(Regex.Match(version, @"^GLIBCXX_3\.4\.(\d+)$").Groups[1].Value);

    [Fact]
    public void The_images_distribution_has_a_libstdcxx_new_enough_for_the_shipped_TorchSharp()
    {
        string image = Config().GetProperty("image").GetString()!;
        var tag = Regex.Match(image, @"^mcr\.microsoft\.com/devcontainers/dotnet:(?:\d+-)?(?<dotnet>\d+\.\d+)-(?<distro>[a-z]+)$");
        Assert.True(tag.Success, $"{image} is not a .NET devcontainer image with a distribution in its tag");
        Assert.Equal($"{Environment.Version.Major}.0", tag.Groups["dotnet"].Value); // the SDK the course builds with
        string distro = tag.Groups["distro"].Value;
        Assert.True(NewestGlibcxx.ContainsKey(distro), $"unknown distribution '{distro}': add its libstdc++'s newest GLIBCXX version to the table");

        // What TorchSharp's native library, as this build restores it, asks of libstdc++.
        int needed = ElfVersionNeeds.Read(NuGetCache.ShippedLibTorchSharp)
            .Where(n => n.File == "libstdc++.so.6" && n.Version.StartsWith("GLIBCXX_3.4.")).Max(n => Glibcxx(n.Version));
        Assert.True(NewestGlibcxx[distro] >= needed,
            $"{image}: {distro}'s libstdc++ stops at GLIBCXX_3.4.{NewestGlibcxx[distro]}, TorchSharp {Prerequisites.TorchSharpVersion} needs GLIBCXX_3.4.{needed}");
    }

    [SkippableFact]
    public void The_table_says_what_Debian_13s_real_libstdcxx_provides()
    {
        Prerequisites.Require(Prerequisites.Debian13Root);
        string library = Path.Combine(Prerequisites.Debian13Root.Path, "usr/lib/x86_64-linux-gnu/libstdc++.so.6");
        string text = System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(library));
        int newest = Regex.Matches(text, @"GLIBCXX_3\.4\.(\d+)\0").Max(m => int.Parse(m.Groups[1].Value));
        Assert.Equal(NewestGlibcxx["trixie"], newest);
    }

    [Fact]
    public void Polyglot_Notebooks_and_CSharp_extensions_are_installed()
    {
        var extensions = Config().GetProperty("customizations").GetProperty("vscode").GetProperty("extensions")
            .EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("ms-dotnettools.dotnet-interactive-vscode", extensions);
        Assert.Contains("ms-dotnettools.csharp", extensions);
    }

    [Fact]
    public void Creating_the_container_runs_the_set_up_and_opens_the_first_notebook()
    {
        var config = Config();
        string command = config.GetProperty("postCreateCommand").GetString()!;
        Assert.Equal("bash environment/setup.sh", command);
        Assert.True(File.Exists(Path.Combine(CliRunner.RepoRoot, "environment", "setup.sh")));

        var open = config.GetProperty("customizations").GetProperty("codespaces").GetProperty("openFiles").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal("notebooks/00-overview.dib", open[0]);
        Assert.True(File.Exists(Path.Combine(CliRunner.RepoRoot, open[0]!)));
    }
}
