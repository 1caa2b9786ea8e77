using MnistCourse.Data;
using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Data;

public sealed class DataLocatorTests : IDisposable
{
    static string FashionDir => Prerequisites.FashionMnist.Path;

    readonly TempDirectory temp = new();
    readonly List<string> log = new();
    readonly HttpClient http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(20) };

    public DataLocatorTests() => Torch.Init();

    string Cache => temp["cache"];

    /// <summary>A locator with no downloader, so nothing can go to the network.</summary>
    DataLocator Offline(string? userDirectory = null, IReadOnlyList<DatasetInfo>? datasets = null) =>
        new(Cache, userDirectory, downloader: null, log.Add, datasets);

    /// <summary>A locator that downloads from the given (local) data sets' mirrors.</summary>
    DataLocator Downloading(IReadOnlyList<DatasetInfo> datasets) =>
        new(Cache, userDirectory: null, new Downloader(http, log: log.Add), log.Add, datasets);

    /// <summary>Links the four real Debian Fashion-MNIST files into <paramref name="directory"/>, under the same names.</summary>
    static void LinkFashionMnist(string directory)
    {
        Prerequisites.Require(Prerequisites.FashionMnist);
        Directory.CreateDirectory(directory);
        foreach (var f in DatasetCatalog.FashionMnist.Files)
            File.CreateSymbolicLink(Path.Combine(directory, f.Name), Path.Combine(FashionDir, f.Name));
    }

    [Fact]
    public void A_filled_cache_folder_is_used_as_is()
    {
        SyntheticDigits.WriteDataset(Path.Combine(Cache, "mnist"), 20, 10);

        var named = Offline().Locate("mnist");
        var auto = Offline().Locate("auto");

        Assert.Equal(new DataLocation(DatasetCatalog.Mnist, Path.Combine(Cache, "mnist"), "cache"), named);
        Assert.Equal(named, auto);
        Assert.Empty(log);
        using var data = MnistLikeData.Load(named);
        Assert.Equal(20, data.Train.Count);
        Assert.Equal(10, data.Validation.Count);
    }

    [Fact]
    public void A_cache_folder_missing_a_file_is_not_used()
    {
        string folder = Path.Combine(Cache, "mnist");
        SyntheticDigits.WriteDataset(folder, 20, 10);
        File.Delete(Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"));

        var error = Assert.Throws<DataException>(() => Offline().Locate("mnist"));

        Assert.Contains("MNIST is not in the cache", error.Message);
    }

    [SkippableFact]
    public void Data_dir_with_the_files_directly_inside_is_identified_by_checksum()
    {
        string dir = temp["mine"];
        LinkFashionMnist(dir);

        var location = Offline(userDirectory: dir).Locate("auto");

        Assert.Same(DatasetCatalog.FashionMnist, location.Dataset);
        Assert.Equal(dir, location.Directory);
        Assert.Equal("data folder", location.Origin);
        Assert.Empty(log); // the files match their checksums: no warnings
    }

    [Fact]
    public void Data_dir_identification_picks_whichever_catalogue_entry_the_labels_match()
    {
        string dir = temp["mine"];
        SyntheticDigits.WriteDataset(dir, 20, 10);
        var md5 = DatasetCatalog.Mnist.Files.ToDictionary(f => f.Name, f => Checksums.Md5OfFile(Path.Combine(dir, f.Name)));
        DataFile Own(DataFile f) => f with { GzipMd5 = md5[f.Name], RawMd5 = null };
        var other = DatasetCatalog.FashionMnist with
        {
            TrainImages = Own(DatasetCatalog.FashionMnist.TrainImages), TrainLabels = Own(DatasetCatalog.FashionMnist.TrainLabels),
            TestImages = Own(DatasetCatalog.FashionMnist.TestImages), TestLabels = Own(DatasetCatalog.FashionMnist.TestLabels),
        };

        var location = Offline(dir, new[] { DatasetCatalog.Mnist, other }).Locate("auto");

        Assert.Same(other, location.Dataset);
        Assert.Empty(log);
    }

    [Fact]
    public void Data_dir_with_a_dataset_subfolder_is_used()
    {
        string dir = temp["mine"];
        SyntheticDigits.WriteDataset(Path.Combine(dir, "mnist"), 20, 10);

        var auto = Offline(userDirectory: dir).Locate("auto");
        var named = Offline(userDirectory: dir).Locate("mnist");

        Assert.Equal(new DataLocation(DatasetCatalog.Mnist, Path.Combine(dir, "mnist"), "data folder"), auto);
        Assert.Equal(auto, named);
        // A subfolder named for another data set does not count as this one.
        var error = Assert.Throws<DataException>(() => Offline(userDirectory: dir).Locate("fashion-mnist"));
        Assert.Contains("missing", error.Message);
    }

    [Fact]
    public void A_missing_data_dir_is_an_error_naming_the_folder()
    {
        string dir = temp["no-such-folder"];

        var error = Assert.Throws<DataException>(() => Offline(userDirectory: dir).Locate("auto"));

        Assert.Contains(dir, error.Message);
        Assert.Contains("not found", error.Message);
    }

    [Fact]
    public void A_data_dir_missing_files_names_them()
    {
        string dir = temp["mine"];
        SyntheticDigits.WriteDataset(dir, 20, 10);
        File.Delete(Path.Combine(dir, "t10k-images-idx3-ubyte.gz"));

        var error = Assert.Throws<DataException>(() => Offline(userDirectory: dir).Locate("mnist"));

        Assert.StartsWith($"data folder {dir}: missing t10k-images-idx3-ubyte.gz", error.Message);
    }

    [Fact]
    public void Files_with_the_wrong_checksum_in_data_dir_give_warnings_not_errors()
    {
        string dir = temp["mine"];
        SyntheticDigits.WriteDataset(dir, 20, 10);

        var location = Offline(userDirectory: dir).Locate("mnist");

        Assert.Equal(new DataLocation(DatasetCatalog.Mnist, dir, "data folder"), location);
        Assert.Equal(4, log.Count);
        foreach (var file in DatasetCatalog.Mnist.Files)
            Assert.Single(log, line => line.StartsWith("Warning: " + Path.Combine(dir, file.Name)) && line.Contains("checksum"));
        using var data = MnistLikeData.Load(location); // and the data is usable
        Assert.Equal(20, data.Train.Count);
    }

    [Fact]
    public void Unidentifiable_files_in_data_dir_are_assumed_to_be_mnist_with_a_warning()
    {
        string dir = temp["mine"];
        SyntheticDigits.WriteDataset(dir, 20, 10);

        var location = Offline(userDirectory: dir).Locate("auto");

        Assert.Same(DatasetCatalog.Mnist, location.Dataset);
        Assert.Contains(log, line => line.Contains("could not tell") && line.Contains(dir));
    }

    [SkippableFact]
    public void Fashion_mnist_comes_from_the_debian_package_when_not_cached()
    {
        Prerequisites.Require(Prerequisites.FashionMnist);
        var location = Offline().Locate("fashion-mnist");

        Assert.Equal(new DataLocation(DatasetCatalog.FashionMnist, FashionDir, "Debian package dataset-fashion-mnist"), location);
    }

    [SkippableFact]
    public void Auto_falls_back_to_fashion_mnist_when_mnist_cannot_be_downloaded()
    {
        Prerequisites.Require(Prerequisites.FashionMnist);
        using var server = new LocalHttpServer(_ => ServerResponse.Error(404));
        var mnist = DatasetCatalog.Mnist with { Mirrors = new[] { server.Url("one"), server.Url("two") } };

        var location = Downloading(new[] { mnist, DatasetCatalog.FashionMnist }).Locate("auto");

        Assert.Same(DatasetCatalog.FashionMnist, location.Dataset);
        Assert.Equal(FashionDir, location.Directory);
        Assert.Equal(new[] { "/one/train-images-idx3-ubyte.gz", "/two/train-images-idx3-ubyte.gz" }, server.Requests);
        // One line says why and what happens instead.
        Assert.StartsWith("MNIST is not cached and could not be downloaded (train-images-idx3-ubyte.gz: no MNIST mirror could provide it", log[^1]);
        Assert.Contains("HTTP 404", log[^1]);
        Assert.EndsWith("; using Fashion-MNIST instead.", log[^1]);
        Assert.Equal(3, log.Count); // two "Downloading" lines, then that one
        Assert.Empty(Directory.EnumerateFiles(Cache, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Auto_downloads_mnist_into_the_cache_when_a_mirror_has_it()
    {
        string source = temp["served"];
        SyntheticDigits.WriteDataset(source, 20, 10);
        using var server = new LocalHttpServer(path => File.Exists(source + path) ? ServerResponse.Ok(File.ReadAllBytes(source + path)) : ServerResponse.Error(404));
        var mnist = DatasetCatalog.Mnist with { Mirrors = new[] { server.Url() } };
        mnist = mnist with
        {
            TrainImages = mnist.TrainImages with { GzipMd5 = Checksums.Md5OfFile(Path.Combine(source, mnist.TrainImages.Name)) },
            TrainLabels = mnist.TrainLabels with { GzipMd5 = Checksums.Md5OfFile(Path.Combine(source, mnist.TrainLabels.Name)) },
            TestImages = mnist.TestImages with { GzipMd5 = Checksums.Md5OfFile(Path.Combine(source, mnist.TestImages.Name)) },
            TestLabels = mnist.TestLabels with { GzipMd5 = Checksums.Md5OfFile(Path.Combine(source, mnist.TestLabels.Name)) },
        };

        var location = Downloading(new[] { mnist, DatasetCatalog.FashionMnist }).Locate("auto");
        var again = Offline(datasets: new[] { mnist, DatasetCatalog.FashionMnist }).Locate("auto");

        Assert.Equal(new DataLocation(mnist, Path.Combine(Cache, "mnist"), "downloaded"), location);
        Assert.Equal("cache", again.Origin);
        Assert.Equal(4, server.Requests.Count);
    }

    [Fact]
    public void A_named_dataset_found_nowhere_says_what_to_run()
    {
        using var server = new LocalHttpServer(_ => ServerResponse.Error(404));
        string emptyPackageDir = temp["no-package"];
        Directory.CreateDirectory(emptyPackageDir);
        var fashion = DatasetCatalog.FashionMnist with { Mirrors = new[] { server.Url() }, OsPackageDirectory = emptyPackageDir };
        var mnist = DatasetCatalog.Mnist with { Mirrors = new[] { server.Url() } };
        var locator = Downloading(new[] { mnist, fashion });

        var named = Assert.Throws<DataException>(() => locator.Locate("fashion-mnist"));
        Assert.StartsWith("Fashion-MNIST is not in the cache and could not be downloaded (train-images-idx3-ubyte.gz: no Fashion-MNIST mirror could provide it", named.Message);
        Assert.Contains("HTTP 404", named.Message);
        Assert.Contains("sudo apt-get install dataset-fashion-mnist", named.Message);
        Assert.Contains("dataset-fashion-mnist", named.Message);
        Assert.Contains("give a data folder that holds the four IDX files", named.Message);
        Assert.DoesNotContain("--", named.Message);

        var noPackage = Assert.Throws<DataException>(() => locator.Locate("mnist"));
        Assert.Contains("give a data folder that holds the four IDX files", noPackage.Message);

        var auto = Assert.Throws<DataException>(() => locator.Locate("auto"));
        Assert.StartsWith("Neither MNIST nor Fashion-MNIST could be found or downloaded.", auto.Message);
        Assert.Contains("sudo apt-get install dataset-fashion-mnist", auto.Message);
        Assert.All(new[] { named, noPackage, auto }, e => Assert.DoesNotContain('\n', e.Message));
    }

    [Fact]
    public void An_unknown_dataset_name_lists_the_choices()
    {
        var error = Assert.Throws<ArgumentException>(() => Offline().Locate("cifar10"));
        Assert.Contains("'cifar10'", error.Message);
        Assert.Contains("auto, mnist, fashion-mnist", error.Message);
    }

    public void Dispose()
    {
        http.Dispose();
        temp.Dispose();
    }
}
