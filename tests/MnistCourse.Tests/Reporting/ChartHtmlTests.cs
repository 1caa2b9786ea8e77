using System.Text.RegularExpressions;
using MnistCourse.Reporting;
using MnistCourse.Training;

namespace MnistCourse.Tests.Reporting;

public class ChartHtmlTests
{
    static readonly EpochResult[] History = { new(1, 2, 0.6, 80, 0.5, 82, 0.01, 1), new(2, 2, 0.4, 86, 0.45, 84, 0.01, 1) };

    [Fact]
    public void Standalone_html_inlines_plotly_js_and_loads_nothing_from_the_network()
    {
        string html = ChartHtml.ToStandaloneHtml(Charts.LossCurves(History), "Loss");

        // The version (read from the resource's name) is the one the inlined source states in its own header.
        Assert.Equal(Regex.Match(PlotlyJs.Source, @"plotly\.js v(\d+\.\d+\.\d+)").Groups[1].Value, PlotlyJs.Version);
        Assert.True(PlotlyJs.Source.Length > 3_000_000, $"plotly.js is only {PlotlyJs.Source.Length} characters");
        Assert.Single(Regex.Matches(html, $@"plotly\.js v{Regex.Escape(PlotlyJs.Version)}"));
        Assert.Contains("newPlot", html);
        Assert.Empty(Regex.Matches(html, @"<script[^>]*\bsrc\s*=", RegexOptions.IgnoreCase));
        Assert.Empty(Regex.Matches(html, @"<link\b", RegexOptions.IgnoreCase));
        // plotly.js mentions its CDN (a default for geo maps, unused here) but nothing may load from it or anywhere.
        Assert.Empty(Regex.Matches(html, @"\bsrc\s*=\s*[""']?(https?:)?//", RegexOptions.IgnoreCase));
        Assert.Contains("\"name\":\"validation\"", html);
    }

    [Fact]
    public void A_fragment_draws_with_window_Plotly_and_cannot_close_its_script_early()
    {
        var chart = Charts.ConfusionMatrix(new int[2, 2] { { 3, 1 }, { 0, 4 } }, new[] { "</script><b>x", "y" });
        string fragment = ChartHtml.ToFragment(chart, "cm");

        Assert.StartsWith("<div id=\"cm\"", fragment);
        Assert.Contains("window.Plotly.newPlot(id, figure)", fragment);
        Assert.DoesNotContain("plotly.js v", fragment);
        Assert.Single(Regex.Matches(fragment, "</script", RegexOptions.IgnoreCase));
        Assert.Contains("<\\/script><b>x", fragment);
    }
}
