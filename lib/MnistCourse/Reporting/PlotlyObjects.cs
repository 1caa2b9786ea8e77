using Plotly.NET;
using DynObj = DynamicObj.DynamicObj;

namespace MnistCourse.Reporting;

/// <summary>
/// Sets plotly.js attributes by their plotly.js names on a chart's layout and traces. Plotly.NET's own styling
/// functions take F# optional arguments that C# must spell out one by one (LinearAxis.init has ~90), and the
/// C# wrapper covers only a few; its layout and trace objects are DynamicObjs, so naming attributes is simpler.
/// </summary>
internal static class PlotlyObjects
{
    /// <summary>Sets attributes on an object; values may be plain values, arrays or anonymous objects.</summary>
    public static DynObj Set(this DynObj target, params (string Name, object Value)[] attributes)
    {
        foreach (var (name, value) in attributes) target.SetProperty(name, value);
        return target;
    }

    /// <summary>The nested object called <paramref name="name"/> (e.g. "xaxis2", "line"), created if missing.</summary>
    public static DynObj Child(this DynObj parent, string name)
    {
        if (parent.TryGetPropertyValue(name) is { } existing && existing.Value is DynObj child) return child;
        var created = new DynObj();
        parent.SetProperty(name, created);
        return created;
    }

    public static Layout Layout(this GenericChart chart) => GenericChart.getLayout(chart);

    public static IReadOnlyList<Trace> Traces(this GenericChart chart) => GenericChart.getTraces(chart).ToList();

    /// <summary>A title that reads as a heading: larger, dark, left-aligned with the plot.</summary>
    public static GenericChart Titled(this GenericChart chart, string title, string? subtitle = null)
    {
        string text = subtitle is null ? title : $"{title}<br><span style=\"font-size:13px;color:#555\">{subtitle}</span>";
        // Pinned to the top of the chart, so a larger top margin (room for subplot titles) adds space below it.
        chart.Layout().Child("title").Set(("text", text), ("x", 0.02), ("xanchor", "left"), ("font", new { size = 18, color = "#222" }),
            ("yref", "container"), ("y", 1), ("yanchor", "top"), ("pad", new { t = 16 }));
        return chart;
    }

    public static GenericChart Sized(this GenericChart chart, int width, int height)
    {
        chart.Layout().Set(("width", width), ("height", height));
        return chart;
    }

    /// <summary>Layout attribute names of subplot <paramref name="index"/> (1-based): xaxis/yaxis, then xaxis2/yaxis2...</summary>
    public static (string XAxis, string YAxis, string XRef, string YRef) Axes(int index) =>
        index == 1 ? ("xaxis", "yaxis", "x", "y") : ($"xaxis{index}", $"yaxis{index}", $"x{index}", $"y{index}");
}
