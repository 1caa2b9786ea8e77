using System.Net;
using System.Text;
using System.Text.Json;
using Markdig;

namespace MnistCourse.Tests.Support;

/// <summary>
/// Turns an executed .ipynb into one HTML page a teacher can read: markdown cells rendered (Markdig), code cells
/// as code, then their outputs. HTML outputs go in as they are, so the plotly.js that comes with the first chart draws
/// every chart after it, offline.
/// </summary>
public static class NotebookHtml
{
    const string Style = "body{font-family:sans-serif;margin:2em;max-width:1100px} pre{background:#f6f8fa;padding:.6em;overflow-x:auto;white-space:pre-wrap}" +
                         " pre.source{border-left:4px solid #0366d6} pre.error{background:#fdd;border-left:4px solid #c00}" +
                         " div.markdown table{border-collapse:collapse} div.markdown td,div.markdown th{border:1px solid #ccc;padding:.2em .5em}" +
                         " div.markdown code{background:#f6f8fa;padding:0 .2em}";
    static readonly MarkdownPipeline MarkdownOptions = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    public static void Write(string ipynb, string html)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(ipynb));
        var page = new StringBuilder();
        string title = WebUtility.HtmlEncode(Path.GetFileNameWithoutExtension(ipynb));
        page.Append($"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title><style>{Style}</style></head><body>\n<h1>{title}</h1>\n");
        foreach (var cell in document.RootElement.GetProperty("cells").EnumerateArray())
        {
            string source = Text(cell.GetProperty("source"));
            page.Append(cell.GetProperty("cell_type").GetString() == "markdown"
                ? $"<div class=\"markdown\">{Markdown.ToHtml(source, MarkdownOptions)}</div>\n"
                : $"<pre class=\"source\">{WebUtility.HtmlEncode(source)}</pre>\n");
            if (!cell.TryGetProperty("outputs", out var outputs)) continue;
            foreach (var output in outputs.EnumerateArray())
                page.Append(Output(output)).Append('\n');
        }
        page.Append("</body></html>\n");
        AtomicFile.WriteAllText(html, page.ToString());
    }

    static string Output(JsonElement output) => output.GetProperty("output_type").GetString() switch
    {
        "stream" => Pre("", Text(output.GetProperty("text"))),
        "error" => Pre("error", output.GetProperty("evalue").GetString() ?? ""),
        _ when output.TryGetProperty("data", out var data) =>
            data.TryGetProperty("text/html", out var html) ? Text(html)
            : data.TryGetProperty("text/plain", out var plain) ? Pre("", Text(plain))
            : "",
        _ => "",
    };

    static string Pre(string cssClass, string text) => $"<pre class=\"{cssClass}\">{WebUtility.HtmlEncode(text)}</pre>";

    /// <summary>Jupyter stores text either as one string or as a list of lines.</summary>
    public static string Text(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? string.Concat(value.EnumerateArray().Select(v => v.GetString())) : value.GetString() ?? "";
}
