using MnistCourse.Localization;
namespace MnistCourse.Data;

/// <summary>
/// Finds a data set, in this order: a folder the user named (--data-dir or MNISTCOURSE_DATA); the
/// course's cache (data/&lt;name&gt;/); for Fashion-MNIST, the folder of Debian's dataset-fashion-mnist
/// package; a download from the mirrors into that cache. "auto" takes MNIST if it is cached or can be
/// downloaded, else Fashion-MNIST from any source.
/// </summary>
/// <param name="datasets">
/// The data sets to choose from, preferred first ("auto" tries them in order); the catalogue's by default.
/// Tests pass entries whose mirrors and OS package folder point somewhere local.
/// </param>
/// <param name="userDirectorySource">What named <paramref name="userDirectory"/> (the caller's words: "--data-dir" in the CLI, or MNISTCOURSE_DATA), for messages.</param>
public sealed class DataLocator
{
    public const string EnvironmentVariable = "MNISTCOURSE_DATA";
    const string DataFolder = "data folder";

    readonly string cacheRoot;
    readonly string? userDirectory;
    readonly Downloader? downloader;
    readonly Action<string>? log;
    readonly IReadOnlyList<DatasetInfo> datasets;
    readonly string userDirectorySource;

    internal DataLocator(string cacheRoot, string? userDirectory = null, Downloader? downloader = null, Action<string>? log = null,
        IReadOnlyList<DatasetInfo>? datasets = null, string userDirectorySource = DataFolder)
    {
        this.cacheRoot = cacheRoot;
        this.userDirectory = userDirectory;
        this.downloader = downloader;
        this.log = log;
        this.datasets = datasets is { Count: > 0 } ? datasets : DatasetCatalog.All;
        this.userDirectorySource = userDirectorySource;
    }

    /// <summary>A locator with the course's defaults: the repository's data/ folder and real downloads.</summary>
    /// <param name="userDirectory">A folder of your own with the four IDX files (else MNISTCOURSE_DATA when set).</param>
    /// <param name="userDirectoryName">How messages name <paramref name="userDirectory"/>: the CLI says "--data-dir".</param>
    public static DataLocator CreateDefault(string? userDirectory = null, Action<string>? log = null, IProgress<DownloadProgress>? progress = null,
        string userDirectoryName = DataFolder)
    {
        string source = userDirectoryName;
        if (userDirectory is null && Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env)
            (userDirectory, source) = (env, EnvironmentVariable);
        return new DataLocator(CoursePaths.DataDirectory, userDirectory,
            new Downloader(Downloader.CreateHttpClient(), progress, log), log, userDirectorySource: source);
    }

    public DataLocation Locate(string dataset, CancellationToken cancel = default) =>
        LocateAsync(dataset, cancel).GetAwaiter().GetResult();

    internal async Task<DataLocation> LocateAsync(string dataset, CancellationToken cancel = default)
    {
        bool auto = string.Equals(dataset, "auto", StringComparison.OrdinalIgnoreCase);
        if (userDirectory is not null)
            return FromUserDirectory(auto ? null : Find(dataset));

        if (!auto)
        {
            var wanted = Find(dataset);
            var (location, failure) = await LocateAsync(wanted, cancel);
            return location ?? throw NotFound(wanted, failure);
        }

        // The first data set is the one the course is about; the others are stand-ins for when it cannot be had.
        for (int i = 0; i < datasets.Count; i++)
        {
            var (found, failure) = await LocateAsync(datasets[i], cancel);
            if (found is not null) return found;
            if (i + 1 < datasets.Count)
                log?.Invoke(failure is null
                    ? Texts.Format("{0} is not cached and could not be downloaded; using {1} instead.", datasets[i].DisplayName, datasets[i + 1].DisplayName)
                    : Texts.Format("{0} is not cached and could not be downloaded ({1}); using {2} instead.", datasets[i].DisplayName, failure, datasets[i + 1].DisplayName));
        }
        throw NoneFound();
    }

    DatasetInfo Find(string name) =>
        datasets.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown dataset '{name}'; choose one of: auto, {string.Join(", ", datasets.Select(d => d.Name))}");

    /// <summary>The data set from the cache, the OS package or a download; else null and why the download failed.</summary>
    async Task<(DataLocation? Location, string? Failure)> LocateAsync(DatasetInfo dataset, CancellationToken cancel)
    {
        string cache = Path.Combine(cacheRoot, dataset.Name);
        if (DataLocation.HasAllFiles(cache, dataset)) return (new DataLocation(dataset, cache, "cache"), null);

        if (dataset.OsPackageDirectory is { } os && DataLocation.HasAllFiles(os, dataset))
            return (new DataLocation(dataset, os, $"Debian package {dataset.OsPackageName}"), null);

        if (downloader is null) return (null, null);
        try
        {
            await downloader.DownloadAllAsync(dataset, cache, cancel);
            return (new DataLocation(dataset, cache, "downloaded"), null);
        }
        catch (DataException e)
        {
            return (null, e.Message);
        }
    }

    DataLocation FromUserDirectory(DatasetInfo? wanted)
    {
        string dir = userDirectory!;
        if (!Directory.Exists(dir))
            throw new DataException($"{Named(dir)}: folder not found; pass a folder that holds the four IDX files");

        foreach (var dataset in wanted is null ? datasets : new[] { wanted })
        {
            string sub = Path.Combine(dir, dataset.Name);
            if (DataLocation.HasAllFiles(sub, dataset)) return Checked(new DataLocation(dataset, sub, userDirectorySource));
        }

        var guess = wanted ?? Identify(dir);
        if (!DataLocation.HasAllFiles(dir, guess))
        {
            string missing = string.Join(", ", guess.Files.Where(f => DataLocation.FindFile(dir, f) is null).Select(f => f.Name));
            throw new DataException($"{Named(dir)}: missing {missing} (plain or .gz); put the four IDX files there");
        }
        return Checked(new DataLocation(guess, dir, userDirectorySource));
    }

    /// <summary>"--data-dir DIR" or "MNISTCOURSE_DATA=DIR": what the user wrote, so they know what to fix.</summary>
    string Named(string dir) => userDirectorySource == EnvironmentVariable ? $"{EnvironmentVariable}={dir}" : $"{userDirectorySource} {dir}";

    /// <summary>Tells MNIST from Fashion-MNIST by the checksum of the small train-labels file.</summary>
    DatasetInfo Identify(string dir)
    {
        foreach (var dataset in datasets)
            if (DataLocation.FindFile(dir, dataset.TrainLabels) is { } labels && Checksums.Matches(labels, dataset.TrainLabels))
                return dataset;
        log?.Invoke($"Warning: could not tell which data set {dir} holds; assuming {datasets[0].DisplayName} (name the data set to choose: {string.Join(" or ", datasets.Select(d => d.Name))}).");
        return datasets[0];
    }

    /// <summary>Files people bring are often recompressed or uncompressed, so a checksum mismatch is only a warning.</summary>
    DataLocation Checked(DataLocation location)
    {
        foreach (var file in location.Dataset.Files)
        {
            string path = location.PathOf(file);
            bool matches;
            try { matches = Checksums.Matches(path, file); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw DataException.CannotRead(path, e); }
            if (!matches)
                log?.Invoke(Texts.Format("Warning: {0} does not match the published {1} checksum; using it anyway.", path, location.Dataset.DisplayName));
        }
        return location;
    }

    DataException NoneFound()
    {
        var names = datasets.Select(d => d.DisplayName).ToArray();
        string which = names.Length == 2 ? Texts.Format("Neither {0} nor {1} could be found or downloaded.", names[0], names[1])
                                         : Texts.Format("None of {0} could be found or downloaded.", string.Join(", ", names));
        string? package = datasets.Select(d => d.OsPackageName).FirstOrDefault(p => p is not null);
        return new DataException(Sentences(which, Fix(package)), DataProblem.NotFound);
    }

    static DataException NotFound(DatasetInfo dataset, string? failure) => new(Sentences(
        failure is null ? Texts.Format("{0} is not in the cache and could not be downloaded.", dataset.DisplayName)
                         : Texts.Format("{0} is not in the cache and could not be downloaded ({1}).", dataset.DisplayName, failure),
        Fix(dataset.OsPackageName)), DataProblem.NotFound);

    // Two sentences: a space after an English full stop, none after a Chinese one.
    static string Sentences(string first, string second) => first.EndsWith('。') ? first + second : first + " " + second;

    static string Fix(string? package) => package is not null
        ? Texts.Format("Install Debian's {0} (`sudo apt-get install {0}`), connect to the internet, or give a data folder that holds the four IDX files.", package)
        : Texts.Localize("Connect to the internet or give a data folder that holds the four IDX files.");
}
