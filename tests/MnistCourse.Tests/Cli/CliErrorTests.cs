using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Cli;

/// <summary>Bad input: exit 2, one line on stderr that names the option or file, no stack trace.</summary>
public class CliErrorTests
{
    static void AssertOneLineError(CliResult result, params string[] expected)
    {
        Assert.Equal(2, result.ExitCode);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line, got:\n{result.Stderr}");
        Assert.StartsWith("mnist-course: ", lines[0]);
        foreach (var text in expected) Assert.Contains(text, lines[0]);
        Assert.DoesNotContain(" at ", result.Stderr.Replace("at least", ""));
        Assert.DoesNotContain("Exception", result.Stderr);
    }

    [Theory]
    [InlineData("--batch-size", "0", "--batch-size must be at least 1")]
    [InlineData("--lr", "-0.1", "--lr must be a positive number")]
    [InlineData("--dataset", "cifar10", "--dataset: unknown data set 'cifar10'")]
    [InlineData("--epochs", "abc", "--epochs must be a whole number, got 'abc'")]
    [InlineData("--momentum", "1.5", "--momentum must be")]
    [InlineData("--optimizer", "rmsprop", "--optimizer: unknown optimizer 'rmsprop'")]
    [InlineData("--threads", "-2", "--threads must be at least 1")]
    [InlineData("--device", "tpu", "--device: unknown device 'tpu'")]
    [InlineData("--color", "red", "unknown option '--color'")]
    public void Invalid_options_exit_2_naming_the_option(string option, string value, string message) =>
        AssertOneLineError(CliRunner.Run(new[] { "train", option, value }), message);

    [Fact]
    public void A_missing_value_and_an_unknown_command_exit_2()
    {
        AssertOneLineError(CliRunner.Run(new[] { "train", "--epochs" }), "--epochs needs a value");
        AssertOneLineError(CliRunner.Run(new[] { "fit" }), "unknown command 'fit'");
    }

    [Fact]
    public void Cuda_where_none_is_available_exits_2_with_the_reason()
    {
        using var dir = new TempDirectory();
        SyntheticDigits.WriteDataset(dir.Path, 64, 64);
        AssertOneLineError(CliRunner.Run(new[] { "train", "--device", "cuda", "--data-dir", dir.Path, "--epochs", "1" }),
            "--device cuda", "this build has the CPU libtorch (TorchBackend=cpu)", "-p:TorchBackend=cuda", "--device cpu");
    }

    [Fact]
    public void A_missing_data_folder_exits_2_naming_it()
    {
        AssertOneLineError(CliRunner.Run(new[] { "train", "--data-dir", "/nonexistent/mnist" }), "--data-dir /nonexistent/mnist: folder not found");
    }

    [Fact]
    public void A_truncated_data_file_exits_2_naming_the_file()
    {
        using var dir = new TempDirectory();
        SyntheticDigits.WriteDataset(dir.Path, 64, 64);
        string labels = dir["t10k-labels-idx1-ubyte.gz"];
        var raw = Idx.Encode(new[] { 64 }, new byte[64]);
        File.WriteAllBytes(labels, Idx.Gzip(raw[..40]));

        var result = CliRunner.Run(new[] { "train", "--data-dir", dir.Path, "--dataset", "mnist", "--epochs", "1" });
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{labels}: truncated", result.Stderr);
        Assert.DoesNotContain(" at MnistCourse", result.Stderr);
    }

    [Fact]
    public void The_data_set_environment_variable_is_used_like_data_dir()
    {
        var result = CliRunner.Run(new[] { "train", "--epochs", "1" }, new Dictionary<string, string?> { ["MNISTCOURSE_DATA"] = "/nonexistent/env-data" });
        AssertOneLineError(result, "/nonexistent/env-data: folder not found");
    }
}
