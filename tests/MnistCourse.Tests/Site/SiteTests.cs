using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MnistCourse.Tests.Notebooks;
using MnistCourse.Tests.Reporting;
using MnistCourse.Tests.Support;
using Xunit.Abstractions;

namespace MnistCourse.Tests.Site;

/// <summary>The website test runs beside the notebook collections; it shares their chapter runs (see below).</summary>
[CollectionDefinition(Name)]
public sealed class SiteCollection
{
    public const string Name = "Site";
}

/// <summary>
/// The course website (environment/site.sh) built from the suite's own run of every chapter, and read in headless
/// Chromium from file://, as a reader who downloaded it would: every page, both editions.
/// </summary>
/// <remarks>
/// Each chapter runs once in the suite: the notebook test classes keep their run in a Lazy that this test asks for
/// too. A run that has finished is reused, one in progress is waited for, and one not started yet starts here
/// (the notebook test then reuses it), so the order in which xunit starts the collections does not matter.
/// </remarks>
[Collection(SiteCollection.Name)]
public sealed partial class SiteTests(ITestOutputHelper output)
{
    static string Root => CliRunner.RepoRoot;
    static string SiteFolder => Path.Combine(Root, "artifacts", "site");
    static string Screenshots => Path.Combine(Root, "artifacts", "site-test");

    const long MaxSiteBytes = 40_000_000;

    static string[] EnglishChapters => Directory.GetFiles(Path.Combine(Root, "notebooks"), "0*.ipynb")
        .Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The English chapter's one run, in whichever host the suite runs it; null when it passed, else why not.</summary>
    static string? RunEnglish(string chapter)
    {
        if (JupyterTests.Chapters.Contains(chapter)) return Problem(JupyterTests.Run(chapter));
        if (chapter == VsCodeKernelTests.Chapter)
        {
            var run = VsCodeKernelTests.Run();
            return run.Failures.Count == 0 ? null : $"{chapter} (VS Code kernel): {string.Join("; ", run.Failures)}";
        }
        return Problem(NotebookTests.Run(chapter));
    }

    static string? Problem(NotebookRun run) => run.Passed ? null : run.Report();

    [SkippableFact]
    public async Task The_site_built_from_the_suites_runs_reads_offline_in_Chromium_in_both_editions()
    {
        Prerequisites.Require(Prerequisites.Jupyter, Prerequisites.Chromium, Prerequisites.SiteBuild);
        var clock = Stopwatch.StartNew();
        var problems = EnglishChapters.Select(RunEnglish)
            .Concat(ChineseNotebookTests.Chapters.Select(c => Problem(ChineseNotebookTests.Run(c)))).OfType<string>().ToList();
        Assert.True(problems.Count == 0, "the site needs every chapter's run to pass:\n" + string.Join("\n", problems));
        output.WriteLine($"waited {clock.Elapsed.TotalSeconds:F1} s for (or ran) the chapters' runs");

        // --no-execute: every chapter must come from the runs above; the build fails rather than run one again.
        clock.Restart();
        var build = ChildProcess.Run("bash", new[] { "environment/site.sh", "--no-execute" }, Root, TimeSpan.FromMinutes(3));
        Assert.True(build.ExitCode == 0, build.Output);
        output.WriteLine($"site build: {clock.Elapsed.TotalSeconds:F1} s; {build.Stdout.Trim()}");
        await CheckSiteAsync(output);
    }

    /// <summary>The built site, file by file and then page by page in Chromium.</summary>
    internal static async Task CheckSiteAsync(ITestOutputHelper output)
    {
        var clock = Stopwatch.StartNew();
        var files = Directory.GetFiles(SiteFolder, "*", SearchOption.AllDirectories);
        long bytes = files.Sum(f => new FileInfo(f).Length);
        Assert.True(bytes <= MaxSiteBytes, $"the site is {bytes / 1e6:F1} MB, more than {MaxSiteBytes / 1e6:F0} MB");
        // plotly.js once for the whole site, not in a page.
        Assert.Single(files, f => Regex.IsMatch(Path.GetFileName(f), @"^plotly-[\d.]+\.min\.js$"));
        Assert.All(files.Where(f => f.EndsWith(".html")), f => Assert.DoesNotContain("inlined for offline use", File.ReadAllText(f)));

        var chapters = EnglishChapters;
        Assert.Equal(chapters, ChineseNotebookTests.Chapters);
        var pages = chapters.Select(c => c + ".html").Prepend("index.html").ToList();
        var expected = pages.Select(p => Path.Combine(SiteFolder, p)).Concat(pages.Select(p => Path.Combine(SiteFolder, "zh", p))).Order().ToList();
        Assert.Equal(expected, files.Where(f => f.EndsWith(".html")).Order().ToList());

        if (Directory.Exists(Screenshots)) Directory.Delete(Screenshots, recursive: true); // only this run's screenshots
        Directory.CreateDirectory(Screenshots);
        await using var browser = await ReportBrowser.LaunchAsync();
        var page = browser.Page;
        string siteUrl = new Uri(SiteFolder + "/").AbsoluteUri;
        int charts = 0;
        var pageClock = new Stopwatch();
        foreach (string name in pages)
        {
            pageClock.Restart();
            // English page, then its language switch, which must land on the same page of the Chinese edition.
            charts += await OpenAndCheckAsync(browser, Path.Combine(SiteFolder, name), name);
            if (name == "04-train-loop.html") await ScreenshotAsync(page, "en-04-train-loop.png");
            await page.ClickAsync("#lang-switch");
            await page.WaitForURLAsync(new Uri(Path.Combine(SiteFolder, "zh", name)).AbsoluteUri);
            charts += await CheckAsync(browser, Path.Combine(SiteFolder, "zh", name), "zh/" + name);
            Assert.Equal(new Uri(Path.Combine(SiteFolder, name)).AbsoluteUri, await page.EvalOnSelectorAsync<string>("#lang-switch", "a => a.href"));
            await AssertCjkFontAsync(page, "zh/" + name);
            if (name == "04-train-loop.html") await ScreenshotAsync(page, "zh-04-train-loop.png");
            output.WriteLine($"  {name} and zh/{name}: {pageClock.Elapsed.TotalSeconds:F1} s, {charts} charts so far");
        }

        await AssertSearchFindsAsync(page, Path.Combine(SiteFolder, "index.html"), "zero_grad", "zero_grad");
        await AssertSearchFindsAsync(page, Path.Combine(SiteFolder, "zh", "index.html"), "验证集", "验证集");

        browser.AssertOfflineAndClean();
        Assert.All(browser.Requests, url => Assert.StartsWith(siteUrl, url));
        Assert.True(charts > 10, $"only {charts} charts in the whole site");
        output.WriteLine($"browser: {expected.Count} pages, {charts} charts, {clock.Elapsed.TotalSeconds:F1} s; site {bytes / 1e6:F1} MB in {files.Length} files");
    }

    /// <summary>
    /// What a reader sees around the chapter's chart (code, its output, the chart): one screen, which costs far less
    /// than the whole page.
    /// </summary>
    static async Task ScreenshotAsync(IPage page, string file)
    {
        await page.EvaluateAsync("document.querySelector('.plotly-chart').scrollIntoView({ block: 'center' })");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, file) });
    }

    static async Task<int> OpenAndCheckAsync(ReportBrowser browser, string path, string name)
    {
        await browser.Page.GotoAsync(new Uri(path).AbsoluteUri);
        return await CheckAsync(browser, path, name);
    }

    /// <summary>The page now open: charts drawn, chapter rendering as the issue asks; returns the number of charts.</summary>
    static async Task<int> CheckAsync(ReportBrowser browser, string path, string name)
    {
        var page = browser.Page;
        int charts = Regex.Matches(File.ReadAllText(path), "class=\"plotly-chart\"").Count;
        await page.WaitForFunctionAsync("n => window.__chartsDrawn >= n", charts, new() { Timeout = 30_000 });
        Assert.True(0 == await page.EvaluateAsync<int>("document.querySelectorAll('.plotly-chart:not(:has(svg.main-svg))').length"), $"{name}: a chart without an SVG");
        Assert.True(browser.Errors.Count == 0, $"{name}: {string.Join("; ", browser.Errors)}");

        // Every link inside the site leads to a file that is there (chapter links point at pages, not notebooks).
        foreach (string href in await page.EvalOnSelectorAllAsync<string[]>("a[href]", "links => links.map(a => a.href)"))
        {
            if (!href.StartsWith("file://", StringComparison.Ordinal)) continue;
            string file = Uri.UnescapeDataString(new Uri(href).AbsolutePath);
            Assert.True(File.Exists(file), $"{name}: a link to {href}, which does not exist");
        }
        Assert.Equal(0, await page.EvaluateAsync<int>("document.querySelectorAll('.cell.markdown a[href*=\".dib\"], .cell.markdown a[href*=\".ipynb\"]').length"));
        if (name.EndsWith("index.html")) return charts;

        // A chapter: set-up cell folded, every code cell highlighted as C# (no lexer errors, #!import included), the
        // exercises unanswered (the answer key the suite appends is left out), links to its notebooks.
        Assert.True(await page.EvaluateAsync<bool>("!!document.querySelector('details.setup:not([open]) .highlight, details.setup:not([open]) pre.code')"), $"{name}: no folded set-up cell");
        Assert.Equal(0, await page.EvaluateAsync<int>("document.querySelectorAll('pre.code .err').length"));
        Assert.True(await page.EvaluateAsync<bool>("[...document.querySelectorAll('pre.code')].every(p => p.querySelector('.k, .kt, .n, .nf, .nc'))"), $"{name}: a code cell without C# tokens");
        Assert.True(await page.EvaluateAsync<bool>("!!document.querySelector('details.setup pre.code .cp')"), $"{name}: #!import is not shown as a directive");
        string text = await page.InnerTextAsync("main");
        Assert.DoesNotContain("✅", text);
        Assert.DoesNotContain("❌", text);
        Assert.Contains("⏳", text); // the exercises wait for an answer, as in the untouched chapter
        string chapter = Path.GetFileNameWithoutExtension(path);
        Assert.Equal(new[] { $"notebooks/{chapter}.dib", $"notebooks/{chapter}.ipynb" },
            await page.EvalOnSelectorAllAsync<string[]>("aside.run a", "links => links.map(a => a.getAttribute('href'))"));
        if (chapter == "04-train-loop")
            Assert.Equal("model.train()", await page.InnerTextAsync(".cell.markdown strong > code >> nth=0")); // **`model.train()`**
        if (chapter == "06-complete-example") // the suite runs 06 on generated data, and the page says so in its language
            Assert.Contains(name.StartsWith("zh/") ? "生成的数字图像" : "generated digits", await page.InnerTextAsync("aside.run"));
        return charts;
    }

    /// <summary>The Chinese text is drawn with a CJK font, not boxes: Chromium's own record of the fonts it used.</summary>
    static async Task AssertCjkFontAsync(IPage page, string name)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("DOM.enable");
        await cdp.SendAsync("CSS.enable");
        var document = await cdp.SendAsync("DOM.getDocument");
        int rootId = document!.Value.GetProperty("root").GetProperty("nodeId").GetInt32();
        var node = await cdp.SendAsync("DOM.querySelector", new() { ["nodeId"] = rootId, ["selector"] = "main h1" });
        var fonts = await cdp.SendAsync("CSS.getPlatformFontsForNode", new() { ["nodeId"] = node!.Value.GetProperty("nodeId").GetInt32() });
        var used = fonts!.Value.GetProperty("fonts").EnumerateArray()
            .Select(f => (Family: f.GetProperty("familyName").GetString() ?? "", Glyphs: f.GetProperty("glyphCount").GetInt32())).ToList();
        Assert.True(used.Any(f => f.Family.Contains("CJK") && f.Glyphs > 0), $"{name}: the heading is drawn with {string.Join(", ", used)}, no CJK font");
        await cdp.DetachAsync();
    }

    /// <summary>Typing in the search box lists matches; the first leads to a page that holds the word.</summary>
    static async Task AssertSearchFindsAsync(IPage page, string path, string query, string expected)
    {
        await page.GotoAsync(new Uri(path).AbsoluteUri);
        await page.FillAsync("#search", query);
        await page.WaitForSelectorAsync("#search-results a");
        await page.RunAndWaitForNavigationAsync(() => page.ClickAsync("#search-results a >> nth=0"));
        Assert.Contains(expected, await page.InnerTextAsync("main"));
    }
}

/// <summary>The site build's refusals: one line that names the file and the fix, exit 1, and no site half-written.</summary>
public sealed class SiteBuildErrorTests
{
    /// <summary>A course with the build script and the chapters' .ipynb, and no executed copy yet.</summary>
    static TempDirectory CourseCopy()
    {
        var course = new TempDirectory();
        foreach (string file in Directory.GetFiles(Path.Combine(CliRunner.RepoRoot, "environment", "site")))
            File.Copy(file, Made(course[Path.Combine("environment", "site", Path.GetFileName(file))]));
        foreach (string edition in new[] { "", "zh" })
            foreach (string file in Directory.GetFiles(Path.Combine(CliRunner.RepoRoot, "notebooks", edition), "0*.ipynb"))
                File.Copy(file, Made(course[Path.Combine("notebooks", edition, Path.GetFileName(file))]));
        return course;
    }

    /// <summary>The path, its folder created.</summary>
    static string Made(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    static ChildResult Build(TempDirectory course) =>
        ChildProcess.Run("/usr/bin/python3", new[] { "environment/site/build.py", "--out", course["out/site"] }, course.Path, TimeSpan.FromMinutes(1));

    [SkippableFact]
    public void A_chapter_without_an_executed_copy_is_named_and_nothing_is_written()
    {
        Prerequisites.Require(Prerequisites.SiteBuild);
        using var course = CourseCopy();
        // Every chapter "executed" (the chapter's own cells, no outputs) but zh/05, whose copy has other cells.
        foreach (string edition in new[] { "", "zh" })
            foreach (string file in Directory.GetFiles(course[Path.Combine("notebooks", edition)], "0*.ipynb"))
                File.Copy(file, Made(course[Path.Combine("artifacts", "site-runs", edition, Path.GetFileName(file))]));
        string stale = course["artifacts/site-runs/zh/05-validation.ipynb"];
        File.WriteAllText(stale, File.ReadAllText(stale).Replace("model.eval()", "model.train()"));

        var build = Build(course);

        Assert.Equal(1, build.ExitCode);
        Assert.Equal("site: no executed copy with the chapter's current cells for: notebooks/zh/05-validation; run `bash environment/site.sh` (it executes what is missing) or the test suite",
            build.Stderr.Trim());
        Assert.False(Directory.Exists(course["out"]) && Directory.EnumerateFileSystemEntries(course["out"]).Any());
    }

    [SkippableFact]
    public void An_executed_copy_with_an_error_is_refused_by_file_and_cell()
    {
        Prerequisites.Require(Prerequisites.SiteBuild);
        using var course = CourseCopy();
        foreach (string edition in new[] { "", "zh" })
            foreach (string file in Directory.GetFiles(course[Path.Combine("notebooks", edition)], "0*.ipynb"))
                File.Copy(file, Made(course[Path.Combine("artifacts", "site-runs", edition, Path.GetFileName(file))]));
        string failed = course["artifacts/site-runs/03-loss-optimizer.ipynb"];
        var notebook = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(failed))!;
        notebook["cells"]![2]!["outputs"] = System.Text.Json.Nodes.JsonNode.Parse("""[{"output_type":"error","ename":"CompilationError","evalue":"CS0103: The name 'x' does not exist","traceback":[]}]""");
        File.WriteAllText(failed, notebook.ToJsonString());

        var build = Build(course);

        Assert.Equal(1, build.ExitCode);
        Assert.Equal("site: artifacts/site-runs/03-loss-optimizer.ipynb, cell 3: the executed copy has an error (CompilationError: CS0103: The name 'x' does not exist); fix the chapter and run it again",
            build.Stderr.Trim());
        Assert.False(Directory.Exists(course["out"]) && Directory.EnumerateFileSystemEntries(course["out"]).Any());
    }
}
