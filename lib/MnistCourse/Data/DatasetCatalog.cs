namespace MnistCourse.Data;

/// <summary>The data sets the course knows: MNIST (the source's) and Fashion-MNIST (its drop-in offline stand-in).</summary>
public static class DatasetCatalog
{
    public static readonly DatasetInfo Mnist = new(
        Name: "mnist",
        DisplayName: "MNIST",
        TrainImages: new("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
        TrainLabels: new("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432", "a25bea736e30d166cdddb491f175f624"),
        TestImages: new("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3", "2646ac647ad5339dbf082846283269ea"),
        TestLabels: new("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c", "27ae3e4e09519cfbb04c329615203637"),
        // yann.lecun.com answers 403 since 2024, so it is not listed.
        Mirrors: new[] { "https://ossci-datasets.s3.amazonaws.com/mnist/", "https://storage.googleapis.com/cvdf-datasets/mnist/" },
        Mean: 0.1307f,
        Std: 0.3081f,
        ClassNames: new[] { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" });

    public static readonly DatasetInfo FashionMnist = new(
        Name: "fashion-mnist",
        DisplayName: "Fashion-MNIST",
        TrainImages: new("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d", "f4a8712d7a061bf5bd6d2ca38dc4d50a"),
        TrainLabels: new("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe", "9018921c3c673c538a1fc5bad174d6f9"),
        TestImages: new("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79", "8181f5470baa50b63fa0f6fddb340f0a"),
        TestLabels: new("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310", "15d484375f8d13e6eb1aabb0c3f46965"),
        Mirrors: new[] { "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/" },
        Mean: 0.2860f,
        Std: 0.3530f,
        ClassNames: new[] { "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot" },
        // Debian's dataset-fashion-mnist package; its .gz files are recompressed, so only RawMd5 matches them.
        OsPackageDirectory: "/usr/share/datasets/fashion-mnist",
        OsPackageName: "dataset-fashion-mnist");

    public static IReadOnlyList<DatasetInfo> All { get; } = new[] { Mnist, FashionMnist };

    /// <summary>Names accepted by --dataset, including "auto".</summary>
    public static IReadOnlyList<string> Choices { get; } = new[] { "auto" }.Concat(All.Select(d => d.Name)).ToArray();

    /// <summary>One data set by name. "auto" is not one: <see cref="DataLocator"/> decides what it means.</summary>
    public static DatasetInfo Get(string name) =>
        All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException(string.Equals(name, "auto", StringComparison.OrdinalIgnoreCase)
            ? $"'auto' names no single dataset (DataLocator picks one); choose one of: {Names}"
            : $"unknown dataset '{name}'; choose one of: {Names}");

    static string Names => string.Join(", ", All.Select(d => d.Name));
}
