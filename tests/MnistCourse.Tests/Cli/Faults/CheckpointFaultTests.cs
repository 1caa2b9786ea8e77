using MnistCourse.Reporting;
using MnistCourse.Training;
using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Cli.Faults;

/// <summary>
/// Resuming what cannot be resumed as asked: missing, truncated or damaged checkpoints, a damaged run.json,
/// options or data that conflict with the run. Exit 2, one line naming the file or option (and, where it
/// works, the way out), and the run folder left as it was.
/// </summary>
public class CheckpointFaultTests
{
    static readonly Lazy<string> finished = new(() =>
    {
        string dir = Path.Combine(Path.GetTempPath(), "mnistcourse-tests", "finished-" + Guid.NewGuid().ToString("N")[..12]);
        var result = FaultSuite.Train(FaultSuite.Step, dir);
        Assert.True(result.ExitCode == 0, result.Stderr);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(dir, recursive: true); } catch (IOException) { } };
        return dir;
    });

    /// <summary>A copy of a finished 3-epoch run (shared data) in DIR/run.</summary>
    static void CopyFinishedRun(string run)
    {
        Directory.CreateDirectory(Path.Combine(run, "tensorboard"));
        foreach (var file in Directory.GetFiles(finished.Value, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(run, Path.GetRelativePath(finished.Value, file)));
    }

    /// <summary>A finished 1-epoch run on its own copy of the data, in DIR/data and DIR/run.</summary>
    static void TrainOnOwnData(TempDirectory dir)
    {
        SyntheticDigits.WriteDataset(dir["data"], 600, 100);
        var result = FaultSuite.Run(new[] { "train", "--dataset", "mnist", "--epochs", "1", "--no-report", "--data-dir", dir["data"], "--out", dir["run"] });
        Assert.True(result.ExitCode == 0, result.Stderr);
    }

    // Arrange DIR (dir["run"] is the run folder), then run `train --resume DIR/run` plus the extra arguments.
    // In the expected texts {run} is the run folder.
    static readonly Dictionary<string, (Action<TempDirectory> Arrange, string[] Extra, string[] Expected)> Cases = new()
    {
        ["no such folder"] = (_ => { }, Array.Empty<string>(), new[] { "--resume {run}: no such folder or checkpoint" }),
        ["a folder without a run"] = (d => Directory.CreateDirectory(d["run"]), Array.Empty<string>(), new[] { "{run}/run.json: missing", "start one with --out {run}" }),
        ["killed before run.json was written"] = (d =>
            {
                var killed = FaultSuite.Train(FaultSuite.Step, d["run"], FaultSuite.StopAt("write:run.json"));
                Assert.Equal(137, killed.ExitCode);
            }, Array.Empty<string>(), new[] { "{run}/run.json: missing" }),
        ["truncated checkpoint-last"] = (d => { CopyFinishedRun(d["run"]); Cut(d["run/checkpoint-last.ckpt"], 100); }, Array.Empty<string>(),
            new[] { "{run}/checkpoint-last.ckpt: truncated checkpoint", "resume from epoch 3 with --resume {run}/checkpoint-best.ckpt" }),
        ["one flipped byte in checkpoint-last"] = (d => { CopyFinishedRun(d["run"]); FlipByte(d["run/checkpoint-last.ckpt"]); }, Array.Empty<string>(),
            new[] { "{run}/checkpoint-last.ckpt: damaged checkpoint", "--resume {run}/checkpoint-best.ckpt" }),
        ["both checkpoints damaged"] = (d => { CopyFinishedRun(d["run"]); FlipByte(d["run/checkpoint-last.ckpt"]); FlipByte(d["run/checkpoint-best.ckpt"]); }, Array.Empty<string>(),
            new[] { "{run}/checkpoint-last.ckpt: damaged checkpoint", "checkpoint-best.ckpt is damaged too", "new --out" }),
        ["damaged checkpoint-best named"] = (d => { CopyFinishedRun(d["run"]); FlipByte(d["run/checkpoint-best.ckpt"]); }, new[] { "/checkpoint-best.ckpt" },
            new[] { "{run}/checkpoint-best.ckpt: damaged checkpoint", "new --out" }),
        ["not a checkpoint"] = (d => { CopyFinishedRun(d["run"]); File.WriteAllText(d["run/checkpoint-last.ckpt"], "weights\n"); }, Array.Empty<string>(),
            new[] { "{run}/checkpoint-last.ckpt: not an MnistCourse checkpoint" }),
        ["damaged run.json"] = (d => { CopyFinishedRun(d["run"]); Cut(d["run/run.json"], 40); }, Array.Empty<string>(),
            new[] { "{run}/run.json: damaged run record", "new --out" }),
        ["another learning rate"] = (d => CopyFinishedRun(d["run"]), new[] { "--lr", "0.1" }, new[] { "--lr 0.1 conflicts with this run's --lr 0.001" }),
        ["another data set"] = (d => CopyFinishedRun(d["run"]), new[] { "--dataset", "fashion-mnist" }, new[] { "--dataset fashion-mnist conflicts with this run's --dataset mnist" }),
        ["another model size"] = (d => CopyFinishedRun(d["run"]), new[] { "--hidden", "64" }, new[] { "--hidden 64 conflicts with this run's --hidden 128" }),
        ["another optimizer"] = (d => CopyFinishedRun(d["run"]), new[] { "--optimizer", "adam" }, new[] { "--optimizer adam conflicts with this run's --optimizer sgd" }),
        ["another schedule"] = (d => CopyFinishedRun(d["run"]), new[] { "--scheduler", "cosine" }, new[] { "--scheduler cosine conflicts with this run's --scheduler step" }),
        ["another seed"] = (d => TrainOnOwnData(d), new[] { "--seed", "1" }, new[] { "--seed 1 conflicts with this run's --seed 42" }),
        ["fewer epochs than finished"] = (d => CopyFinishedRun(d["run"]), new[] { "--epochs", "2" }, new[] { "--epochs 2 is fewer than the 3 epochs this run has finished" }),
        ["other data under --data-dir"] = (d => { TrainOnOwnData(d); SyntheticDigits.WriteDataset(d["other"], 600, 100, seed: 5); }, new[] { "--data-dir", "{dir}/other" },
            new[] { "{dir}/other/train-images-idx3-ubyte.gz is not the file this run trained on" }),
        ["the run's data changed"] = (d => { TrainOnOwnData(d); SyntheticDigits.WriteDataset(d["data"], 600, 100, seed: 9); }, Array.Empty<string>(),
            new[] { "{dir}/data/train-images-idx3-ubyte.gz is not the file this run trained on" }),
        ["the run's data folder is gone"] = (d => { TrainOnOwnData(d); Directory.Delete(d["data"], recursive: true); }, Array.Empty<string>(),
            new[] { "{dir}/data: this run's data folder is gone", "pass --data-dir" }),
        // A resume is one run only when checkpoint, run.json and data agree.
        ["checkpoint-last copied from another run"] = (d => { CopyFinishedRun(d["run"]); CopyFromOtherRun(d, Checkpoint.LastFile); }, Array.Empty<string>(),
            new[] { "{run}/checkpoint-last.ckpt belongs to another run", "train into a new --out" }),
        ["checkpoint-best copied from another run, resumed by name"] = (d => { CopyFinishedRun(d["run"]); CopyFromOtherRun(d, Checkpoint.BestFile); }, new[] { "/checkpoint-best.ckpt" },
            new[] { "{run}/checkpoint-best.ckpt belongs to another run" }),
        ["run.json's run identity edited"] = (d => { CopyFinishedRun(d["run"]); EditRunJson(d, "\"RunId\": \"", "\"RunId\": \"0123456789abcdef0123456789abcdef\",\n  \"Was\": \""); }, Array.Empty<string>(),
            new[] { "{run}/checkpoint-last.ckpt belongs to another run" }),
        ["run.json's data set edited to another one"] = (d => { CopyFinishedRun(d["run"]); EditRunJson(d, "\"Dataset\": \"mnist\"", "\"Dataset\": \"fashion-mnist\""); }, Array.Empty<string>(),
            new[] { "{run}/checkpoint-last.ckpt was trained on mnist, but run.json says --dataset fashion-mnist" }),
        ["run.json's data set edited to an unknown one"] = (d => { CopyFinishedRun(d["run"]); EditRunJson(d, "\"Dataset\": \"mnist\"", "\"Dataset\": \"cifar\""); }, Array.Empty<string>(),
            new[] { "{run}/run.json: damaged run record", "\"Dataset\": \"cifar\" is not one of mnist, fashion-mnist" }),
        ["run.json's batch size edited to 0"] = (d => { CopyFinishedRun(d["run"]); EditRunJson(d, "\"--batch-size\": \"64\"", "\"--batch-size\": \"0\""); }, Array.Empty<string>(),
            new[] { "{run}/run.json: damaged run record (--batch-size must be a whole number from 1", "got '0'" }),
        ["run.json's optimizer edited to rmsprop"] = (d => { CopyFinishedRun(d["run"]); EditRunJson(d, "\"--optimizer\": \"sgd\"", "\"--optimizer\": \"rmsprop\""); }, Array.Empty<string>(),
            new[] { "{run}/run.json: damaged run record (--optimizer: unknown value 'rmsprop'" }),
        ["run.json's epochs edited to text"] = (d => { CopyFinishedRun(d["run"]); EditRunJson(d, "\"--epochs\": \"3\"", "\"--epochs\": \"three\""); }, Array.Empty<string>(),
            new[] { "{run}/run.json: damaged run record (--epochs must be a whole number", "got 'three'" }),
        ["run.json's report flag edited"] = (d => { CopyFinishedRun(d["run"]); EditRunJson(d, "\"--no-report\": \"true\"", "\"--no-report\": \"maybe\""); }, Array.Empty<string>(),
            new[] { "{run}/run.json: damaged run record (--no-report takes no value" }),
        ["run.json's learning rate edited"] = (d => { CopyFinishedRun(d["run"]); EditRunJson(d, "\"--lr\": \"0.001\"", "\"--lr\": \"0.1\""); }, Array.Empty<string>(),
            new[] { "{run}/checkpoint-last.ckpt was trained with --lr 0.001, but run.json says --lr 0.1" }),
        ["run.json's data file MD5 removed"] = (d => { CopyFinishedRun(d["run"]); EditRunJson(d, "\"train-labels-idx1-ubyte.gz\"", "\"train-labels.gz\""); }, Array.Empty<string>(),
            new[] { "{run}/run.json: damaged run record (no MD5 of train-labels-idx1-ubyte.gz)" }),
        ["checkpoint-last deleted, checkpoint-best and metrics remain"] = (d => { CopyFinishedRun(d["run"]); File.Delete(d["run/checkpoint-last.ckpt"]); }, Array.Empty<string>(),
            new[] { "{run}/checkpoint-last.ckpt: missing, but epochs of this run were finished", "will not start over", "--resume {run}/checkpoint-best.ckpt" }),
        ["both checkpoints deleted, metrics remain"] = (d => { CopyFinishedRun(d["run"]); File.Delete(d["run/checkpoint-last.ckpt"]); File.Delete(d["run/checkpoint-best.ckpt"]); }, Array.Empty<string>(),
            new[] { "{run}/checkpoint-last.ckpt: missing", "metrics.csv", "train into a new --out" }),
        ["a finished cosine run given more epochs"] = (d => Assert.Equal(0, FaultSuite.Train(FaultSuite.Cosine, d["run"]).ExitCode), new[] { "--epochs", "5" },
            new[] { "--epochs 5: this run's cosine schedule was planned over its --epochs 3", "new --out" }),
        ["a stopped cosine run given more epochs"] = (d => Assert.Equal(137, FaultSuite.Train(FaultSuite.Cosine, d["run"], FaultSuite.StopAt("epoch-end#1")).ExitCode), new[] { "--epochs", "4" },
            new[] { "--epochs 4: this run's cosine schedule was planned over its --epochs 3" }),
    };

    /// <summary>A file of a finished run of the same model and optimizer, but another learning rate and seed, put into DIR/run.</summary>
    static void CopyFromOtherRun(TempDirectory d, string file)
    {
        string[] other = FaultSuite.Step.Select(a => a switch { "0.001" => "0.003", "7" => "8", _ => a }).ToArray();
        Assert.Equal(0, FaultSuite.Train(other, d["other"]).ExitCode);
        File.Copy(Path.Combine(d["other"], file), Path.Combine(d["run"], file), overwrite: true);
    }

    static void EditRunJson(TempDirectory d, string from, string to)
    {
        string text = File.ReadAllText(d["run/run.json"]);
        Assert.Contains(from, text);
        File.WriteAllText(d["run/run.json"], text.Replace(from, to));
    }

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void An_unresumable_run_exits_2_naming_the_cause_and_changes_nothing(string name)
    {
        var (arrange, extra, expected) = Cases[name];
        using var dir = new TempDirectory();
        arrange(dir);
        string run = dir["run"];
        string resume = extra.FirstOrDefault() is { } first && first.StartsWith('/') ? run + first : run;
        var args = new[] { "train", "--resume", resume }.Concat(extra.Where(e => !e.StartsWith('/')).Select(e => e.Replace("{dir}", dir.Path)));
        var before = Snapshot(run);
        var result = FaultSuite.Run(args);
        FaultSuite.AssertFails(result, 2, expected.Select(e => e.Replace("{run}", run).Replace("{dir}", dir.Path)).ToArray());
        Assert.Equal(before, Snapshot(run));
    }

    [Fact]
    public void Resuming_from_checkpoint_best_continues_from_the_best_epoch()
    {
        using var dir = new TempDirectory();
        CopyFinishedRun(dir["run"]);
        FlipByte(dir["run/checkpoint-last.ckpt"]);
        var result = FaultSuite.Run(new[] { "train", "--resume", dir["run/checkpoint-best.ckpt"] });
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains($"Resuming {dir["run/checkpoint-best.ckpt"]}: 3 of 3 epochs finished", result.Stdout);
        Assert.Equal(3, MetricsCsv.Read(dir["run/metrics.csv"]).Count);
        Assert.Equal(3, MnistCourse.Training.Checkpoint.ReadInfo(dir["run/checkpoint-last.ckpt"]).Epoch);
    }

    /// <summary>Every file's and folder's name, and every file's bytes: a refused run adds, removes and changes nothing.</summary>
    public static Dictionary<string, string> Snapshot(string folder) => !Directory.Exists(folder) ? new() :
        Directory.GetFileSystemEntries(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => f, f => Directory.Exists(f) ? "folder" : Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));

    [Fact]
    public void Resuming_from_an_earlier_checkpoint_best_drops_the_abandoned_epochs_everywhere()
    {
        using var dir = new TempDirectory();
        string run = dir["run"];
        Assert.Equal(137, FaultSuite.Train(FaultSuite.Step, run, FaultSuite.StopAt("epoch-end#2")).ExitCode);
        byte[] epoch2 = File.ReadAllBytes(Path.Combine(run, Checkpoint.LastFile));
        Assert.Equal(0, FaultSuite.Run(new[] { "train", "--resume", run }).ExitCode);
        File.WriteAllBytes(Path.Combine(run, Checkpoint.BestFile), epoch2); // the best epoch was 2: go back to it

        var back = FaultSuite.Run(new[] { "train", "--resume", Path.Combine(run, Checkpoint.BestFile) });
        Assert.True(back.ExitCode == 0, back.Stderr);
        Assert.Contains("Resuming " + Path.Combine(run, Checkpoint.BestFile) + ": 2 of 3 epochs finished", back.Stdout);
        // Epoch 3 was trained twice; TensorBoard holds it once (the new one), as do metrics.csv and the checkpoint.
        var scalars = MnistCourse.Tests.Reporting.TensorBoardEventReader.ReadScalars(Path.Combine(run, "tensorboard"));
        Assert.Equal(new long[] { 1, 2, 3 }, scalars.Where(s => s.Tag == "Loss/Train").Select(s => s.Step).Order());
        var metrics = MetricsCsv.Read(Path.Combine(run, "metrics.csv"));
        Assert.Equal(new[] { 1, 2, 3 }, metrics.Select(r => r.Epoch));
        Assert.Equal((float)metrics[2].TrainLoss, scalars.Single(s => s.Tag == "Loss/Train" && s.Step == 3).Value);
        Assert.Equal(3, Checkpoint.ReadInfo(Path.Combine(run, Checkpoint.LastFile)).Epoch);
    }

    static void Cut(string path, int bytes)
    {
        var all = File.ReadAllBytes(path);
        File.WriteAllBytes(path, all[..(all.Length - bytes)]);
    }

    /// <summary>One byte in the middle of the weights: a valid-looking file with one wrong number.</summary>
    static void FlipByte(string path)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(path, bytes);
    }
}
