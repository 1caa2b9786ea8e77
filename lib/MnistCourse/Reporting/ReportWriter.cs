using System.Globalization;
using System.Net;
using System.Text;
using MnistCourse.Training;
using Plotly.NET;
using MnistCourse.Localization;

namespace MnistCourse.Reporting;

/// <summary>
/// Writes a run's report: one self-contained report.html with the settings, the epoch table and the charts.
/// plotly.js is inlined once, so the file opens anywhere, offline, and can be mailed or archived as it is.
/// </summary>
public static class ReportWriter
{
    public const string DefaultTitle = "MnistCourse training report";

    /// <summary>Writes the report atomically (readers never see half a file).</summary>
    public static void Write(string path, IEnumerable<KeyValuePair<string, string>> settings, IReadOnlyList<EpochResult> results, params GenericChart[] charts) =>
        Write(path, settings, results, charts, DefaultTitle);

    public static void Write(string path, IEnumerable<KeyValuePair<string, string>> settings, IReadOnlyList<EpochResult> results, IEnumerable<GenericChart> charts, string title) =>
        AtomicFile.WriteAllText(path, Render(settings, results, charts, title));

    /// <summary>The report's HTML.</summary>
    public static string Render(IEnumerable<KeyValuePair<string, string>> settings, IReadOnlyList<EpochResult> results, IEnumerable<GenericChart> charts, string title = DefaultTitle)
    {
        title = Texts.Localize(title);
        var html = new StringBuilder(4 * 1024 * 1024);
        // The page's language, for fonts and screen readers: the key "en" holds the edition's code (zh-CN).
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(Texts.Localize("en")).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Encode(title)).Append("</title>\n")
            .Append("<style>\n").Append(Style).Append("</style>\n")
            .Append(PlotlyJs.ScriptTag()).Append('\n')
            .Append("</head>\n<body>\n");

        html.Append("<header>\n<h1>").Append(Encode(title)).Append("</h1>\n<p class=\"summary\">")
            .Append(Encode(Summary(results))).Append("</p>\n</header>\n");

        html.Append("<section class=\"tables\">\n");
        AppendSettings(html, settings);
        AppendEpochs(html, results);
        html.Append("</section>\n");

        html.Append("<section class=\"charts\">\n");
        int n = 0;
        foreach (var chart in charts)
            html.Append("<figure class=\"chart\">\n").Append(ChartHtml.ToFragment(chart, $"chart-{++n}")).Append("\n</figure>\n");
        html.Append("</section>\n");

        html.Append("<footer>")
            .Append(Encode(Texts.Format("Generated {0} by MnistCourse; charts drawn with plotly.js {1} (inlined, works offline).",
                DateTime.Now.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), PlotlyJs.Version)))
            .Append("</footer>\n");
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    static string Summary(IReadOnlyList<EpochResult> results)
    {
        if (results.Count == 0) return Texts.Localize("No epochs finished.");
        var last = results[^1];
        var best = results.MaxBy(r => r.ValAccuracy)!;
        double seconds = results.Sum(r => r.Seconds);
        return Texts.Format(results.Count == 1
                ? "Validation accuracy {0:F2}% after {1} epoch (best {2:F2}% at epoch {3}); training took {4:F1} s."
                : "Validation accuracy {0:F2}% after {1} epochs (best {2:F2}% at epoch {3}); training took {4:F1} s.",
            last.ValAccuracy, results.Count, best.ValAccuracy, best.Epoch, seconds);
    }

    static void AppendSettings(StringBuilder html, IEnumerable<KeyValuePair<string, string>> settings)
    {
        html.Append("<div class=\"card\">\n<h2>").Append(Encode(Texts.Localize("Settings"))).Append("</h2>\n<table class=\"settings\">\n<tbody>\n");
        foreach (var (key, value) in settings)
            html.Append("<tr><th scope=\"row\">").Append(Encode(Texts.Localize(key))).Append("</th><td>").Append(Encode(value)).Append("</td></tr>\n");
        html.Append("</tbody>\n</table>\n</div>\n");
    }

    /// <summary>The source's columns (epoch, train loss/acc, val loss/acc), plus the learning rate and time.</summary>
    static void AppendEpochs(StringBuilder html, IReadOnlyList<EpochResult> results)
    {
        html.Append("<div class=\"card\">\n<h2>").Append(Encode(Texts.Localize("Epochs"))).Append("</h2>\n<table class=\"epochs\">\n<thead><tr>")
            // The source's own column names (its epoch line is English in both editions); the course's two columns are translated.
            .Append("<th>Epoch</th><th>Train Loss</th><th>Train Acc</th><th>Val Loss</th><th>Val Acc</th><th>")
            .Append(Encode(Texts.Localize("LR"))).Append("</th><th>").Append(Encode(Texts.Localize("Time"))).Append("</th>")
            .Append("</tr></thead>\n<tbody>\n");
        double best = results.Count == 0 ? double.NaN : results.Max(r => r.ValAccuracy);
        foreach (var r in results)
        {
            html.Append(r.ValAccuracy == best ? "<tr class=\"best\">" : "<tr>")
                .Append(string.Create(CultureInfo.InvariantCulture,
                    $"<td>{r.Epoch}/{r.Epochs}</td><td>{r.TrainLoss:F4}</td><td>{r.TrainAccuracy:F2}%</td><td>{r.ValLoss:F4}</td><td>{r.ValAccuracy:F2}%</td><td>{r.LearningRate:G4}</td><td>{r.Seconds:F2}s</td>"))
                .Append("</tr>\n");
        }
        if (results.Count == 0) html.Append("<tr><td colspan=\"7\">").Append(Encode(Texts.Localize("No epochs finished."))).Append("</td></tr>\n");
        html.Append("</tbody>\n</table>\n</div>\n");
    }

    static string Encode(string text) => WebUtility.HtmlEncode(text);

    const string Style = """
        body { margin: 0; padding: 24px 32px; background: #f4f5f7; color: #222; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
        header h1 { margin: 0 0 4px; font-size: 26px; }
        .summary { margin: 0 0 20px; color: #444; }
        section.tables, section.charts { display: flex; flex-wrap: wrap; gap: 20px; align-items: flex-start; margin-bottom: 20px; }
        .card, figure.chart { background: #fff; border-radius: 8px; box-shadow: 0 1px 3px rgba(0,0,0,.12); padding: 12px 16px; margin: 0; }
        h2 { margin: 0 0 8px; font-size: 17px; }
        table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
        th, td { padding: 4px 12px; border-bottom: 1px solid #e3e5e8; }
        table.settings th { text-align: left; font-weight: 600; color: #555; }
        table.epochs th { background: #f0f2f5; text-align: right; }
        table.epochs td { text-align: right; }
        table.epochs tr.best td { font-weight: 600; background: #eef6ee; }
        figure.chart { padding: 8px; }
        footer { color: #777; font-size: 13px; }

        """;
}
