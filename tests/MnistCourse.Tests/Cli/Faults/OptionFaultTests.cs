namespace MnistCourse.Tests.Cli.Faults;

/// <summary>Bad command lines: exit 2 before any data is read, one line naming the option and the value typed.</summary>
public class OptionFaultTests
{
    // (command line after "train", texts the one error line must hold)
    static readonly Dictionary<string, (string[] Args, string[] Expected)> Cases = new()
    {
        ["batch size zero"] = (new[] { "--batch-size", "0" }, new[] { "--batch-size must be a whole number from 1", "got '0'" }),
        ["batch size int.MaxValue"] = (new[] { "--batch-size", "2147483647" }, new[] { "--batch-size", "got '2147483647'" }),
        ["epochs not a number"] = (new[] { "--epochs", "abc" }, new[] { "--epochs must be a whole number", "got 'abc'" }),
        ["epochs zero"] = (new[] { "--epochs", "0" }, new[] { "--epochs", "got '0'" }),
        ["epochs beyond long"] = (new[] { "--epochs", "99999999999999999999" }, new[] { "--epochs", "got '99999999999999999999'" }),
        ["lr negative"] = (new[] { "--lr", "-0.1" }, new[] { "--lr must be a number above 0", "got '-0.1'" }),
        ["lr 1e300"] = (new[] { "--lr", "1e300" }, new[] { "--lr", "at most 10", "got '1e300'" }),
        ["lr NaN"] = (new[] { "--lr", "NaN" }, new[] { "--lr", "got 'NaN'" }),
        ["momentum 1.5"] = (new[] { "--momentum", "1.5" }, new[] { "--momentum", "below 1", "got '1.5'" }),
        ["momentum exactly 1"] = (new[] { "--momentum", "1" }, new[] { "--momentum", "got '1'" }),
        ["patience beyond int"] = (new[] { "--patience", "99999999999" }, new[] { "--patience", "got '99999999999'" }),
        ["patience uint.MaxValue"] = (new[] { "--patience", "4294967295" }, new[] { "--patience", "got '4294967295'" }),
        ["patience negative"] = (new[] { "--patience", "-1" }, new[] { "--patience", "got '-1'" }),
        ["threads 100000"] = (new[] { "--threads", "100000" }, new[] { "--threads must be a whole number from 1 to", "got '100000'" }),
        ["threads negative"] = (new[] { "--threads", "-2" }, new[] { "--threads", "got '-2'" }),
        ["hidden int.MaxValue"] = (new[] { "--hidden", "2147483647" }, new[] { "--hidden", "got '2147483647'" }),
        ["hidden zero"] = (new[] { "--hidden", "0" }, new[] { "--hidden", "got '0'" }),
        ["seed beyond long"] = (new[] { "--seed", "99999999999999999999" }, new[] { "--seed", "got '99999999999999999999'" }),
        ["gamma zero"] = (new[] { "--gamma", "0" }, new[] { "--gamma", "above 0", "got '0'" }),
        ["gamma above one"] = (new[] { "--gamma", "1.5" }, new[] { "--gamma", "got '1.5'" }),
        ["step size zero"] = (new[] { "--step-size", "0" }, new[] { "--step-size", "got '0'" }),
        ["unknown data set"] = (new[] { "--dataset", "cifar10" }, new[] { "--dataset: unknown value 'cifar10'", "mnist, fashion-mnist" }),
        ["unknown optimizer"] = (new[] { "--optimizer", "rmsprop" }, new[] { "--optimizer: unknown value 'rmsprop'", "sgd, adam" }),
        ["unknown scheduler"] = (new[] { "--scheduler", "linear" }, new[] { "--scheduler: unknown value 'linear'", "cosine" }),
        ["unknown device"] = (new[] { "--device", "tpu" }, new[] { "--device: unknown value 'tpu'", "cpu" }),
        ["unknown option"] = (new[] { "--color", "red" }, new[] { "unknown option '--color'" }),
        ["flag given a value"] = (new[] { "--no-report=yes" }, new[] { "--no-report takes no value", "'--no-report=yes'" }),
        ["missing value"] = (new[] { "--epochs" }, new[] { "--epochs needs a value" }),
        ["stray argument"] = (new[] { "mnist" }, new[] { "stray argument 'mnist'" }),
        ["empty out"] = (new[] { "--out", "" }, new[] { "--out needs a folder name, got ''" }),
        ["blank out"] = (new[] { "--out", " " }, new[] { "--out needs a folder name" }),
        ["empty resume"] = (new[] { "--resume", "" }, new[] { "--resume needs the folder of a run" }),
        ["resume with another out"] = (new[] { "--resume", "/tmp", "--out", "/var/tmp/elsewhere" }, new[] { "--out /var/tmp/elsewhere conflicts with --resume /tmp" }),
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void A_bad_option_exits_2_naming_it(string name)
    {
        var (args, expected) = Cases[name];
        using var dir = new Support.TempDirectory();
        // The case's arguments come last, so a missing value is really missing.
        var result = FaultSuite.Run(new[] { "train", "--data-dir", FaultSuite.Data }.Concat(
            args.Contains("--out") ? Array.Empty<string>() : new[] { "--out", dir["run"] }).Concat(args));
        FaultSuite.AssertFails(result, 2, expected);
        Assert.DoesNotContain("Data:", result.Stdout); // refused before any data was read
    }

    [Fact]
    public void An_unknown_command_and_no_command_exit_2_with_the_usage_on_stderr()
    {
        FaultSuite.AssertFails(FaultSuite.Run(new[] { "fit" }), 2, "unknown command 'fit'", "mnist-course train");
        var none = FaultSuite.Run(Array.Empty<string>());
        Assert.Equal(2, none.ExitCode);
        Assert.Equal("", none.Stdout);
        Assert.StartsWith("Usage: mnist-course train", none.Stderr);
    }
}
