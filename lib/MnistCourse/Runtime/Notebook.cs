using System.Text;
using Plotly.NET;

namespace MnistCourse.Runtime;

/// <summary>
/// What the course's notebooks need from the library; notebooks/_setup.dib calls it, so no notebook
/// repeats it. Nothing here depends on a notebook kernel: the set-up registers the kernel's formatter.
/// </summary>
public static class Notebook
{
    /// <summary>
    /// Call first, before any torch or chart code: keeps Plotly.NET on the kernel's FSharp.Core and loads
    /// TorchSharp's natives by full path (see <see cref="TorchRuntime"/>).
    /// </summary>
    public static void Start(int threads = 1)
    {
        FSharpCoreBinding.UseHostVersion();
        TorchRuntime.EnsureLoaded(threads);
    }

    /// <summary>
    /// A script element that defines window.Plotly from the plotly.js Plotly.NET carries, so charts draw
    /// offline. Shown once, by the set-up cell; every chart after it in the page uses it (as plotly.py's
    /// offline notebook mode does), instead of carrying its own 3.5 MB copy.
    /// </summary>
    public static string PlotlyScript()
    {
        var assembly = typeof(GenericChart).Assembly;
        string resource = assembly.GetManifestResourceNames()
            .Single(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        // Hide an AMD loader while plotly.js runs (Jupyter and VS Code pages may have requirejs), so it
        // sets window.Plotly rather than registering a module nobody asks for.
        return "<script type=\"text/javascript\">(function () { var define = undefined;\n" +
               reader.ReadToEnd().Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase) +
               "\n})();</script>";
    }

    /// <summary>
    /// The chart as an HTML fragment drawn with the page's window.Plotly (see <see cref="PlotlyScript"/>);
    /// if plotly.js is missing it says which cell to run instead of staying blank.
    /// </summary>
    public static string ChartHtml(GenericChart chart)
    {
        string id = "mnistcourse-chart-" + Guid.NewGuid().ToString("N");
        string figure = GenericChart.toFigureJson(chart).Replace("</", "<\\/", StringComparison.Ordinal);
        return $$"""
            <div id="{{id}}"></div>
            <script type="text/javascript">
            (function () {
              var element = document.getElementById('{{id}}');
              if (!window.Plotly) { element.textContent = 'Chart not drawn: plotly.js is not loaded. Run the set-up cells at the top of the notebook.'; return; }
              var figure = {{figure}};
              window.Plotly.newPlot(element, figure.data, figure.layout, { responsive: true });
            })();
            </script>
            """;
    }
}
