using System.Diagnostics;
using MnistCourse.Reporting;
using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Cli.Faults;

/// <summary>
/// Output folders that cannot take a run: a file, a device, /proc, a symlink loop, a read-only or full file
/// system, a folder another run holds. Checked before any data is read; a disk that fills up during the run
/// loses nothing that was reported saved.
/// </summary>
public class OutputFolderFaultTests
{
    [Theory]
    [InlineData("a file", "{dir}/file", "it is a file, not a folder")]
    [InlineData("/dev/null", "/dev/null", "it is a file, not a folder")]
    [InlineData("under /proc", "/proc/mnistcourse-run", "/proc/mnistcourse-run")]
    [InlineData("a symlink loop", "{dir}/loop", "cannot use it as the run's folder")]
    [InlineData("under a file", "{dir}/file/run", "cannot use it as the run's folder")]
    public void An_out_that_cannot_be_a_folder_exits_2_before_reading_data(string what, string outTemplate, string reason)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir["file"], "not a folder");
        Directory.CreateSymbolicLink(dir["loop"], dir["loop"]);
        string outDir = outTemplate.Replace("{dir}", dir.Path);
        var result = FaultSuite.Run(new[] { "train", "--data-dir", FaultSuite.Data, "--out", outDir });
        FaultSuite.AssertFails(result, 2, $"--out {outDir}:", reason);
        Assert.True(!result.Stdout.Contains("Data:"), $"{what}: data was read before --out was checked");
    }

    // Folders that hold files this program did not write: (what is in DIR, the arguments after "train" with {dir}, expected texts).
    static readonly Dictionary<string, (Action<TempDirectory> Arrange, string[] Args, string[] Expected)> Foreign = new()
    {
        ["a project folder"] = (d => Project(d), new[] { "--out", "{dir}/project" },
            new[] { "--out {dir}/project: not empty and not a run folder", "draft.tmp", "metrics.csv", "report.html", "run.json", "tensorboard/" }),
        ["a project folder, --no-report"] = (d => Project(d), new[] { "--no-report", "--out", "{dir}/project" },
            new[] { "--out {dir}/project: not empty and not a run folder" }),
        ["a folder with one note"] = (d => { Directory.CreateDirectory(d["project"]); File.WriteAllText(d["project/notes.txt"], "mine"); }, new[] { "--out", "{dir}/project" },
            new[] { "not empty and not a run folder (it holds notes.txt)" }),
        ["a folder with many files"] = (d => { Directory.CreateDirectory(d["project"]); for (int i = 0; i < 9; i++) File.WriteAllText(d[$"project/f{i}.txt"], "x"); },
            new[] { "--out", "{dir}/project" }, new[] { "f0.txt, f1.txt", "and 3 more" }),
        ["a folder whose run.json is someone else's"] = (d => { Directory.CreateDirectory(d["project"]); File.WriteAllText(d["project/run.json"], "{\"name\": \"my app\"}"); },
            new[] { "--out", "{dir}/project" }, new[] { "not empty and not a run folder (it holds run.json); its run.json is no run record of this program (format 0" }),
        ["--resume of a file in a plain folder"] = (d =>
            {
                Directory.CreateDirectory(d["sandbox/tensorboard"]);
                File.WriteAllText(d["sandbox/model.ckpt"], "weights");
                File.WriteAllText(d["sandbox/notes.tmp"], "draft");
                File.WriteAllText(d["sandbox/tensorboard/x.tmp"], "mine");
            }, new[] { "--resume", "{dir}/sandbox/model.ckpt" }, new[] { "{dir}/sandbox/run.json: missing" }),
    };

    static void Project(TempDirectory d)
    {
        Directory.CreateDirectory(d["project/tensorboard"]);
        foreach (var name in new[] { "draft.tmp", "report.html", "metrics.csv", "run.json", "tensorboard/events.out.tfevents.mine" })
            File.WriteAllText(d["project/" + name], "the user's own " + name);
    }

    public static TheoryData<string> ForeignNames => new(Foreign.Keys);

    [Theory]
    [MemberData(nameof(ForeignNames))]
    public void A_folder_with_files_this_program_did_not_write_is_refused_and_left_exactly_as_it_was(string name)
    {
        var (arrange, args, expected) = Foreign[name];
        using var dir = new TempDirectory();
        arrange(dir);
        var before = CheckpointFaultTests.Snapshot(dir.Path);
        var result = FaultSuite.Run(new[] { "train", "--data-dir", FaultSuite.Data }.Concat(args.Select(a => a.Replace("{dir}", dir.Path))));
        FaultSuite.AssertFails(result, 2, expected.Select(e => e.Replace("{dir}", dir.Path)).ToArray());
        Assert.Equal(before, CheckpointFaultTests.Snapshot(dir.Path)); // nothing deleted, replaced, or added (not even a lock)
        Assert.DoesNotContain("Data:", result.Stdout);
    }

    [Fact]
    public void A_new_run_in_a_run_folder_replaces_only_what_the_earlier_run_wrote()
    {
        using var dir = new TempDirectory();
        string run = dir["run"];
        Assert.Equal(0, FaultSuite.Train(FaultSuite.Step, run).ExitCode);
        // The user's own files beside the run's: names like the run's temp files and event files, but not in their format.
        var mine = new[] { "notes.txt", "draft.tmp", "metrics.csv.backup", "tensorboard/events.out.tfevents.mine", "tensorboard/x.tmp", "analysis/metrics.csv" };
        Directory.CreateDirectory(Path.Combine(run, "analysis"));
        foreach (var name in mine) File.WriteAllText(Path.Combine(run, name), "mine: " + name);
        File.WriteAllText(Path.Combine(run, "metrics.csv.4242.tmp"), "a killed run's temp file"); // the run's own format: removed

        string[] one = FaultSuite.Step.Select(a => a == "3" ? "1" : a).ToArray();
        var again = FaultSuite.Train(one, run);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Contains($"Replacing the earlier run in {run}", again.Stdout);
        foreach (var name in mine) Assert.Equal("mine: " + name, File.ReadAllText(Path.Combine(run, name)));
        Assert.False(File.Exists(Path.Combine(run, "metrics.csv.4242.tmp")));
        Assert.Single(MetricsCsv.Read(Path.Combine(run, "metrics.csv")));
        Assert.Equal(new long[] { 1 }, TensorBoardEventReader.ScalarSteps(Path.Combine(run, "tensorboard")));
        Assert.Empty(Directory.GetFiles(run, "*lock*", SearchOption.AllDirectories)); // a finished folder keeps nothing that looks like a stale lock
    }

    [Fact]
    public void A_read_only_file_system_exits_2_naming_the_folder()
    {
        using var mount = TmpfsMount.Create("ro,size=64k");
        string outDir = Path.Combine(mount.Path, "run");
        var result = FaultSuite.Run(new[] { "train", "--data-dir", FaultSuite.Data, "--out", outDir });
        FaultSuite.AssertFails(result, 2, $"--out {outDir}: cannot use it as the run's folder", "Read-only file system");
    }

    [Theory]
    // A disk that fills during epoch 2's checkpoint (1 epoch saved), and one too small for the first checkpoint (none saved).
    [InlineData("2000k", 1)]
    [InlineData("64k", 0)]
    public void A_full_disk_exits_1_naming_the_file_says_what_was_saved_and_resume_finishes_the_run(string size, int saved)
    {
        using var mount = TmpfsMount.Create($"size={size}");
        string outDir = Path.Combine(mount.Path, "run");
        var full = FaultSuite.Train(FaultSuite.Step, outDir);
        FaultSuite.AssertFails(full, 1, $"cannot write {outDir}/", "No space left on device");
        Assert.Equal(saved, File.Exists(Path.Combine(outDir, "metrics.csv")) ? MetricsCsv.Read(Path.Combine(outDir, "metrics.csv")).Count : 0);
        if (saved > 0) Assert.Contains($"{saved} finished epoch(s) are saved in {outDir}", full.Stderr);
        else Assert.DoesNotContain("finished epoch(s) are saved", full.Stderr);

        mount.Resize("64m");
        FaultSuite.AssertSameAsUninterrupted(FaultSuite.Step, FaultSuite.Run(new[] { "train", "--resume", outDir }), outDir);
    }

    [Fact]
    public void A_disk_too_full_for_the_report_exits_1_and_resume_writes_it()
    {
        // Room for the checkpoints (3 x 0.8 MB at the peak of a write) but not for the 3.7 MB report.
        using var mount = TmpfsMount.Create("size=4m");
        string outDir = Path.Combine(mount.Path, "run");
        var full = FaultSuite.Train(FaultSuite.StepWithReport, outDir);
        FaultSuite.AssertFails(full, 1, $"cannot write {outDir}/report.html", "No space left on device");
        Assert.Contains($"All 3 epochs are saved in {outDir}; --resume {outDir} writes the report again", full.Stderr);

        mount.Resize("64m");
        FaultSuite.AssertSameAsUninterrupted(FaultSuite.StepWithReport, FaultSuite.Run(new[] { "train", "--resume", outDir }), outDir);
    }

    [Fact]
    public void A_second_run_in_a_folder_in_use_exits_2_naming_the_first_and_the_first_finishes_intact()
    {
        using var dir = new TempDirectory();
        string outDir = dir["run"];
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { CliRunner.CliDll }.Concat(FaultSuite.Step).Concat(new[] { "--data-dir", FaultSuite.Data, "--out", outDir }))
            start.ArgumentList.Add(a);
        foreach (var (k, v) in FaultSuite.StopAt("epoch-end#1", "wait")) start.Environment[k] = v;
        using var first = Process.Start(start)!;
        var firstOut = first.StandardOutput.ReadToEndAsync();
        try
        {
            // The first run holds the folder, waiting after epoch 1, when its stop point says so.
            string? line;
            while ((line = first.StandardError.ReadLine()) is not null && !line.StartsWith("[test] stopping at", StringComparison.Ordinal)) { }
            Assert.NotNull(line);

            // The lock is on the folder itself: there is no lock file a user could delete to let a second run in.
            Assert.Empty(Directory.GetFiles(outDir, "*lock*", SearchOption.AllDirectories));
            var second = FaultSuite.Train(FaultSuite.Step, outDir);
            FaultSuite.AssertFails(second, 2, $"--out {outDir}:", $"process {first.Id}", "is running there");
            var resume = FaultSuite.Run(new[] { "train", "--resume", outDir });
            FaultSuite.AssertFails(resume, 2, $"--resume {outDir}:", $"process {first.Id}");
        }
        finally
        {
            Process.Start("kill", new[] { "-TERM", first.Id.ToString() })!.WaitForExit();
            Assert.True(first.WaitForExit(60_000), "the first run did not stop on SIGTERM");
        }
        Assert.Equal(143, first.ExitCode);
        Assert.Single(MetricsCsv.Read(Path.Combine(outDir, "metrics.csv")));
        FaultSuite.AssertSameAsUninterrupted(FaultSuite.Step, FaultSuite.Run(new[] { "train", "--resume", outDir }), outDir);
        Assert.Empty(Directory.GetFiles(outDir, "*lock*", SearchOption.AllDirectories));
    }
}

/// <summary>A small tmpfs (needs root, which the test machines and CI have): a full or read-only disk on demand.</summary>
public sealed class TmpfsMount : IDisposable
{
    TmpfsMount(string path) => Path = path;

    public string Path { get; }

    public static TmpfsMount Create(string options)
    {
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mnistcourse-tests", "tmpfs-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        Mount("-t", "tmpfs", "-o", options, "tmpfs", path);
        return new TmpfsMount(path);
    }

    public void Resize(string size) => Mount("-o", $"remount,size={size}", Path);

    static void Mount(params string[] args)
    {
        var start = new ProcessStartInfo("mount") { RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"mount {string.Join(' ', args)} failed (this test needs root): {error}");
    }

    public void Dispose()
    {
        Process.Start("umount", new[] { "-l", Path })!.WaitForExit();
        try { Directory.Delete(Path); } catch (IOException) { }
    }
}
