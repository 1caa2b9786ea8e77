using System.Diagnostics;
using System.Runtime.InteropServices;
using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Runtime;

/// <summary>
/// On a distro whose libstdc++ is new enough (Debian 13 here, built by environment/setup.sh --for-tests with
/// debootstrap), TorchSharp's library loads as shipped, and our patched copy behaves the same. The program
/// runs in a chroot of that root, so it uses that distro's glibc and libstdc++.
/// </summary>
public class NewerLibstdcxxTests
{
    static string Root => Prerequisites.Debian13Root.Path;

    [SkippableFact]
    public void The_cli_trains_in_a_Debian_13_root_with_the_shipped_and_with_the_patched_library()
    {
        Prerequisites.Require(Prerequisites.Debian13Root, Prerequisites.RootUser);
        Assert.True(File.Exists(Path.Combine(Root, "usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.33")), "expected Debian 13's libstdc++ (6.0.33, GLIBCXX_3.4.33)");

        string work = $"tmp/mnistcourse-{Guid.NewGuid():N}";
        string inside = Path.Combine(Root, work);
        string dotnetRoot = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        string appBin = Path.GetDirectoryName(CliRunner.CliDll)!;
        try
        {
            Directory.CreateDirectory(Path.Combine(inside, "dotnet", "shared"));
            Run("cp", "-a", Path.Combine(dotnetRoot, "dotnet"), Path.Combine(dotnetRoot, "host"), Path.Combine(inside, "dotnet"));
            Run("cp", "-a", Path.Combine(dotnetRoot, "shared", "Microsoft.NETCore.App"), Path.Combine(inside, "dotnet", "shared"));
            Run("cp", "-al", appBin + "/.", Path.Combine(inside, "app"));
            SyntheticDigits.WriteDataset(Path.Combine(inside, "data"), 500, 100);
            Run("mount", "-t", "proc", "proc", Path.Combine(Root, "proc"));

            string patched = Train(work);
            File.Delete(Path.Combine(inside, "app", "libLibTorchSharp.so"));
            File.Copy(NuGetCache.ShippedLibTorchSharp, Path.Combine(inside, "app", "libLibTorchSharp.so"));
            string shipped = Train(work);

            Assert.Matches(@"^Epoch \[1/1\], Train Loss: \d\.\d{4}", shipped);
            Assert.Equal(shipped, patched);
        }
        finally
        {
            Process.Start("umount", new[] { Path.Combine(Root, "proc") })!.WaitForExit();
            if (Directory.Exists(inside)) Directory.Delete(inside, recursive: true);
        }
    }


    /// <summary>Runs one epoch inside the root and returns its epoch line without the time (no report: it is not what
    /// this test is about, and costs each run ~5 s of CPU).</summary>
    static string Train(string work)
    {
        var start = new ProcessStartInfo("chroot") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Root, $"/{work}/dotnet/dotnet", $"/{work}/app/mnist-course.dll", "train", "--data-dir", $"/{work}/data", "--epochs", "1", "--no-report", "--out", $"/{work}/out" })
            start.ArgumentList.Add(a);
        start.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1"; // minbase has no ICU
        using var process = Process.Start(start)!;
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode} in the Debian 13 root:\n{stdout}\n{stderr}");
        string line = stdout.Split('\n').Single(l => l.StartsWith("Epoch [1/1]"));
        return line[..line.LastIndexOf(", Time:")];
    }

    static void Run(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true })!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} failed: {error}");
    }
}
