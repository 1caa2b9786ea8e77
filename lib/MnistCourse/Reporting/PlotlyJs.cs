using System.Reflection;
using System.Text.RegularExpressions;
using Plotly.NET;

namespace MnistCourse.Reporting;

/// <summary>
/// plotly.js itself, taken from the copy Plotly.NET carries as an embedded resource (plotly-&lt;version&gt;.min.js),
/// so charts draw with no network. Plotly.NET's own HTML points at a CDN, which leaves charts blank offline.
/// </summary>
public static class PlotlyJs
{
    static readonly Lazy<(string Version, string Source)> Embedded = new(Load);

    /// <summary>The plotly.js version Plotly.NET was built for, e.g. "2.28.0".</summary>
    public static string Version => Embedded.Value.Version;

    /// <summary>The minified plotly.js source (~3.5 MB), with its licence header.</summary>
    public static string Source => Embedded.Value.Source;

    /// <summary>
    /// A script element that defines window.Plotly; include it once per page. The UMD wrapper of plotly.js
    /// registers with an AMD loader instead of setting window.Plotly when one is present (Jupyter has
    /// require.js), so the source runs with define/module/exports hidden.
    /// </summary>
    public static string ScriptTag() =>
        "<script type=\"text/javascript\">/* plotly.js " + Version + ", inlined for offline use */\n" +
        "(function (define, module, exports) {\n" + Source + "\n}).call(window);\n</script>";

    static (string, string) Load()
    {
        Assembly assembly = typeof(GenericChart).Assembly;
        var pattern = new Regex(@"plotly-(\d+\.\d+\.\d+)\.min\.js$");
        string? name = assembly.GetManifestResourceNames().FirstOrDefault(n => pattern.IsMatch(n))
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} {assembly.GetName().Version} carries no plotly-*.min.js resource; use a Plotly.NET version that embeds plotly.js (6.0.0 does)");
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        string source = reader.ReadToEnd();
        // Inlined inside <script>, the text must not close the element early.
        if (source.Contains("</script", StringComparison.OrdinalIgnoreCase))
            source = Regex.Replace(source, "</script", "<\\/script", RegexOptions.IgnoreCase);
        return (pattern.Match(name).Groups[1].Value, source);
    }
}
