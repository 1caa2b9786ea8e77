using System.CommandLine;
using System.Text.Json;
using MnistCourse.Data;

namespace MnistCourse.Cli;

/// <summary>
/// DIR/run.json: what a run was started with (its data set, the folder its data came from and the MD5 of each
/// file, and every option's value), so that `--resume DIR` trains on the same data with the same options,
/// and refuses a typed option that would silently make it a different run.
/// </summary>
public sealed record RunManifest(
    int Format,
    string Dataset,
    string DataDirectory,
    Dictionary<string, string> DataFiles,
    Dictionary<string, string> Options)
{
    public const string FileName = "run.json";
    const int CurrentFormat = 1;
    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The manifest of a new run: its located data (files hashed now) and every option's value.</summary>
    public static RunManifest Create(DataLocation data, ParseResult parse) => new(
        CurrentFormat,
        data.Dataset.Name,
        Path.GetFullPath(data.Directory),
        data.Dataset.Files.ToDictionary(f => f.Name, f => Checksums.Md5OfFile(data.PathOf(f))),
        TrainOptionTable.Recorded.ToDictionary(o => o.Name, o => TrainOptionTable.ValueText(parse, o)));

    public void Write(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    public static RunManifest Read(string path)
    {
        if (!File.Exists(path))
            throw new RunFolderException($"{path}: missing, so this folder holds no run to resume; start one with --out {Path.GetDirectoryName(path)}");
        try
        {
            var manifest = JsonSerializer.Deserialize<RunManifest>(File.ReadAllText(path));
            if (manifest is null || manifest.Format != CurrentFormat || manifest.Options is null || manifest.DataFiles is null
                || TrainOptionTable.Recorded.Any(o => !manifest.Options.ContainsKey(o.Name)))
                throw new JsonException("unexpected content");
            return manifest;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new RunFolderException($"{path}: damaged run record ({e.Message.ReplaceLineEndings(" ")}); train into a new --out", e);
        }
    }

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
            string recorded = option == TrainOptionTable.Dataset ? Dataset : Options[option.Name];
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
    public string this[Option option] => Options[option.Name];

    /// <summary>
    /// The run's data: from <paramref name="typedDirectory"/> when given (the same files moved), else from where
    /// it was. Every file must have the MD5 it had when the run started.
    /// </summary>
    public DataLocation LocateData(string? typedDirectory)
    {
        var dataset = DatasetCatalog.Get(Dataset);
        string dir = typedDirectory ?? DataDirectory;
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
