using System.Text.RegularExpressions;
using MnistCourse.Reporting;
using MnistCourse.Training;

namespace MnistCourse.Tests.Reporting;

public class LiveChartTests
{
    [Fact]
    public void The_live_chart_redraws_both_curves_after_every_epoch()
    {
        var shown = new List<string>();
        var live = new LiveChart(shown.Add);
        live.OnEpochEnd(null!, new EpochResult(1, 2, 0.5, 80, 0.4, 85, 0.01, 0.5));
        live.OnEpochEnd(null!, new EpochResult(2, 2, 0.3, 90, 0.35, 87, 0.01, 0.5));

        Assert.Equal(2, shown.Count);
        Assert.Equal(2, Regex.Matches(shown[1], "window.Plotly.newPlot").Count);
        Assert.Contains("\"y\":[0.5,0.3]", shown[1]);
        Assert.Contains("Epoch [1/2], Train Loss: 0.5000, Train Acc: 80.00%, Val Loss: 0.4000, Val Acc: 85.00%", shown[1]);
        Assert.Contains("Epoch [2/2]", shown[1]);
        Assert.DoesNotContain("<script src", shown[1]);
    }
}
