using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Cli.Faults;

/// <summary>Bad data folders and files: exit 2, one line naming the folder or file, and no run folder content.</summary>
public class DataFaultTests
{
    const string TrainImages = "train-images-idx3-ubyte.gz", TrainLabels = "train-labels-idx1-ubyte.gz",
        TestImages = "t10k-images-idx3-ubyte.gz", TestLabels = "t10k-labels-idx1-ubyte.gz";

    // Each case damages a fresh copy of the data in DIR/data and says what the error line must hold ({data} = that folder).
    static readonly Dictionary<string, (Action<string> Damage, string[] Expected)> Cases = new()
    {
        ["a file missing"] = (d => File.Delete(Path.Combine(d, TestLabels)), new[] { "--data-dir {data}: missing t10k-labels-idx1-ubyte.gz" }),
        ["truncated labels"] = (d => File.WriteAllBytes(Path.Combine(d, TestLabels), Idx.Gzip(Idx.Encode(new[] { 100 }, new byte[100])[..40])),
            new[] { "{data}/t10k-labels-idx1-ubyte.gz: truncated" }),
        ["corrupt gzip"] = (d => Flip(Path.Combine(d, TrainImages), 0.5), new[] { "{data}/train-images-idx3-ubyte.gz: corrupt or truncated gzip" }),
        ["not an IDX file"] = (d => File.WriteAllText(Path.Combine(d, TrainLabels), "label,image\n1,2\n"), new[] { "{data}/train-labels-idx1-ubyte.gz: not an IDX file" }),
        ["labels and images disagree"] = (d => Idx.Write(Path.Combine(d, TestLabels), new[] { 99 }, new byte[99]), new[] { "{data}/t10k-labels-idx1-ubyte.gz: 99 labels for 100 images" }),
        ["label out of range"] = (d => Idx.Write(Path.Combine(d, TestLabels), new[] { 100 }, Enumerable.Repeat((byte)10, 100).ToArray()), new[] { "t10k-labels-idx1-ubyte.gz: label 10 at index 0 is out of range" }),
        ["images of another size"] = (d => Idx.Write(Path.Combine(d, TestImages), new[] { 100, 32, 32 }, new byte[100 * 32 * 32]), new[] { "t10k-images-idx3-ubyte.gz: images are 32x32, expected 28x28" }),
        // Root reads any file, so "unreadable" is a file whose read fails: /proc/self/mem gives EIO at offset 0.
        ["unreadable file"] = (d => { File.Delete(Path.Combine(d, TrainImages)); File.CreateSymbolicLink(Path.Combine(d, TrainImages), "/proc/self/mem"); },
            new[] { "{data}/train-images-idx3-ubyte.gz: cannot read it" }),
        ["file is a symlink loop"] = (d => { File.Delete(Path.Combine(d, TrainImages)); File.CreateSymbolicLink(Path.Combine(d, TrainImages), Path.Combine(d, TrainImages)); },
            new[] { "{data}/train-images-idx3-ubyte.gz: cannot read it (Too many levels of symbolic links)" }),
        // Not regular files: read or hashed, they would never end (or block in open); refused at once.
        ["file is a link to /dev/zero"] = (d => { File.Delete(Path.Combine(d, TrainImages)); File.CreateSymbolicLink(Path.Combine(d, TrainImages), "/dev/zero"); },
            new[] { "{data}/train-images-idx3-ubyte.gz: a character device, not a data file" }),
        ["file is a named pipe"] = (d => { File.Delete(Path.Combine(d, TestLabels)); MakeFifo(Path.Combine(d, TestLabels)); },
            new[] { "{data}/t10k-labels-idx1-ubyte.gz: a named pipe, not a data file" }),
        ["file is a folder"] = (d => { File.Delete(Path.Combine(d, TrainLabels)); Directory.CreateDirectory(Path.Combine(d, TrainLabels)); },
            new[] { "--data-dir {data}: missing train-labels-idx1-ubyte.gz" }),
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Damaged_data_exits_2_naming_the_file(string name)
    {
        var (damage, expected) = Cases[name];
        using var dir = new TempDirectory();
        string data = dir["data"];
        SyntheticDigits.WriteDataset(data, 600, 100);
        damage(data);
        var result = CliRunner.Run(new[] { "train", "--dataset", "mnist", "--epochs", "1", "--data-dir", data, "--out", dir["run"] }, timeout: TimeSpan.FromMinutes(1));
        FaultSuite.AssertFails(result, 2, expected.Select(e => e.Replace("{data}", data)).ToArray());
        Assert.False(File.Exists(dir["run/metrics.csv"]));
    }

    [Theory]
    [InlineData("--data-dir", "/nonexistent/mnist", "--data-dir /nonexistent/mnist: folder not found")]
    [InlineData("MNISTCOURSE_DATA", "/nonexistent/env-data", "MNISTCOURSE_DATA=/nonexistent/env-data: folder not found")]
    [InlineData("--data-dir", "/etc/hostname", "--data-dir /etc/hostname: folder not found")]
    public void A_data_folder_that_is_not_one_exits_2_naming_where_it_came_from(string source, string folder, string expected)
    {
        using var dir = new TempDirectory();
        var args = new List<string> { "train", "--epochs", "1", "--out", dir["run"] };
        var environment = new Dictionary<string, string?> { ["MNISTCOURSE_DATA"] = null };
        if (source == "--data-dir") args.AddRange(new[] { "--data-dir", folder });
        else environment["MNISTCOURSE_DATA"] = folder;
        FaultSuite.AssertFails(FaultSuite.Run(args, environment), 2, expected);
    }

    [Fact]
    public void A_data_folder_that_is_a_symlink_loop_exits_2_naming_it()
    {
        using var dir = new TempDirectory();
        Directory.CreateSymbolicLink(dir["loop"], dir["loop"]);
        FaultSuite.AssertFails(FaultSuite.Run(new[] { "train", "--data-dir", dir["loop"], "--out", dir["run"] }), 2, $"--data-dir {dir["loop"]}: folder not found");
    }

    [Fact]
    public void A_batch_larger_than_the_training_set_exits_2_with_the_size()
    {
        using var dir = new TempDirectory();
        var result = FaultSuite.Run(new[] { "train", "--dataset", "mnist", "--batch-size", "601", "--data-dir", FaultSuite.Data, "--out", dir["run"] });
        FaultSuite.AssertFails(result, 2, "--batch-size 601 is more than the 600 training images", "pass at most 600");
    }

    [Fact]
    public void Cuda_where_none_is_available_exits_2_with_the_reason()
    {
        using var dir = new TempDirectory();
        var result = FaultSuite.Run(new[] { "train", "--device", "cuda", "--data-dir", FaultSuite.Data, "--out", dir["run"] });
        FaultSuite.AssertFails(result, 2, "--device cuda", "this build has the CPU libtorch (TorchBackend=cpu)", "-p:TorchBackend=cuda", "--device cpu");
    }

    static void MakeFifo(string path)
    {
        using var mkfifo = System.Diagnostics.Process.Start("mkfifo", new[] { path })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    static void Flip(string path, double where)
    {
        var bytes = File.ReadAllBytes(path);
        int at = (int)(bytes.Length * where);
        for (int i = at; i < at + 16; i++) bytes[i] ^= 0x5a;
        File.WriteAllBytes(path, bytes);
    }
}
