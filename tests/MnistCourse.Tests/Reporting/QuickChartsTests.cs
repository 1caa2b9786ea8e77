using MnistCourse.Reporting;
using static MnistCourse.Tests.Reporting.ChartJson;

namespace MnistCourse.Tests.Reporting;

/// <summary>The one-call charts notebook cells use (lines, bars, a 784-number image).</summary>
public class QuickChartsTests
{
    static string Text(System.Text.Json.JsonElement e, string axis) => e.GetProperty(axis).GetProperty("title").GetProperty("text").GetString()!;

    [Fact]
    public void Lines_draw_each_series_against_1_2_3_in_its_own_colour_with_a_legend()
    {
        var chart = Charts.Lines("Loss", "Epoch", "Loss", ("train", new[] { 0.9, 0.5, 0.4 }), ("validation", new[] { 0.8, 0.6, 0.55 }));
        var traces = Traces(chart);
        var layout = Layout(chart);

        Assert.Equal(new[] { "train", "validation" }, traces.Select(t => t.GetProperty("name").GetString()));
        Assert.All(traces, t => Assert.Equal(new double[] { 1, 2, 3 }, Numbers(t.GetProperty("x"))));
        Assert.Equal(new[] { 0.8, 0.6, 0.55 }, Numbers(traces[1].GetProperty("y")));
        Assert.NotEqual(traces[0].GetProperty("line").GetProperty("color").GetString(), traces[1].GetProperty("line").GetProperty("color").GetString());
        Assert.Equal("Loss", layout.GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("Epoch", Text(layout, "xaxis"));
        Assert.True(layout.GetProperty("showlegend").GetBoolean());
    }

    [Fact]
    public void A_single_line_is_named_by_its_axis_and_needs_no_legend()
    {
        var chart = Charts.Line("Learning rate", "Epoch", "lr", new[] { 0.01, 0.005 });
        var trace = Assert.Single(Traces(chart));

        Assert.Equal("lr", trace.GetProperty("name").GetString());
        Assert.Equal(new[] { 0.01, 0.005 }, Numbers(trace.GetProperty("y")));
        Assert.False(Layout(chart).GetProperty("showlegend").GetBoolean());
    }

    [Fact]
    public void Bars_put_one_bar_per_key()
    {
        var chart = Charts.Bars("Per class", "Class", "Accuracy (%)", new[] { "cat", "dog", "bird" }, new[] { 91.0, 85.5, 78.0 });
        var trace = Assert.Single(Traces(chart));

        Assert.Equal("bar", trace.GetProperty("type").GetString());
        Assert.Equal(new[] { "cat", "dog", "bird" }, Strings(trace.GetProperty("x")));
        Assert.Equal(new[] { 91.0, 85.5, 78.0 }, Numbers(trace.GetProperty("y")));
        Assert.Equal("Accuracy (%)", Text(Layout(chart), "yaxis"));
    }

    [Fact]
    public void An_image_is_a_square_heatmap_whose_first_row_is_the_first_28_values_drawn_at_the_top()
    {
        var pixels = Enumerable.Range(0, 784).Select(i => i / 783f).ToArray();
        var chart = Charts.Image(pixels, "A digit");
        var trace = Assert.Single(Traces(chart));
        var z = trace.GetProperty("z").EnumerateArray().Select(Numbers).ToArray();

        Assert.Equal("heatmap", trace.GetProperty("type").GetString());
        Assert.Equal(28, z.Length);
        Assert.All(z, row => Assert.Equal(28, row.Length));
        Assert.Equal(pixels.Take(28).Select(p => (double)p), z[0]);
        Assert.Equal((double)pixels[783], z[27][27]);
        Assert.Equal("reversed", Layout(chart).GetProperty("yaxis").GetProperty("autorange").GetString()); // row 0 on top
        Assert.Equal("A digit", Layout(chart).GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void Diverging_weights_are_centred_on_zero_and_symmetric()
    {
        var weights = Enumerable.Range(0, 784).Select(i => (i % 7 - 2) * 0.1f).ToArray(); // -0.2 .. 0.4
        var trace = Assert.Single(Traces(Charts.Image(weights, "Unit 3", diverging: true)));

        Assert.Equal(0, trace.GetProperty("zmid").GetDouble());
        Assert.Equal(0.4, trace.GetProperty("zmax").GetDouble(), 6);
        Assert.Equal(-0.4, trace.GetProperty("zmin").GetDouble(), 6);
    }

    [Fact]
    public void Values_that_are_not_a_square_are_refused_naming_the_chart()
    {
        var error = Assert.Throws<ArgumentException>(() => Charts.Image(new float[700], "Unit 3"));
        Assert.Equal("Unit 3: 700 values do not make a square image", error.Message);
    }
}
