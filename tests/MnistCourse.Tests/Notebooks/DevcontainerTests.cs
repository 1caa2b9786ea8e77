using System.Text.Json;
using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Notebooks;

public class DevcontainerTests
{
    static JsonElement Config()
    {
        string path = Path.Combine(CliRunner.RepoRoot, ".devcontainer", "devcontainer.json");
        return JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }).RootElement;
    }

    [Fact]
    public void The_image_is_dotnet_10_on_a_distro_whose_libstdcxx_needs_no_patch()
    {
        string image = Config().GetProperty("image").GetString()!;
        Assert.StartsWith("mcr.microsoft.com/devcontainers/dotnet:", image);
        Assert.Matches(@":(1-)?10\.0-(noble|trixie)$", image); // Ubuntu 24.04 or Debian 13: GCC >= 13 runtimes
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
