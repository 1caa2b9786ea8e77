using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MnistCourse.Data;
using MnistCourse.Reporting;
using MnistCourse.Tests.Support;
using MnistCourse.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace MnistCourse.Tests.Reporting;

public class ReportTests(ITestOutputHelper output)
{
    static readonly string[] ChartTitles = { "Loss", "Accuracy", "Learning rate", "Confusion matrix", "Sample validation images", "Misclassified images" };

    /// <summary>Trains SimpleNet for 2 epochs with a ReportListener attached, as a run would.</summary>
    static (IReadOnlyList<EpochResult> Results, TrainingOptions Options) TrainWithReport(MnistLikeData data, string reportPath)
    {
        var options = new TrainingOptions { Epochs = 2, Seed = 42 };
        var trainer = Trainer.ForSimpleNet(options, CPU);
        trainer.Listeners.Add(new ReportListener(reportPath));
        return (trainer.Fit(data), options);
    }

    [Fact]
    public void Report_is_one_self_contained_file_with_settings_epochs_and_every_chart()
    {
        Torch.Init();
        using var temp = new TempDirectory();
        using var data = SyntheticDigits.Load(trainCount: 1200, testCount: 300);
        string path = temp["run/report.html"];

        var (results, _) = TrainWithReport(data, path);

        Assert.Equal(new[] { "report.html" }, Directory.GetFiles(temp["run"]).Select(Path.GetFileName));
        string html = File.ReadAllText(path);
        Assert.Single(Regex.Matches(html, $@"plotly\.js v{Regex.Escape(PlotlyJs.Version)}"));
        Assert.Empty(Regex.Matches(html, @"<script[^>]*\bsrc\s*=", RegexOptions.IgnoreCase));
        Assert.Equal(6, Regex.Matches(html, "<figure class=\"chart\">").Count);
        foreach (string title in ChartTitles) Assert.Contains($"\"text\":\"{title}", html);
        foreach (string setting in new[] { "Batch size</th><td>64", "Optimizer</th><td>SGD(lr=0.01, momentum=0.9)", "Seed</th><td>42", "Train images</th><td>1,200",
                     "Parameters</th><td>101,770", "Schedule</th><td>none" })
            Assert.Contains(setting, html);
        foreach (var r in results)
            Assert.Contains(string.Create(CultureInfo.InvariantCulture,
                $"<td>{r.Epoch}/2</td><td>{r.TrainLoss:F4}</td><td>{r.TrainAccuracy:F2}%</td><td>{r.ValLoss:F4}</td><td>{r.ValAccuracy:F2}%</td>"), html);
    }

    [SkippableFact]
    public async Task Report_draws_every_chart_in_headless_chromium_with_the_network_blocked()
    {
        Prerequisites.Require(Prerequisites.FashionMnist, Prerequisites.Chromium);
        var fashion = DatasetCatalog.FashionMnist;

        Torch.Init();
        var clock = Stopwatch.StartNew();
        using var all = MnistLikeData.Load(new DataLocation(fashion, Prerequisites.FashionMnist.Path, "Debian package"));
        using var data = new MnistLikeData(all.Location, all.Train.Take(6000), all.Validation.Take(1000));
        string artifacts = Path.Combine(CliRunner.RepoRoot, "artifacts");
        Directory.CreateDirectory(artifacts);
        string reportPath = Path.Combine(artifacts, "report.html");
        string screenshot = Path.Combine(artifacts, "report.png");
        var (results, _) = TrainWithReport(data, reportPath);
        output.WriteLine($"trained 2 epochs and wrote the report in {clock.Elapsed.TotalSeconds:F1}s; val acc {results[^1].ValAccuracy:F2}%");

        clock.Restart();
        await using var browser = await ReportBrowser.LaunchAsync();
        await browser.OpenAsync(reportPath, charts: 6);
        await browser.Page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });

        string json = await browser.Page.EvaluateAsync<string>("""
            () => JSON.stringify([...document.querySelectorAll('figure.chart')].map(f => ({
              svgs: f.querySelectorAll('svg.main-svg').length,
              title: (f.querySelector('.gtitle') || {}).textContent || '',
              lines: f.querySelectorAll('.scatterlayer .trace path.js-line').length,
              points: f.querySelectorAll('.scatterlayer .trace path.point').length,
              heatmaps: f.querySelectorAll('.heatmaplayer image, g.hm image').length,
              cellTexts: f.querySelectorAll('.heatmaplayer text, g.hm text').length,
            })))
            """);
        output.WriteLine($"browser: {clock.Elapsed.TotalSeconds:F1}s; charts: {json}");
        var charts = JsonDocument.Parse(json).RootElement.EnumerateArray().ToArray();

        browser.AssertOfflineAndClean();
        Assert.Equal(6, charts.Length);
        for (int i = 0; i < 6; i++)
        {
            Assert.True(charts[i].GetProperty("svgs").GetInt32() >= 1, $"chart {i + 1} ({ChartTitles[i]}) drew no svg");
            Assert.StartsWith(ChartTitles[i], charts[i].GetProperty("title").GetString());
        }
        int[] lines = charts.Take(3).Select(c => c.GetProperty("lines").GetInt32()).ToArray();
        Assert.Equal(new[] { 2, 2, 1 }, lines);
        Assert.All(charts.Take(3), c => Assert.True(c.GetProperty("points").GetInt32() >= 2, "each curve marks its 2 epochs"));
        Assert.Equal(1, charts[3].GetProperty("heatmaps").GetInt32());
        Assert.Equal(100, charts[3].GetProperty("cellTexts").GetInt32());
        Assert.Equal(16, charts[4].GetProperty("heatmaps").GetInt32());
        Assert.Equal(16, charts[5].GetProperty("heatmaps").GetInt32());
        Assert.True(new FileInfo(screenshot).Length > 50_000, "the screenshot looks empty");
    }

    [SkippableFact]
    public async Task Chart_fragments_draw_after_plotly_is_injected_once_even_under_an_AMD_loader()
    {
        // A notebook page: require.js-style define() is present, plotly.js comes in one cell, charts in later ones.
        using var temp = new TempDirectory();
        var history = new[] { new EpochResult(1, 2, 0.6, 80, 0.5, 82, 0.01, 1), new EpochResult(2, 2, 0.4, 86, 0.45, 84, 0.01, 1) };
        string page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><script>window.define = function () {}; window.define.amd = {};</script></head><body>\n" +
            ChartHtml.ToFragment(Charts.LossCurves(history)) + "\n" +
            PlotlyJs.ScriptTag() + "\n" +
            ChartHtml.ToFragment(Charts.AccuracyCurves(history)) + "\n</body></html>";
        File.WriteAllText(temp["notebook.html"], page);

        await using var browser = await ReportBrowser.LaunchAsync();
        await browser.OpenAsync(temp["notebook.html"], charts: 2);

        Assert.Equal(4, await browser.Page.EvaluateAsync<int>("() => document.querySelectorAll('.scatterlayer .trace path.js-line').length"));
        Assert.True(await browser.Page.EvaluateAsync<bool>("() => typeof window.Plotly.newPlot === 'function'"));
        browser.AssertOfflineAndClean();
    }
}
