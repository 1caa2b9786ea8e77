using System.Net;
using System.Net.Sockets;
using MnistCourse.Data;
using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Data;

public sealed class DownloaderTests : IDisposable
{
    const string LabelsName = "train-labels-idx1-ubyte.gz";
    const string LabelsPath = "/train-labels-idx1-ubyte.gz";

    // Real generated IDX .gz bytes, big enough (~260 KB of incompressible noise) to arrive in several reads.
    static readonly byte[] Payload = MakePayload();
    static readonly string PayloadMd5 = Checksums.Md5(new MemoryStream(Payload));

    readonly TempDirectory dir = new();
    readonly HttpClient http = new(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(5) })
    {
        Timeout = TimeSpan.FromSeconds(20),
    };

    static byte[] MakePayload()
    {
        var (images, _) = SyntheticDigits.Generate(300, seed: 9);
        new Random(9).NextBytes(images);
        return Idx.Gzip(Idx.Encode(new[] { 300, 28, 28 }, images));
    }

    /// <summary>MNIST as the catalogue has it, but with the given mirrors and the test payload as its train labels.</summary>
    static DatasetInfo Dataset(params string[] mirrors) =>
        DatasetCatalog.Mnist with { Mirrors = mirrors, TrainLabels = new DataFile(LabelsName, PayloadMd5) };

    Downloader NewDownloader(IProgress<DownloadProgress>? progress = null, List<string>? log = null) =>
        new(http, progress, log is null ? null : log.Add);

    void AssertFolderEmpty() => Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));

    void AssertOnlyTheDownloadedFile()
    {
        Assert.Equal(new[] { dir[LabelsName] }, Directory.GetFiles(dir.Path));
        Assert.Equal(Payload, File.ReadAllBytes(dir[LabelsName]));
    }

    [Fact]
    public async Task A_mirror_that_answers_403_is_skipped_for_the_next_one()
    {
        using var server = new LocalHttpServer(path => path.StartsWith("/a/") ? ServerResponse.Error(403) : ServerResponse.Ok(Payload));
        var log = new List<string>();
        var dataset = Dataset(server.Url("a"), server.Url("b"));

        string path = await NewDownloader(log: log).DownloadAsync(dataset, dataset.TrainLabels, dir.Path);

        Assert.Equal(dir[LabelsName], path);
        AssertOnlyTheDownloadedFile();
        Assert.True(Checksums.Matches(path, dataset.TrainLabels));
        Assert.Equal(new[] { "/a" + LabelsPath, "/b" + LabelsPath }, server.Requests);
        Assert.Equal(new[] { $"Downloading {server.Url("a")}{LabelsName}", $"Downloading {server.Url("b")}{LabelsName}" }, log);
    }

    [Fact]
    public async Task Wrong_bytes_on_every_mirror_fail_and_leave_nothing_behind()
    {
        var wrong = (byte[])Payload.Clone();
        wrong[^20] ^= 0xFF;
        using var server = new LocalHttpServer(_ => ServerResponse.Ok(wrong));
        var dataset = Dataset(server.Url("a"), server.Url("b"));

        var error = await Assert.ThrowsAsync<DataException>(() => NewDownloader().DownloadAsync(dataset, dataset.TrainLabels, dir.Path));

        Assert.StartsWith(LabelsName + ":", error.Message);
        Assert.Contains($"expected {PayloadMd5}", error.Message);
        Assert.Contains(server.Url("a"), error.Message);
        Assert.Contains(server.Url("b"), error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(2, server.Requests.Count);
        AssertFolderEmpty();
    }

    [Fact]
    public async Task A_connection_cut_mid_file_moves_on_to_the_next_mirror()
    {
        using var server = new LocalHttpServer(path =>
            path.StartsWith("/a/") ? ServerResponse.CutAfter(Payload, Payload.Length / 3) : ServerResponse.Ok(Payload));
        var dataset = Dataset(server.Url("a"), server.Url("b"));

        await NewDownloader().DownloadAsync(dataset, dataset.TrainLabels, dir.Path);

        AssertOnlyTheDownloadedFile();
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_connection_cut_on_the_only_mirror_fails_and_leaves_nothing_behind()
    {
        using var server = new LocalHttpServer(_ => ServerResponse.CutAfter(Payload, Payload.Length - 100));
        var dataset = Dataset(server.Url("only"));

        var error = await Assert.ThrowsAsync<DataException>(() => NewDownloader().DownloadAsync(dataset, dataset.TrainLabels, dir.Path));

        Assert.StartsWith(LabelsName + ":", error.Message);
        Assert.Contains(server.Url("only"), error.Message);
        Assert.DoesNotContain('\n', error.Message);
        AssertFolderEmpty();
    }

    [Fact]
    public async Task A_refused_connection_moves_on_to_the_next_mirror()
    {
        using var server = new LocalHttpServer(_ => ServerResponse.Ok(Payload));
        var dataset = Dataset($"http://127.0.0.1:{ClosedPort()}/", server.Url("b"));

        await NewDownloader().DownloadAsync(dataset, dataset.TrainLabels, dir.Path);

        AssertOnlyTheDownloadedFile();
    }

    [Fact]
    public async Task Progress_rises_to_the_total()
    {
        using var server = new LocalHttpServer(_ => ServerResponse.Ok(Payload));
        var dataset = Dataset(server.Url());
        var reports = new ProgressLog();

        await NewDownloader(reports).DownloadAsync(dataset, dataset.TrainLabels, dir.Path);

        Assert.True(reports.Items.Count >= 2, $"{reports.Items.Count} reports for {Payload.Length} bytes");
        Assert.All(reports.Items, p => Assert.Equal(LabelsName, p.File));
        Assert.All(reports.Items, p => Assert.Equal(Payload.Length, p.TotalBytes));
        for (int i = 1; i < reports.Items.Count; i++)
            Assert.True(reports.Items[i].Bytes > reports.Items[i - 1].Bytes, "bytes must increase");
        Assert.Equal(Payload.Length, reports.Items[^1].Bytes);
    }

    [Fact]
    public async Task DownloadAll_fetches_only_the_files_the_folder_lacks()
    {
        var files = new Dictionary<string, byte[]>();
        foreach (var name in new[] { "train-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" })
            files[name] = Idx.Gzip(Idx.Encode(new[] { 3 }, System.Text.Encoding.ASCII.GetBytes(name[..3])));
        files[LabelsName] = Payload;
        using var server = new LocalHttpServer(files.ToDictionary(f => "/m/" + f.Key, f => ServerResponse.Ok(f.Value)));
        var md5 = files.ToDictionary(f => f.Key, f => Checksums.Md5(new MemoryStream(f.Value)));
        var dataset = Dataset(server.Url("m")) with
        {
            TrainImages = new DataFile("train-images-idx3-ubyte.gz", md5["train-images-idx3-ubyte.gz"]),
            TestImages = new DataFile("t10k-images-idx3-ubyte.gz", md5["t10k-images-idx3-ubyte.gz"]),
            TestLabels = new DataFile("t10k-labels-idx1-ubyte.gz", md5["t10k-labels-idx1-ubyte.gz"]),
        };
        string target = Path.Combine(dir.Path, "mnist"); // created by the downloader
        Directory.CreateDirectory(target);
        File.WriteAllBytes(Path.Combine(target, "t10k-images-idx3-ubyte.gz"), files["t10k-images-idx3-ubyte.gz"]);

        await NewDownloader().DownloadAllAsync(dataset, target);

        Assert.Equal(3, server.Requests.Count);
        Assert.DoesNotContain("/m/t10k-images-idx3-ubyte.gz", server.Requests);
        foreach (var (name, bytes) in files) Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(target, name)));
        Assert.Equal(4, Directory.GetFiles(target).Length);
    }

    /// <summary>A port nothing listens on: bind, read the port, close.</summary>
    static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Records progress synchronously (Progress&lt;T&gt; would post reports to the thread pool, out of order).</summary>
    sealed class ProgressLog : IProgress<DownloadProgress>
    {
        public List<DownloadProgress> Items { get; } = new();
        public void Report(DownloadProgress value) { lock (Items) Items.Add(value); }
    }

    public void Dispose()
    {
        http.Dispose();
        dir.Dispose();
    }
}
