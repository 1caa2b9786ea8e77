using MnistCourse.Course;
using MnistCourse.Reporting;
using MnistCourse.Training;

namespace MnistCourse.Tests.Course;

public class ExerciseTests
{
    [Fact]
    public void Answers_are_marked_right_wrong_or_not_yet_answered()
    {
        Assert.Equal("✅ Exercise 1: 938 is right.", Exercise.Check<int>("Exercise 1", 938, 938, "60000 / 64, rounded up"));
        Assert.Equal("❌ Exercise 1: 937 is not it yet. Hint: 60000 / 64, rounded up", Exercise.Check<int>("Exercise 1", 937, 938, "60000 / 64, rounded up"));
        Assert.Equal("⏳ Exercise 1: not answered yet. Hint: h", Exercise.Check<int>("Exercise 1", null, 938, "h"));
        Assert.StartsWith("✅", Exercise.Check("Exercise 2", " Int64 ", "int64", "h"));
        Assert.StartsWith("⏳", Exercise.Check("Exercise 2", "", "int64", "h"));
        Assert.StartsWith("✅", Exercise.Check("Exercise 3", 2.302, Math.Log(10), 0.01, "h"));
        Assert.StartsWith("❌", Exercise.Check("Exercise 3", 2.2, Math.Log(10), 0.01, "h"));
    }

    [Fact]
    public void The_live_chart_redraws_both_curves_after_every_epoch()
    {
        var shown = new List<string>();
        var live = new LiveChart(shown.Add);
        live.OnEpochEnd(null!, new EpochResult(1, 2, 0.5, 80, 0.4, 85, 0.01, 0.5));
        live.OnEpochEnd(null!, new EpochResult(2, 2, 0.3, 90, 0.35, 87, 0.01, 0.5));

        Assert.Equal(2, shown.Count);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(shown[1], "window.Plotly.newPlot").Count);
        Assert.Contains("\"y\":[0.5,0.3]", shown[1]);
        Assert.Contains("Epoch [1/2], Train Loss: 0.5000, Train Acc: 80.00%, Val Loss: 0.4000, Val Acc: 85.00%", shown[1]);
        Assert.Contains("Epoch [2/2]", shown[1]);
        Assert.DoesNotContain("<script src", shown[1]);
    }
}
