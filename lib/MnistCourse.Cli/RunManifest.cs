using System.CommandLine;
using System.Text.Json;
using MnistCourse.Data;

namespace MnistCourse.Cli;

/// <summary>
/// DIR/run.json: what a run was started with (its identity, its data set, the folder its data came from and the
/// MD5 of each file, every option's value), what the trainer built from them ran (Ran: the model, its parameter
/// count, the optimizer and the schedule, read from those objects) and the files it writes there, so that `--resume DIR` trains on the
/// same data with the same options, refuses a typed option or a checkpoint that would silently make it a different
/// run, and a new run in DIR replaces only what the earlier one wrote.
/// </summary>
internal sealed record RunManifest(
    int Format,
    string RunId,
    string Dataset,
    string DataDirectory,
    Dictionary<string, string> DataFiles,
    Dictionary<string, string> Options,
    List<string> Outputs,
    Dictionary<string, string>? Ran = null)
{
    public const string FileName = "run.json";
    const int CurrentFormat = 2;
    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The manifest of a new run: a new identity, its located data (files hashed now), every option's value and what the trainer runs.</summary>
    public static RunManifest Create(DataLocation data, ParseResult parse, MnistCourse.Training.RunDescription ran, CancellationToken cancel) => new(
        CurrentFormat,
        Guid.NewGuid().ToString("N"),
        data.Dataset.Name,
        Path.GetFullPath(data.Directory),
        data.Dataset.Files.ToDictionary(f => f.Name, f => Md5(data.PathOf(f), cancel)),
        TrainOptionTable.Recorded.ToDictionary(o => o.Name, o => TrainOptionTable.ValueText(parse, o)),
        RunFolder.OutputNames.ToList(),
        new Dictionary<string, string>
        {
            ["Model"] = ran.Model,
            ["Parameters"] = ran.Parameters.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Optimizer"] = ran.Optimizer.ToString(),
            ["Schedule"] = ran.Schedule,
            ["Device"] = ran.Device,
        });

    static string Md5(string path, CancellationToken cancel)
    {
        cancel.ThrowIfCancellationRequested();
        try { return Checksums.Md5OfFile(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw DataException.CannotRead(path, e); }
    }

    public void Write(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    /// <summary>
    /// Reads run.json and checks every value as strictly as the command line checks a typed one: a value edited
    /// by hand (a batch size of 0, an unknown optimizer or data set) is a damaged record, exit 2, never a crash.
    /// </summary>
    public static RunManifest Read(string path)
    {
        if (!File.Exists(path))
            throw new RunFolderException($"{path}: missing, so this folder holds no run to resume; start one with --out {Path.GetDirectoryName(path)}");
        RunManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<RunManifest>(File.ReadAllText(path));
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw Damaged(path, e.Message.ReplaceLineEndings(" "), e);
        }
        if (manifest is null || manifest.Format != CurrentFormat)
            throw Damaged(path, manifest is null ? "empty" : $"format {manifest.Format}, this mnist-course writes {CurrentFormat}");
        if (manifest.Problem() is { } problem) throw Damaged(path, problem);
        return manifest;
    }

    static RunFolderException Damaged(string path, string reason, Exception? inner = null) =>
        new($"{path}: damaged run record ({reason}); train into a new --out", inner);

    /// <summary>What is wrong with the record's values, or null.</summary>
    string? Problem()
    {
        if (RunId is null || !System.Text.RegularExpressions.Regex.IsMatch(RunId, "^[0-9a-f]{32}$")) return "no valid RunId";
        if (Options is null || DataFiles is null || Outputs is null || string.IsNullOrEmpty(DataDirectory)) return "a field is missing";
        if (DatasetCatalog.All.FirstOrDefault(d => d.Name == Dataset) is not { } dataset)
            return $"\"Dataset\": \"{Dataset}\" is not one of {string.Join(", ", DatasetCatalog.All.Select(d => d.Name))}";
        foreach (var file in dataset.Files)
            if (!DataFiles.TryGetValue(file.Name, out var md5) || md5 is null || !System.Text.RegularExpressions.Regex.IsMatch(md5, "^[0-9a-fA-F]{32}$"))
                return $"no MD5 of {file.Name}";
        if (TrainOptionTable.Recorded.FirstOrDefault(o => !Options.ContainsKey(o.Name) || Options[o.Name] is null) is { } absent)
            return $"no value of {absent.Name}";
        if (CommandLineErrors.FirstError(RecordedParse, RecordedArgs) is { } error)
            return error.Replace(" (see mnist-course train --help)", "", StringComparison.Ordinal);
        return null;
    }

    // The recorded values as a command line, parsed by the same table as a typed one.
    string[] RecordedArgs => new[] { "train", "--dataset", Dataset }.Concat(TrainOptionTable.Recorded
        .Where(o => o != TrainOptionTable.Dataset)
        .SelectMany(o => o == TrainOptionTable.NoReport
            ? Options[o.Name] switch { "true" => new[] { o.Name }, "false" => Array.Empty<string>(), var v => new[] { o.Name + "=" + v } }
            : new[] { o.Name, Options[o.Name] })).ToArray();

    /// <summary>The run's values as a parse result (what resume trains with).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ParseResult RecordedParse => TrainOptionTable.CreateRoot().Parse(RecordedArgs);

    /// <summary>
    /// The option typed now that conflicts with the run's value, as a message; null when none does. --epochs,
    /// --threads and --device may change; --dataset must name the run's data set.
    /// </summary>
    public string? Conflict(ParseResult parse)
    {
        foreach (var option in TrainOptionTable.Recorded)
        {
            if (!TrainOptionTable.Typed(parse, option) || TrainOptionTable.ChangeableOnResume.Contains(option.Name)) continue;
            string now = TrainOptionTable.ValueText(parse, option);
            if (option == TrainOptionTable.Dataset && now == "auto") continue;
            string recorded = option == TrainOptionTable.Dataset ? Dataset : this[option];
            if (now != recorded)
                return $"{Shown(option.Name, now)} conflicts with this run's {Shown(option.Name, recorded)}; " +
                       "leave it out to resume the run as it was, or train into a new --out";
        }
        return null;
    }

    static string Shown(string name, string value) => value switch
    {
        "true" when name == "--no-report" => "--no-report",
        "false" when name == "--no-report" => "report (no --no-report)",
        _ => $"{name} {value}",
    };

    /// <summary>The run's value of an option, in the option's parsed form.</summary>
    public string this[Option option] => TrainOptionTable.ValueText(RecordedParse, option);

    /// <summary>
    /// The run's data: from <paramref name="typedDirectory"/> when given (the same files moved), else from where
    /// it was. Every file must have the MD5 it had when the run started.
    /// </summary>
    public DataLocation LocateData(string? typedDirectory)
    {
        var dataset = DatasetCatalog.Get(Dataset);
        string dir = typedDirectory ?? DataDirectory;
        // --data-dir ROOT finds the files in ROOT/<data set>/ too, as it did when the run started.
        string sub = Path.Combine(dir, dataset.Name);
        if (typedDirectory is not null && !DataLocation.HasAllFiles(dir, dataset) && DataLocation.HasAllFiles(sub, dataset)) dir = sub;
        if (!Directory.Exists(dir))
            throw new DataException(typedDirectory is not null
                ? $"--data-dir {dir}: folder not found; pass the folder that holds this run's data"
                : $"{dir}: this run's data folder is gone; pass --data-dir DIR with the same four files");
        var location = new DataLocation(dataset, dir, typedDirectory is null ? "as recorded in run.json" : "--data-dir");
        foreach (var file in dataset.Files)
        {
            string path = location.PathOf(file);
            string md5;
            try { md5 = Checksums.Md5OfFile(path); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw DataException.CannotRead(path, e); }
            if (!DataFiles.TryGetValue(file.Name, out var recorded) || !string.Equals(md5, recorded, StringComparison.OrdinalIgnoreCase))
                throw new DataException($"{path} is not the file this run trained on (MD5 {md5}, the run's was {recorded}); " +
                    "pass --data-dir with the run's data, or train into a new --out");
        }
        return location;
    }
}
