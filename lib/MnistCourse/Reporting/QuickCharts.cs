using Plotly.NET;
using CS = Plotly.NET.CSharp;
using MnistCourse.Localization;

namespace MnistCourse.Reporting;

/// <summary>
/// Small charts for notebook cells, one call each, titled and labelled: lines, bars and an image of 784 numbers.
/// (Plotly.NET's own C# styling needs many lines per chart; a notebook cell should show the idea, not that.)
/// </summary>
public static partial class Charts
{
    static readonly string[] Palette = { "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b" };

    /// <summary>One line per series, drawn against 1, 2, 3, ...</summary>
    public static GenericChart Lines(string title, string xTitle, string yTitle, params (string Name, IEnumerable<double> Values)[] series)
    {
        var chart = CS.Chart.Combine(series.Select(s =>
        {
            var values = s.Values.ToArray();
            return CS.Chart.Line<int, double, string>(Enumerable.Range(1, values.Length), values, Name: Texts.Localize(s.Name));
        }));
        var traces = chart.Traces();
        for (int i = 0; i < traces.Count; i++) traces[i].Child("line").Set(("color", Palette[i % Palette.Length]), ("width", 2));
        return Labelled(chart, title, xTitle, yTitle, showLegend: series.Length > 1).Sized(860, 380);
    }

    /// <summary>One line, drawn against 1, 2, 3, ...</summary>
    public static GenericChart Line(string title, string xTitle, string yTitle, IEnumerable<double> values) =>
        Lines(title, xTitle, yTitle, (yTitle, values));

    /// <summary>A bar per key.</summary>
    public static GenericChart Bars(string title, string xTitle, string yTitle, IEnumerable<string> keys, IEnumerable<double> values)
    {
        var chart = CS.Chart.Column<double, string, string>(values.ToArray(), Keys: keys.Select(Texts.Localize).ToArray());
        chart.Traces()[0].Child("marker").Set(("color", Palette[0]));
        return Labelled(chart, title, xTitle, yTitle, showLegend: false).Sized(860, 360);
    }

    /// <summary>
    /// A square of numbers (784 of them: an image, or the weights one hidden unit gives each pixel) as a heatmap,
    /// upright. Diverging colours (blue negative, red positive) suit weights; grey suits pixels.
    /// </summary>
    public static GenericChart Image(IReadOnlyList<float> values, string title, bool diverging = false)
    {
        int side = (int)Math.Round(Math.Sqrt(values.Count));
        if (side * side != values.Count) throw new ArgumentException($"{title}: {values.Count} values do not make a square image");
        var rows = Enumerable.Range(0, side).Select(r => Enumerable.Range(0, side).Select(c => (double)values[r * side + c]).ToArray()).ToArray();
        var chart = CS.Chart.Heatmap<double, int, int, string>(rows);
        double extent = values.Max(v => Math.Abs(v));
        chart.Traces()[0].Set(diverging
            ? new (string, object)[] { ("colorscale", "RdBu"), ("reversescale", true), ("zmid", 0), ("zmin", -extent), ("zmax", extent) }
            : new (string, object)[] { ("colorscale", new object[] { new object[] { 0, "#000000" }, new object[] { 1, "#ffffff" } }) });
        var layout = chart.Layout();
        layout.Child("xaxis").Set(("showticklabels", false), ("constrain", "domain"));
        layout.Child("yaxis").Set(("showticklabels", false), ("autorange", "reversed"), ("scaleanchor", "x"), ("constrain", "domain"));
        return chart.Titled(Texts.Localize(title)).Sized(460, 440);
    }

    static GenericChart Labelled(GenericChart chart, string title, string xTitle, string yTitle, bool showLegend)
    {
        var layout = chart.Layout();
        layout.Child("xaxis").Set(("title", new { text = Texts.Localize(xTitle) }), ("zeroline", false));
        layout.Child("yaxis").Set(("title", new { text = Texts.Localize(yTitle) }), ("zeroline", false));
        layout.Set(("showlegend", showLegend), ("font", new { size = 13 }), ("margin", new { l = 80, r = 30, t = 70, b = 60 }),
            ("legend", new { orientation = "h", x = 1, xanchor = "right", y = 1.02, yanchor = "bottom" }));
        return chart.Titled(Texts.Localize(title));
    }
}
