using System.Diagnostics;
using System.IO.Compression;
using System.Text.RegularExpressions;
using MnistCourse.Data;
using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Data;

public class DatasetCatalogTests
{
    static string FashionDir => Prerequisites.FashionMnist.Path;

    static readonly string[] FileNames =
    {
        "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
    };

    public static TheoryData<string> Names => new() { "mnist", "fashion-mnist" };

    [Theory]
    [MemberData(nameof(Names))]
    public void Each_dataset_has_four_files_with_32_hex_md5s(string name)
    {
        var d = DatasetCatalog.Get(name);
        Assert.Equal(FileNames, d.Files.Select(f => f.Name));
        var md5s = d.Files.SelectMany(f => new[] { f.GzipMd5, f.RawMd5 }).OfType<string>().ToArray();
        Assert.All(md5s, m => Assert.Matches(new Regex("^[0-9a-f]{32}$"), m));
        Assert.Equal(md5s.Length, md5s.Distinct().Count());
        Assert.Equal(10, d.ClassCount);
        Assert.Equal(10, d.ClassNames.Distinct().Count());
        Assert.Equal(784, d.InputSize);
        Assert.All(d.Mirrors, m => Assert.Matches("^https?://[^/]+/.*/?$", m));
    }

    /// <summary>Where a mirror serves a file: the Downloader appends the name to the mirror's folder.</summary>
    static string UrlOf(string mirror, string name) => mirror.TrimEnd('/') + "/" + name;

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_mirror_gives_a_download_address_for_every_file(string name)
    {
        var d = DatasetCatalog.Get(name);
        Assert.NotEmpty(d.Mirrors);
        foreach (string mirror in d.Mirrors)
            foreach (var file in d.Files)
            {
                string url = UrlOf(mirror, file.Name);
                Assert.True(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https", $"{url} is not an http(s) address");
                Assert.EndsWith("/" + file.Name, uri!.AbsolutePath);
                // yann.lecun.com answers 403 to downloads since 2024: a mirror there only delays the fallback.
                Assert.NotEqual("yann.lecun.com", uri.Host);
            }
    }

    /// <summary>Debian's copy of Zalando's README, which publishes the files' MD5s, the download address and the labels.</summary>
    static string FashionReadme()
    {
        Prerequisites.Require(Prerequisites.FashionMnistReadme);
        using var gz = new GZipStream(File.OpenRead(Prerequisites.FashionMnistReadme.Path), CompressionMode.Decompress);
        return new StreamReader(gz).ReadToEnd();
    }

    [SkippableFact]
    public void Fashion_mnist_md5s_mirror_and_class_names_are_the_ones_its_publishers_list()
    {
        string readme = FashionReadme();
        var d = DatasetCatalog.FashionMnist;

        // | `train-images-idx3-ubyte.gz` | ... | [Download](http://.../train-images-idx3-ubyte.gz)|`8d4f...`|
        var rows = Regex.Matches(readme, @"^\|\s*`(?<name>[\w-]+\.gz)`.*\[Download\]\((?<url>[^)]+)\)\s*\|\s*`(?<md5>[0-9a-f]{32})`", RegexOptions.Multiline);
        Assert.Equal(4, rows.Count);
        foreach (Match row in rows)
        {
            var file = d.Files.Single(f => f.Name == row.Groups["name"].Value);
            Assert.Equal(row.Groups["md5"].Value, file.GzipMd5);
            Assert.Contains(row.Groups["url"].Value, d.Mirrors.Select(m => UrlOf(m, file.Name)));
        }

        // | 0 | T-shirt/top |
        var labels = Regex.Matches(readme, @"^\|\s*(?<label>\d)\s*\|\s*(?<name>[^|]+?)\s*\|\s*$", RegexOptions.Multiline)
            .ToDictionary(m => int.Parse(m.Groups["label"].Value), m => m.Groups["name"].Value);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => labels[i]), d.ClassNames);
    }

    [SkippableFact]
    public void Fashion_mnist_mean_and_std_are_those_of_its_training_images()
    {
        Prerequisites.Require(Prerequisites.FashionMnist);
        var d = DatasetCatalog.FashionMnist;
        var images = IdxFile.Read(Path.Combine(FashionDir, d.TrainImages.Name), 3);

        double sum = 0, sumOfSquares = 0;
        foreach (byte b in images.Data) { double x = b / 255.0; sum += x; sumOfSquares += x * x; }
        double mean = sum / images.Data.Length;
        double std = Math.Sqrt(sumOfSquares / images.Data.Length - mean * mean);

        Assert.Equal(mean, d.Mean, 0.0005);
        Assert.Equal(std, d.Std, 0.0005);
    }

    [SkippableFact]
    public void Fashion_mnists_os_package_is_the_one_that_installs_its_folder()
    {
        Prerequisites.Require(Prerequisites.FashionMnist);
        var d = DatasetCatalog.FashionMnist;
        Assert.Equal(FashionDir, d.OsPackageDirectory);

        // dpkg -S names the package that owns a file: "dataset-fashion-mnist: /usr/share/datasets/...".
        var start = new ProcessStartInfo("dpkg", new[] { "-S", Path.Combine(d.OsPackageDirectory!, d.TrainImages.Name) }) { RedirectStandardOutput = true };
        using var dpkg = Process.Start(start)!;
        string owner = dpkg.StandardOutput.ReadToEnd().Split(':')[0];
        dpkg.WaitForExit();
        Assert.Equal(d.OsPackageName, owner);
    }

    [Fact]
    public void Get_finds_names_ignoring_case_and_rejects_auto_and_unknown_names()
    {
        Assert.Same(DatasetCatalog.FashionMnist, DatasetCatalog.Get("Fashion-MNIST"));
        Assert.Equal(new[] { "auto", "mnist", "fashion-mnist" }, DatasetCatalog.Choices);

        var unknown = Assert.Throws<ArgumentException>(() => DatasetCatalog.Get("cifar10"));
        Assert.Contains("'cifar10'", unknown.Message);
        Assert.Contains("mnist, fashion-mnist", unknown.Message);

        var auto = Assert.Throws<ArgumentException>(() => DatasetCatalog.Get("auto"));
        Assert.Contains("'auto'", auto.Message);
        Assert.DoesNotContain("unknown", auto.Message);
        Assert.DoesNotContain("auto,", auto.Message); // must not offer "auto" as the fix for "auto"
    }

    [SkippableFact]
    public void The_debian_fashion_mnist_files_match_the_catalogue_by_their_decompressed_content()
    {
        Prerequisites.Require(Prerequisites.FashionMnist);
        foreach (var file in DatasetCatalog.FashionMnist.Files)
        {
            string path = Path.Combine(FashionDir, file.Name);
            Assert.True(Checksums.Matches(path, file), $"{path} should match {file.RawMd5}");
            // Debian recompressed them, so it is the RawMd5 path that matches, not the .gz MD5.
            Assert.NotEqual(file.GzipMd5, Checksums.Md5OfFile(path));
            // And they are Fashion-MNIST's, not MNIST's.
            Assert.False(Checksums.Matches(path, DatasetCatalog.Mnist.Files.Single(f => f.Name == file.Name)));
        }
    }
}
