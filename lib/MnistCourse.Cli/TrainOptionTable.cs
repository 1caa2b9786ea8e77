using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using MnistCourse.Data;
using MnistCourse.Models;
using MnistCourse.Training;

namespace MnistCourse.Cli;

/// <summary>
/// Every option of `mnist-course train`, defined once: how it parses, its range, its default and its help
/// text. The parse result also says which options were typed, which a resumed run needs (it keeps the
/// run's values for the others and refuses typed ones that conflict).
/// </summary>
internal static class TrainOptionTable
{
    /// <summary>Enough threads to oversubscribe any machine a little; more only slow torch down.</summary>
    public static readonly int MaxThreads = 4 * Environment.ProcessorCount;

    public static readonly Option<string> Dataset = Choice("--dataset", "auto", DatasetCatalog.Choices,
        "auto | mnist | fashion-mnist (auto: MNIST if cached or downloadable, else Fashion-MNIST)");
    public static readonly Option<string?> DataDir = Folder("--data-dir", "Read the four IDX files from DIR (or set MNISTCOURSE_DATA)");
    public static readonly Option<int> Epochs = Whole("--epochs", 10, 1, 10_000, "Number of epochs (with --resume: train on up to this many)");
    public static readonly Option<int> BatchSize = Whole("--batch-size", 64, 1, 1_000_000, "Batch size (at most the number of training images)");
    public static readonly Option<double> LearningRate = Number("--lr", 0.01, 0, 10, "Learning rate", aboveMin: true);
    public static readonly Option<double> Momentum = Number("--momentum", 0.9, 0, 1, "SGD momentum", belowMax: true);
    public static readonly Option<string> Optimizer = Choice("--optimizer", "sgd", Names<OptimizerKind>(), "sgd | adam");
    public static readonly Option<int> Hidden = Whole("--hidden", 128, 1, 65_536, "Hidden units of SimpleNet");
    public static readonly Option<long> Seed = Whole("--seed", 42L, 0, long.MaxValue, "Seed for the weights and the shuffling");
    public static readonly Option<int> Threads = Whole("--threads", 1, 1, MaxThreads, $"CPU threads for torch (at most {MaxThreads}: 4 per core)");
    public static readonly Option<string> Device = Choice("--device", "auto", Names<DeviceChoice>(), "auto | cpu | cuda");
    public static readonly Option<string> Scheduler = Choice("--scheduler", "none", Names<ScheduleKind>(),
        "none | step | cosine | plateau (step is the source's StepLR)");
    public static readonly Option<int> StepSize = Whole("--step-size", 5, 1, 10_000, "StepLR: epochs between decays");
    public static readonly Option<double> Gamma = Number("--gamma", 0.5, 0, 1, "StepLR and plateau: decay factor", aboveMin: true);
    public static readonly Option<int> Patience = Whole("--patience", 2, 0, 10_000, "Plateau: epochs without improvement before a decay");
    public static readonly Option<string> Out = new("--out")
    {
        HelpName = "DIR",
        Description = "Where metrics.csv, the checkpoints, tensorboard/ and report.html go",
        DefaultValueFactory = _ => Path.Combine("runs", "latest"),
    };
    public static readonly Option<bool> NoReport = new("--no-report")
    {
        Description = "Do not write <out>/report.html",
        Arity = ArgumentArity.Zero,
    };
    public static readonly Option<string?> Resume = Folder("--resume",
        "Continue the run in DIR (or from DIR/checkpoint-best.ckpt) after its last finished epoch, with its data and options; " +
        "pass --epochs to train further. --threads and --device may change too");

    /// <summary>The options a resumed run may change; any other typed option must match the run's.</summary>
    public static readonly IReadOnlySet<string> ChangeableOnResume = new HashSet<string> { "--epochs", "--threads", "--device" };

    /// <summary>The training options in the order the help lists them (and the run manifest records them).</summary>
    public static IReadOnlyList<Option> Recorded { get; } = new Option[]
    {
        Dataset, Epochs, BatchSize, LearningRate, Momentum, Optimizer, Hidden, Seed, Threads, Device,
        Scheduler, StepSize, Gamma, Patience, NoReport,
    };

    public static RootCommand CreateRoot()
    {
        var train = new Command("train", "Runs the tutorial's complete example: SimpleNet on MNIST (or Fashion-MNIST offline), one line per epoch.");
        foreach (var option in new Option[] { Dataset, DataDir }.Concat(Recorded.Skip(1)).Concat(new Option[] { Out, Resume }))
            train.Options.Add(option);
        var root = new RootCommand("mnist-course: the training-loop course's command-line program.");
        root.Subcommands.Add(train);
        return root;
    }

    /// <summary>
    /// The option that sets a library property (the ParamName of the library's ArgumentException), so a library error
    /// is told in the words the user typed. Null for a property no option sets.
    /// </summary>
    public static Option? ForProperty(string? property) => property switch
    {
        nameof(TrainingOptions.Epochs) => Epochs,
        nameof(TrainingOptions.BatchSize) => BatchSize,
        nameof(TrainingOptions.Seed) => Seed,
        nameof(TrainingOptions.Schedule) => Scheduler,
        nameof(TrainingOptions.StepSize) => StepSize,
        nameof(TrainingOptions.Gamma) => Gamma,
        nameof(TrainingOptions.Patience) => Patience,
        nameof(SimpleNetRecipe.Hidden) => Hidden,
        nameof(SimpleNetRecipe.Optimizer) => Optimizer,
        nameof(SimpleNetRecipe.LearningRate) => LearningRate,
        nameof(SimpleNetRecipe.Momentum) => Momentum,
        _ => null,
    };

    /// <summary>An enum value as the command line spells it: ScheduleKind.Step is "step".</summary>
    public static string NameOf<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString().ToLowerInvariant();

    /// <summary>The enum value a choice names (the table has already checked it is one).</summary>
    public static TEnum Parse<TEnum>(string text) where TEnum : struct, Enum => Enum.Parse<TEnum>(text, ignoreCase: true);

    static string[] Names<TEnum>() where TEnum : struct, Enum => Enum.GetValues<TEnum>().Select(NameOf).ToArray();

    /// <summary>The canonical text of an option's value in a parse result (the form run.json records).</summary>
    public static string ValueText(ParseResult parse, Option option) => option switch
    {
        Option<int> o => parse.GetValue(o).ToString(CultureInfo.InvariantCulture),
        Option<long> o => parse.GetValue(o).ToString(CultureInfo.InvariantCulture),
        Option<double> o => parse.GetValue(o).ToString("R", CultureInfo.InvariantCulture),
        Option<bool> o => parse.GetValue(o) ? "true" : "false",
        Option<string> o => parse.GetValue(o) ?? "",
        _ => throw new ArgumentException($"no text form for {option.Name}"),
    };

    /// <summary>True when the user typed the option (not just its default).</summary>
    public static bool Typed(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    static Option<int> Whole(string name, int defaultValue, int min, int max, string description)
    {
        var option = new Option<int>(name) { HelpName = "N", Description = description, DefaultValueFactory = _ => defaultValue };
        option.CustomParser = r => (int)ParseWhole(r, name, min, max);
        return option;
    }

    static Option<long> Whole(string name, long defaultValue, long min, long max, string description)
    {
        var option = new Option<long>(name) { HelpName = "N", Description = description, DefaultValueFactory = _ => defaultValue };
        option.CustomParser = r => ParseWhole(r, name, min, max);
        return option;
    }

    static long ParseWhole(ArgumentResult r, string name, long min, long max)
    {
        string text = r.Tokens.Count == 1 ? r.Tokens[0].Value : "";
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n) && n >= min && n <= max) return n;
        r.AddError($"{name} must be a whole number from {min} to {max}, got '{text}'");
        return min;
    }

    static Option<double> Number(string name, double defaultValue, double min, double max, string description, bool aboveMin = false, bool belowMax = false)
    {
        string range = $"{(aboveMin ? "above" : "at least")} {min.ToString(CultureInfo.InvariantCulture)} and {(belowMax ? "below" : "at most")} {max.ToString(CultureInfo.InvariantCulture)}";
        var option = new Option<double>(name) { HelpName = "X", Description = $"{description} ({range})", DefaultValueFactory = _ => defaultValue };
        option.CustomParser = r =>
        {
            string text = r.Tokens.Count == 1 ? r.Tokens[0].Value : "";
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && double.IsFinite(x)
                && (aboveMin ? x > min : x >= min) && (belowMax ? x < max : x <= max))
                return x;
            r.AddError($"{name} must be a number {range}, got '{text}'");
            return defaultValue;
        };
        return option;
    }

    static Option<string> Choice(string name, string defaultValue, IEnumerable<string> choices, string description)
    {
        var allowed = choices.ToArray();
        var option = new Option<string>(name) { HelpName = "NAME", Description = description, DefaultValueFactory = _ => defaultValue };
        option.CustomParser = r =>
        {
            string text = r.Tokens.Count == 1 ? r.Tokens[0].Value : "";
            string value = text.ToLowerInvariant();
            if (allowed.Contains(value)) return value;
            r.AddError($"{name}: unknown value '{text}'; choose one of {string.Join(", ", allowed)}");
            return defaultValue;
        };
        return option;
    }

    static Option<string?> Folder(string name, string description) => new(name) { HelpName = "DIR", Description = description };
}
