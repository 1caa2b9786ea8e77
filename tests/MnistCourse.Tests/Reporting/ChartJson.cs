using System.Text.Json;
using Plotly.NET;

namespace MnistCourse.Tests.Reporting;

/// <summary>A chart as the plotly.js figure the browser receives, for asserting on what will be drawn.</summary>
public static class ChartJson
{
    public static JsonElement Figure(GenericChart chart) => JsonDocument.Parse(GenericChart.toJson(chart)).RootElement;

    public static JsonElement[] Traces(GenericChart chart) => Figure(chart).GetProperty("data").EnumerateArray().ToArray();

    public static JsonElement Layout(GenericChart chart) => Figure(chart).GetProperty("layout");

    public static double[] Numbers(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    public static int[][] Matrix(JsonElement array) =>
        array.EnumerateArray().Select(row => row.EnumerateArray().Select(e => e.GetInt32()).ToArray()).ToArray();

    public static string[] AnnotationTexts(GenericChart chart) =>
        Layout(chart).TryGetProperty("annotations", out var a) ? a.EnumerateArray().Select(x => x.GetProperty("text").GetString()!).ToArray() : Array.Empty<string>();
}
