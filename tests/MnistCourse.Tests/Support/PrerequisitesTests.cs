namespace MnistCourse.Tests.Support;

public class PrerequisitesTests
{
    static readonly Prerequisite Missing = new("a test tool", "/nonexistent/tool", "run `apt-get install tool`", () => false);
    static readonly Prerequisite Present = new("a shell", "/bin/sh", "nothing to do", () => true);

    [Fact]
    public void A_missing_prerequisite_skips_with_what_is_missing_and_how_to_install_it()
    {
        var skip = Assert.Throws<SkipException>(() => Prerequisites.Require(ci: false, Present, Missing));
        Assert.Equal("a test tool (/nonexistent/tool) is missing: run `apt-get install tool`", skip.Message);
    }

    [Fact]
    public void Under_CI_a_missing_prerequisite_fails_instead()
    {
        var failure = Assert.Throws<Xunit.Sdk.FailException>(() => Prerequisites.Require(ci: true, Missing));
        Assert.StartsWith("a test tool (/nonexistent/tool) is missing: run `apt-get install tool`", failure.Message);
    }

    [Fact]
    public void Present_prerequisites_let_the_test_run()
    {
        Prerequisites.Require(ci: true, Present);
        Prerequisites.Require(ci: false);
    }

    [Fact]
    public void The_TorchSharp_version_is_the_one_the_test_assembly_was_built_against()
    {
        string built = typeof(TorchSharp.torch).Assembly.GetName().Version!.ToString(3);
        Assert.Equal(built, Prerequisites.TorchSharpVersion);
        Assert.True(File.Exists(NuGetCache.ShippedLibTorchSharp) || !OperatingSystem.IsLinux(), $"{NuGetCache.ShippedLibTorchSharp} is missing: run `dotnet restore`");
    }
}
