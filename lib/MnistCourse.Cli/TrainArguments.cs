using System.Globalization;
using MnistCourse.Data;
using MnistCourse.Training;

namespace MnistCourse.Cli;

/// <summary>The options of `mnist-course train`, parsed and checked.</summary>
public sealed record TrainArguments
{
    public string Dataset { get; init; } = "auto";
    public string? DataDir { get; init; }
    public string Device { get; init; } = "auto";
    public int Threads { get; init; } = 1;
    public string Out { get; init; } = Path.Combine("runs", "latest");
    public TrainingOptions Training { get; init; } = new();

    public const string Help = """
        Usage: mnist-course train [options]

        Runs the tutorial's complete example: SimpleNet on MNIST (or Fashion-MNIST offline), printing one line per epoch.

          --dataset NAME     auto | mnist | fashion-mnist (default auto: MNIST if cached or downloadable, else Fashion-MNIST)
          --data-dir DIR     read the IDX files from DIR (or set MNISTCOURSE_DATA)
          --epochs N         number of epochs (default 10)
          --batch-size N     batch size (default 64)
          --lr X             learning rate (default 0.01)
          --momentum X       SGD momentum (default 0.9)
          --optimizer NAME   sgd | adam (default sgd)
          --hidden N         hidden units of SimpleNet (default 128)
          --seed N           seed for weights and shuffling (default 42)
          --threads N        CPU threads for torch (default 1)
          --device NAME      auto | cpu | cuda (default auto)
          --out DIR          where metrics.csv goes (default runs/latest)
        """;

    public static TrainArguments Parse(IReadOnlyList<string> args)
    {
        var result = new TrainArguments();
        var training = new TrainingOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
                throw new UsageException($"unexpected argument '{arg}'; options start with -- (see mnist-course train --help)");
            string name = arg, value;
            int eq = arg.IndexOf('=');
            if (eq > 0) { name = arg[..eq]; value = arg[(eq + 1)..]; }
            else if (i + 1 < args.Count) value = args[++i];
            else throw new UsageException($"{name} needs a value (see mnist-course train --help)");

            switch (name)
            {
                case "--dataset":
                    if (!DatasetCatalog.Choices.Contains(value.ToLowerInvariant()))
                        throw new UsageException($"--dataset: unknown data set '{value}'; choose one of {string.Join(", ", DatasetCatalog.Choices)}");
                    result = result with { Dataset = value.ToLowerInvariant() };
                    break;
                case "--data-dir": result = result with { DataDir = value }; break;
                case "--out": result = result with { Out = value }; break;
                case "--device":
                    if (!Devices.Choices.Contains(value.ToLowerInvariant()))
                        throw new UsageException($"--device: unknown device '{value}'; choose one of {string.Join(", ", Devices.Choices)}");
                    result = result with { Device = value.ToLowerInvariant() };
                    break;
                case "--threads": result = result with { Threads = Positive(name, value) }; break;
                case "--epochs": training = training with { Epochs = Positive(name, value) }; break;
                case "--batch-size": training = training with { BatchSize = Positive(name, value) }; break;
                case "--hidden": training = training with { Hidden = Positive(name, value) }; break;
                case "--seed": training = training with { Seed = Integer(name, value) }; break;
                case "--lr":
                    double lr = Number(name, value);
                    if (!(lr > 0)) throw new UsageException($"--lr must be a positive number, got '{value}'");
                    training = training with { LearningRate = lr };
                    break;
                case "--momentum":
                    double m = Number(name, value);
                    if (!(m >= 0 && m < 1)) throw new UsageException($"--momentum must be at least 0 and below 1, got '{value}'");
                    training = training with { Momentum = m };
                    break;
                case "--optimizer":
                    if (!TrainingOptions.OptimizerChoices.Contains(value.ToLowerInvariant()))
                        throw new UsageException($"--optimizer: unknown optimizer '{value}'; choose one of {string.Join(", ", TrainingOptions.OptimizerChoices)}");
                    training = training with { Optimizer = value.ToLowerInvariant() };
                    break;
                default:
                    throw new UsageException($"unknown option '{name}' (see mnist-course train --help)");
            }
        }
        return result with { Training = training };
    }

    static int Positive(string name, string value)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n))
            throw new UsageException($"{name} must be a whole number, got '{value}'");
        if (n < 1) throw new UsageException($"{name} must be at least 1, got '{value}'");
        return n;
    }

    static long Integer(string name, string value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) ? n
            : throw new UsageException($"{name} must be a whole number, got '{value}'");

    static double Number(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && double.IsFinite(x) ? x
            : throw new UsageException($"{name} must be a number, got '{value}'");
}
