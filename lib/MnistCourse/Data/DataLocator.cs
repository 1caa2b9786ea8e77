namespace MnistCourse.Data;

/// <summary>
/// Finds a data set, in this order: a folder the user named (--data-dir or MNISTCOURSE_DATA); the
/// course's cache (data/&lt;name&gt;/); a download from the mirrors into that cache; and, for Fashion-MNIST,
/// the folder of Debian's dataset-fashion-mnist package. "auto" takes MNIST if it is cached or can be
/// downloaded, else Fashion-MNIST from any source.
/// </summary>
public sealed class DataLocator(string cacheRoot, string? userDirectory = null, Downloader? downloader = null, Action<string>? log = null)
{
    public const string EnvironmentVariable = "MNISTCOURSE_DATA";

    /// <summary>A locator with the course's defaults: the repository's data/ folder and real downloads.</summary>
    public static DataLocator CreateDefault(string? userDirectory = null, Action<string>? log = null, IProgress<DownloadProgress>? progress = null)
    {
        userDirectory ??= Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env ? env : null;
        return new DataLocator(CoursePaths.DataDirectory, userDirectory,
            new Downloader(Downloader.CreateHttpClient(), progress, log), log);
    }

    public string CacheRoot => cacheRoot;

    public DataLocation Locate(string dataset, CancellationToken cancel = default) =>
        LocateAsync(dataset, cancel).GetAwaiter().GetResult();

    public async Task<DataLocation> LocateAsync(string dataset, CancellationToken cancel = default)
    {
        bool auto = string.Equals(dataset, "auto", StringComparison.OrdinalIgnoreCase);
        if (userDirectory is not null)
            return FromUserDirectory(auto ? null : DatasetCatalog.Get(dataset));

        if (!auto) return await LocateAsync(DatasetCatalog.Get(dataset), allowOsPackage: true, cancel)
            ?? throw NotFound(DatasetCatalog.Get(dataset));

        var mnist = await LocateAsync(DatasetCatalog.Mnist, allowOsPackage: false, cancel);
        if (mnist is not null) return mnist;
        log?.Invoke("MNIST is not cached and could not be downloaded; using Fashion-MNIST instead.");
        return await LocateAsync(DatasetCatalog.FashionMnist, allowOsPackage: true, cancel)
            ?? throw new DataException(
                "Neither MNIST nor Fashion-MNIST could be found or downloaded. Run `bash environment/setup.sh` " +
                "(installs Debian's dataset-fashion-mnist), or pass --data-dir DIR with the four IDX files.");
    }

    async Task<DataLocation?> LocateAsync(DatasetInfo dataset, bool allowOsPackage, CancellationToken cancel)
    {
        string cache = Path.Combine(cacheRoot, dataset.Name);
        if (DataLocation.HasAllFiles(cache, dataset)) return new DataLocation(dataset, cache, "cache");

        if (allowOsPackage && dataset.OsPackageDirectory is { } os && DataLocation.HasAllFiles(os, dataset))
            return new DataLocation(dataset, os, $"Debian package {dataset.OsPackageName}");

        if (downloader is not null)
        {
            try
            {
                await downloader.DownloadAllAsync(dataset, cache, cancel);
                return new DataLocation(dataset, cache, "downloaded");
            }
            catch (DataException e)
            {
                log?.Invoke(e.Message);
            }
        }
        return null;
    }

    DataLocation FromUserDirectory(DatasetInfo? wanted)
    {
        string dir = userDirectory!;
        if (!Directory.Exists(dir))
            throw new DataException($"--data-dir {dir}: folder not found; pass a folder that holds the four IDX files");

        foreach (var dataset in wanted is null ? DatasetCatalog.All : new[] { wanted })
        {
            string sub = Path.Combine(dir, dataset.Name);
            if (DataLocation.HasAllFiles(sub, dataset)) return Checked(new DataLocation(dataset, sub, "--data-dir"));
        }

        var guess = wanted ?? Identify(dir);
        if (!DataLocation.HasAllFiles(dir, guess))
        {
            string missing = string.Join(", ", guess.Files.Where(f => DataLocation.FindFile(dir, f) is null).Select(f => f.Name));
            throw new DataException($"--data-dir {dir}: missing {missing} (plain or .gz); put the four IDX files there");
        }
        return Checked(new DataLocation(guess, dir, "--data-dir"));
    }

    /// <summary>Tells MNIST from Fashion-MNIST by the checksum of the small train-labels file.</summary>
    DatasetInfo Identify(string dir)
    {
        foreach (var dataset in DatasetCatalog.All)
            if (DataLocation.FindFile(dir, dataset.TrainLabels) is { } labels && Checksums.Matches(labels, dataset.TrainLabels))
                return dataset;
        log?.Invoke($"Warning: could not tell which data set {dir} holds; assuming MNIST (pass --dataset to choose).");
        return DatasetCatalog.Mnist;
    }

    /// <summary>Files people bring are often recompressed or uncompressed, so a checksum mismatch is only a warning.</summary>
    DataLocation Checked(DataLocation location)
    {
        foreach (var file in location.Dataset.Files)
        {
            string path = location.PathOf(file);
            if (!Checksums.Matches(path, file))
                log?.Invoke($"Warning: {path} does not match the published {location.Dataset.DisplayName} checksum; using it anyway.");
        }
        return location;
    }

    static DataException NotFound(DatasetInfo dataset) => new(
        $"{dataset.DisplayName} is not in the cache and could not be downloaded. " +
        (dataset.OsPackageName is { } pkg ? $"Run `bash environment/setup.sh` (installs Debian's {pkg}) or " : "Connect to the internet or ") +
        "pass --data-dir DIR with the four IDX files.");
}
