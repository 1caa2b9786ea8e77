using MnistCourse.Training;
using MnistCourse.Localization;

namespace MnistCourse.Reporting;

/// <summary>
/// The loss and accuracy curves of a run in a notebook, so a training cell shows the run as it goes instead of
/// staying silent. It hands HTML to <paramref name="show"/>; the page must already have plotly.js (the set-up
/// adds it before the first chart). With <paramref name="redrawEachEpoch"/> (a host that redraws a display in place: VS Code,
/// Jupyter) the chart is redrawn after every epoch; otherwise (dotnet-repl, which keeps every update as an output)
/// each epoch prints its line as it finishes and the chart is shown once, at the end, so the executed copy holds one
/// final chart, not one per epoch.
/// </summary>
public sealed class LiveChart(Action<string> show, bool redrawEachEpoch = true) : ITrainingListener
{
    readonly List<EpochResult> results = new();

    /// <summary>What a notebook shows where the chart will appear, before the first epoch ends.</summary>
    public static string Placeholder => Texts.Localize("The loss and accuracy curves appear here after the first epoch.");

    public void OnEpochEnd(Trainer trainer, EpochResult result)
    {
        results.Add(result);
        if (redrawEachEpoch) show(Html(results));
        else Console.WriteLine(result);
    }

    public void OnTrainingEnd(Trainer trainer, IReadOnlyList<EpochResult> history)
    {
        if (!redrawEachEpoch && results.Count > 0) show(Html(results));
    }

    /// <summary>Loss and accuracy side by side, with the tutorial's epoch lines underneath.</summary>
    public static string Html(IReadOnlyList<EpochResult> history) =>
        "<div style=\"display:flex;flex-wrap:wrap;gap:8px\">" +
        $"<div style=\"flex:1 1 420px;min-width:360px\">{ChartHtml.ToFragment(Charts.LossCurves(history))}</div>" +
        $"<div style=\"flex:1 1 420px;min-width:360px\">{ChartHtml.ToFragment(Charts.AccuracyCurves(history))}</div>" +
        "</div>" +
        $"<pre>{System.Net.WebUtility.HtmlEncode(string.Join("\n", history.Select(r => r.ToString())))}</pre>";
}
