using Microsoft.Playwright;
using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Reporting;

/// <summary>
/// The system's Chromium, headless, driven by Playwright with every request that is not file:// blocked and
/// recorded. Never a browser Playwright would download (that needs the internet).
/// </summary>
public sealed class ReportBrowser : IAsyncDisposable
{
    readonly TempDirectory profile = new();
    IPlaywright? playwright;
    IBrowserContext? context;

    public IPage Page { get; private set; } = null!;
    public List<string> Requests { get; } = new();
    public List<string> Blocked { get; } = new();
    public List<string> Errors { get; } = new();

    /// <summary>Starts the browser; a test that calls this is a [SkippableFact] (no Chromium: skipped, or failed under CI).</summary>
    public static async Task<ReportBrowser> LaunchAsync()
    {
        Prerequisites.Require(Prerequisites.Chromium);
        var browser = new ReportBrowser();
        browser.playwright = await Playwright.CreateAsync();
        // An empty profile of our own, and Chromium told to make no background connections.
        browser.context = await browser.playwright.Chromium.LaunchPersistentContextAsync(browser.profile.Path, new()
        {
            ExecutablePath = Prerequisites.Chromium.Path,
            Headless = true,
            Args = new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync" },
            ViewportSize = new() { Width = 1500, Height = 1000 },
            Offline = true,
        });
        await browser.context.RouteAsync("**/*", route =>
        {
            if (route.Request.Url.StartsWith("file://", StringComparison.Ordinal)) return route.ContinueAsync();
            lock (browser.Blocked) browser.Blocked.Add(route.Request.Url);
            return route.AbortAsync();
        });
        // Counts charts whose Plotly.newPlot promise has resolved: plotly.js's own "drawn" signal, on every page.
        await browser.context.AddInitScriptAsync(PlotCounter);
        var page = browser.context.Pages.Count > 0 ? browser.context.Pages[0] : await browser.context.NewPageAsync();
        page.Request += (_, request) => { lock (browser.Requests) browser.Requests.Add(request.Url); };
        page.PageError += (_, error) => { lock (browser.Errors) browser.Errors.Add(error); };
        page.Console += (_, message) => { if (message.Type == "error") lock (browser.Errors) browser.Errors.Add(message.Text); };
        browser.Page = page;
        return browser;
    }

    /// <summary>
    /// Wraps window.Plotly.newPlot as soon as plotly.js defines it, so the page counts the charts whose newPlot
    /// promise has resolved (plotly.js resolves it once the chart is fully drawn) in window.__chartsDrawn.
    /// </summary>
    const string PlotCounter = """
        window.__chartsDrawn = 0;
        (() => {
          let plotly;
          Object.defineProperty(window, 'Plotly', {
            configurable: true,
            get: () => plotly,
            set: value => {
              plotly = value;
              if (!value || typeof value.newPlot !== 'function' || value.newPlot.__counted) return;
              const newPlot = value.newPlot;
              value.newPlot = function () {
                const drawn = newPlot.apply(this, arguments);
                Promise.resolve(drawn).then(() => { window.__chartsDrawn++; });
                return drawn;
              };
              value.newPlot.__counted = true;
            },
          });
        })();
        """;

    /// <summary>Opens a local file and waits until plotly.js says <paramref name="charts"/> charts are drawn.</summary>
    public async Task OpenAsync(string path, int charts)
    {
        await Page.GotoAsync(new Uri(path).AbsoluteUri);
        await Page.WaitForFunctionAsync("n => window.__chartsDrawn >= n", charts, new() { Timeout = 30_000 });
    }

    /// <summary>Nothing went wrong on the page, and it asked for nothing but local files.</summary>
    public void AssertOfflineAndClean()
    {
        Assert.Empty(Errors);
        Assert.Empty(Blocked);
        Assert.All(Requests, url => Assert.StartsWith("file://", url));
    }

    public async ValueTask DisposeAsync()
    {
        if (context is not null) await context.CloseAsync();
        playwright?.Dispose();
        profile.Dispose();
    }
}
