using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Examples;

/// <summary>
/// The third route into the course: a .NET 10 file-based app anywhere on disk that references the library with
/// `#:project`, run with plain `dotnet run app.cs`. Outside this repository neither Directory.Build.props (RID) nor
/// Directory.Build.targets (the GLIBCXX patch) apply, and PublishAot defaults to true: the library must cope alone.
/// </summary>
public class FileBasedAppTests
{
    [Fact]
    public void An_app_outside_the_repository_trains_saves_a_checkpoint_and_writes_a_chart()
    {
        // A fixed folder: `dotnet run` keeps one build per app path (~0.5 GB), so a new path per run would pile up.
        string app = Path.Combine(Path.GetTempPath(), "mnistcourse-file-based-app");
        Assert.False(app.StartsWith(CliRunner.RepoRoot + "/"), "the app must live outside the repository");
        using var work = new TempDirectory();
        SyntheticDigits.WriteDataset(work["data"], trainCount: 600, testCount: 200);
        Directory.CreateDirectory(app);
        string project = Path.Combine(CliRunner.RepoRoot, "lib", "MnistCourse", "MnistCourse.csproj");
        File.WriteAllText(Path.Combine(app, "app.cs"), $$"""
            #:project {{project}}
            using MnistCourse.Data;
            using MnistCourse.Reporting;
            using MnistCourse.Runtime;
            using MnistCourse.Training;

            TorchRuntime.EnsureLoaded();
            var device = Devices.Choose(DeviceChoice.Cpu);
            using var data = MnistLikeData.Load("mnist", dataDirectory: args[0], device: device);
            var options = new TrainingOptions { Epochs = 1 };
            var trainer = Trainer.ForSimpleNet(options, device);
            trainer.Listeners.Add(new CheckpointWriter(args[1]));
            var history = trainer.Fit(data);
            Console.WriteLine(history[^1].SourceLine);
            var saved = Checkpoint.ReadInfo(Path.Combine(args[1], Checkpoint.LastFile));
            Console.WriteLine($"restored epoch {saved.Epoch}, {saved.Optimizer}");
            File.WriteAllText(Path.Combine(args[1], "loss.html"), ChartHtml.ToStandaloneHtml(Charts.LossCurves(history)));
            Console.WriteLine($"natives: {TorchRuntime.LibTorchSharpPath}");
            """);
        Directory.CreateDirectory(work["out"]);

        var result = ChildProcess.Run("dotnet", new[] { "run", "app.cs", "--", work["data"], work["out"] }, app, TimeSpan.FromMinutes(5),
            new Dictionary<string, string> { ["MNISTCOURSE_NATIVE_CACHE"] = work["native-cache"] });
        string stdout = result.Stdout, output = result.Output;

        Assert.True(result.ExitCode == 0, output);
        Assert.Matches(@"Epoch \[1/1\], Train Loss: \d\.\d{4}, Train Acc: \d+\.\d{2}%, Val Loss: \d\.\d{4}, Val Acc: \d+\.\d{2}%", stdout);
        Assert.Contains("restored epoch 1, SGD(lr=0.01, momentum=0.9)", stdout);
        Assert.Contains("Plotly.newPlot", File.ReadAllText(work["out/loss.html"]));
        // On a libstdc++ older than the natives need (Debian 12), the patched copy came from the cache folder and
        // the app's own build folder was left as it was; on a newer one the shipped library loaded as is.
        string loaded = stdout.Split('\n').Single(l => l.StartsWith("natives: ")).Substring("natives: ".Length).Trim();
        string libstdcxx = MnistCourse.Runtime.ElfVersionNeeds.LoadedLibstdcxx()!;
        bool old = MnistCourse.Runtime.ElfVersionNeeds.UnmetNeeds(NuGetCache.ShippedLibTorchSharp, libstdcxx).Count > 0;
        if (old)
        {
            Assert.StartsWith(work["native-cache"], loaded);
            Assert.Contains("using a copy with that need marked weak", result.Stderr);
        }
        else Assert.DoesNotContain(work["native-cache"], loaded);
    }
}
