using System.Text.Json;
using System.Text.RegularExpressions;
using MnistCourse.Tests.Cli.Faults;
using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Cli;

/// <summary>`train --help` comes from the same option table that parses: what it lists is what the program does.</summary>
public class CliHelpTests
{
    static readonly Regex OptionLine = new(@"^\s+(--[a-z-]+)(?: <(\w+)>)?\s+(.*?)(?: \[default: ([^\]]+)\])?$", RegexOptions.Multiline);

    [Fact]
    public void Help_lists_every_option_with_the_defaults_a_run_records()
    {
        var help = FaultSuite.Run(new[] { "train", "--help" });
        Assert.Equal(0, help.ExitCode);
        Assert.Equal("", help.Stderr);
        Assert.Contains("Usage:\n  mnist-course train [options]", help.Stdout);
        Assert.Equal(help.Stdout, FaultSuite.Run(new[] { "train", "-h" }).Stdout);
        var listed = OptionLine.Matches(help.Stdout).ToDictionary(m => m.Groups[1].Value, m => m);

        // A run with no options typed records every option's value in run.json: each must be the default help shows.
        using var dir = new TempDirectory();
        var run = FaultSuite.Run(new[] { "train", "--dataset", "mnist", "--epochs", "1", "--data-dir", FaultSuite.Data, "--out", dir["run"], "--no-report" });
        Assert.True(run.ExitCode == 0, run.Stderr);
        var recorded = JsonDocument.Parse(File.ReadAllText(dir["run/run.json"])).RootElement.GetProperty("Options")
            .EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        foreach (var (name, value) in recorded)
        {
            Assert.True(listed.ContainsKey(name), $"{name} is recorded in run.json but not in --help");
            if (name is "--dataset" or "--epochs" or "--no-report") continue; // typed above
            Assert.Equal(value, listed[name].Groups[4].Value);
        }
        foreach (var name in new[] { "--data-dir", "--out", "--resume" }) Assert.Contains(name, listed.Keys);
    }

    [Fact]
    public void Every_option_help_lists_with_a_value_rejects_a_bad_one_naming_itself()
    {
        var help = FaultSuite.Run(new[] { "train", "--help" }).Stdout;
        var valued = OptionLine.Matches(help).Where(m => m.Groups[2].Value is "N" or "X" or "NAME").Select(m => m.Groups[1].Value).ToList();
        Assert.True(valued.Count >= 14, $"only {valued.Count} options with values in:\n{help}");
        foreach (var option in valued)
        {
            var result = FaultSuite.Run(new[] { "train", option, "abc" });
            FaultSuite.AssertFails(result, 2, option, "'abc'");
        }
    }
}
