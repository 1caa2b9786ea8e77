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
    /// <summary>A run folder to continue from (its checkpoint-last.ckpt).</summary>
    public string? Resume { get; init; }
    /// <summary>Write &lt;out&gt;/report.html when training ends (--no-report turns it off).</summary>
    public bool Report { get; init; } = true;
    /// <summary>The options the user typed (a resumed run keeps the checkpoint's values for the others).</summary>
    public IReadOnlySet<string> Given { get; init; } = new HashSet<string>();

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
          --scheduler NAME   none | step | cosine | plateau (default none; step is the source's StepLR)
          --step-size N      StepLR: epochs between decays (default 5)
          --gamma X          StepLR / plateau: decay factor (default 0.5)
          --patience N       plateau: epochs without improvement before a decay (default 2)
          --out DIR          where metrics.csv and the checkpoints go (default runs/latest)
          --no-report        do not write <out>/report.html (charts and tables of the run)
          --resume DIR       continue the run in DIR after its last finished epoch (its options are kept;
                             pass --epochs to train further)
        """;

    /// <summary>Parses the options; <paramref name="baseline"/> supplies the training options not given (default: the source's).</summary>
    public static TrainArguments Parse(IReadOnlyList<string> args, TrainingOptions? baseline = null)
    {
        var result = new TrainArguments();
        var training = baseline ?? new TrainingOptions();
        var given = new HashSet<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
                throw new UsageException($"unexpected argument '{arg}'; options start with -- (see mnist-course train --help)");
            if (arg == "--no-report")
            {
                result = result with { Report = false };
                given.Add(arg);
                continue;
            }
            string name = arg, value;
            int eq = arg.IndexOf('=');
            if (eq > 0) { name = arg[..eq]; value = arg[(eq + 1)..]; }
            else if (i + 1 < args.Count) value = args[++i];
            else throw new UsageException($"{name} needs a value (see mnist-course train --help)");
            given.Add(name);

            switch (name)
            {
                case "--dataset":
                    if (!DatasetCatalog.Choices.Contains(value.ToLowerInvariant()))
                        throw new UsageException($"--dataset: unknown data set '{value}'; choose one of {string.Join(", ", DatasetCatalog.Choices)}");
                    result = result with { Dataset = value.ToLowerInvariant() };
                    break;
                case "--data-dir": result = result with { DataDir = value }; break;
                case "--out": result = result with { Out = value }; break;
                case "--resume": result = result with { Resume = value }; break;
                case "--scheduler":
                    if (!TrainingOptions.SchedulerChoices.Contains(value.ToLowerInvariant()))
                        throw new UsageException($"--scheduler: unknown scheduler '{value}'; choose one of {string.Join(", ", TrainingOptions.SchedulerChoices)}");
                    training = training with { Scheduler = value.ToLowerInvariant() };
                    break;
                case "--step-size": training = training with { StepSize = Positive(name, value) }; break;
                case "--patience": training = training with { Patience = (int)Integer(name, value) }; break;
                case "--gamma":
                    double gamma = Number(name, value);
                    if (!(gamma > 0 && gamma <= 1)) throw new UsageException($"--gamma must be above 0 and at most 1, got '{value}'");
                    training = training with { Gamma = gamma };
                    break;
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
        if (training.Patience < 0) throw new UsageException($"--patience must be at least 0, got '{training.Patience}'");
        return result with { Training = training, Given = given };
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
