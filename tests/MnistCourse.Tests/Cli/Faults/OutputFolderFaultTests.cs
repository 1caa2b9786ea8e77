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
