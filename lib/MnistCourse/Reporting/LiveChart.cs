using MnistCourse.Training;

namespace MnistCourse.Reporting;

/// <summary>
/// Redraws the loss and accuracy curves after every epoch, so a training cell in a notebook shows the run as
/// it goes instead of staying silent. It hands HTML to <paramref name="show"/> (in a notebook: update a
/// displayed value); the page must already have plotly.js (the set-up cell loads it once).
/// </summary>
public sealed class LiveChart(Action<string> show) : ITrainingListener
{
    readonly List<EpochResult> results = new();

    public void OnEpochEnd(Trainer trainer, EpochResult result)
    {
        results.Add(result);
        show(Html(results));
    }

    /// <summary>Loss and accuracy side by side, with the tutorial's epoch lines underneath.</summary>
    public static string Html(IReadOnlyList<EpochResult> history) =>
        "<div style=\"display:flex;flex-wrap:wrap;gap:8px\">" +
        $"<div style=\"flex:1 1 420px;min-width:360px\">{ChartHtml.ToFragment(Charts.LossCurves(history))}</div>" +
        $"<div style=\"flex:1 1 420px;min-width:360px\">{ChartHtml.ToFragment(Charts.AccuracyCurves(history))}</div>" +
        "</div>" +
        $"<pre>{System.Net.WebUtility.HtmlEncode(string.Join("\n", history.Select(r => r.ToString())))}</pre>";
}
