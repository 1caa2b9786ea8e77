using System.Text.RegularExpressions;
using MnistCourse.Data;

namespace MnistCourse.Tests.Data;

public class DatasetCatalogTests
{
    const string FashionDir = "/usr/share/datasets/fashion-mnist";

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

    [Fact]
    public void Mnist_uses_the_ossci_mirror_first_then_gcs_and_its_published_statistics()
    {
        var d = DatasetCatalog.Mnist;
        Assert.Equal("mnist", d.Name);
        Assert.Equal(new[] { "https://ossci-datasets.s3.amazonaws.com/mnist/", "https://storage.googleapis.com/cvdf-datasets/mnist/" }, d.Mirrors);
        Assert.DoesNotContain(d.Mirrors, m => m.Contains("lecun.com"));
        Assert.Equal(0.1307f, d.Mean);
        Assert.Equal(0.3081f, d.Std);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i.ToString()), d.ClassNames);
        Assert.Equal("f68b3c2dcbeaaa9fbdd348bbdeb94873", d.TrainImages.GzipMd5);
        Assert.Null(d.OsPackageDirectory);
    }

    [Fact]
    public void Fashion_mnist_has_its_statistics_class_names_and_debian_package()
    {
        var d = DatasetCatalog.FashionMnist;
        Assert.Equal("fashion-mnist", d.Name);
        Assert.Equal(0.2860f, d.Mean);
        Assert.Equal(0.3530f, d.Std);
        Assert.Equal("T-shirt/top", d.ClassNames[0]);
        Assert.Equal("Ankle boot", d.ClassNames[9]);
        Assert.Single(d.Mirrors);
        Assert.Equal(FashionDir, d.OsPackageDirectory);
        Assert.Equal("dataset-fashion-mnist", d.OsPackageName);
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

    [Fact]
    public void The_debian_fashion_mnist_files_match_the_catalogue_by_their_decompressed_content()
    {
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
