using System.Net;
using System.Text;
using Plotly.NET;

namespace MnistCourse.Reporting;

/// <summary>
/// Charts as HTML that needs no network: plotly.js is inlined (once per page), never loaded from a CDN.
/// A page is <see cref="PlotlyJs.ScriptTag"/> followed by any number of <see cref="ToFragment"/>s; a notebook
/// can do the same, injecting plotly.js in one cell and emitting fragments in later ones.
/// </summary>
public static class ChartHtml
{
    /// <summary>A complete HTML document showing one chart, with plotly.js inlined.</summary>
    public static string ToStandaloneHtml(GenericChart chart, string? title = null)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<title>").Append(WebUtility.HtmlEncode(title ?? "Chart")).Append("</title>\n")
            .Append(PlotlyJs.ScriptTag()).Append('\n')
            .Append("</head>\n<body style=\"margin:16px;font-family:system-ui,sans-serif\">\n")
            .Append(ToFragment(chart)).Append('\n')
            .Append("</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>
    /// A div and the script that draws the chart into it with window.Plotly. If plotly.js is not there yet
    /// (a notebook cell whose page is still loading it), the script waits for it rather than failing.
    /// </summary>
    public static string ToFragment(GenericChart chart, string? id = null)
    {
        id ??= "chart-" + Guid.NewGuid().ToString("N")[..12];
        string idJson = "\"" + System.Text.Json.JsonEncodedText.Encode(id) + "\"";
        return $"<div id=\"{WebUtility.HtmlEncode(id)}\" class=\"plotly-chart\"></div>\n" +
               "<script type=\"text/javascript\">\n" +
               "(function (id, figure) {\n" +
               // The mode bar keeps its tools but not the link to plotly.com.
               "  figure.config = Object.assign({}, figure.config, { displaylogo: false });\n" +
               "  (function draw(tries) {\n" +
               "    if (window.Plotly) { window.Plotly.newPlot(id, figure); return; }\n" +
               "    if (tries > 0) setTimeout(function () { draw(tries - 1); }, 100);\n" +
               "    else console.error('plotly.js is not loaded: include PlotlyJs.ScriptTag() once before the charts');\n" +
               "  })(100);\n" +
               $"}})({idJson}, {FigureJson(chart)});\n" +
               "</script>";
    }

    /// <summary>The chart as a plotly.js figure {data, layout, config}, safe to place inside a script element.</summary>
    internal static string FigureJson(GenericChart chart) => Reporting.FigureJson.Write(chart).Replace("</", "<\\/");
}
