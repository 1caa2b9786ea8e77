using System.Text.Json.Nodes;

namespace MnistCourse.Tests.Support;

/// <summary>
/// Notes in an executed copy of a chapter how it ran: the host ("dotnet-repl", "jupyter", "vscode") and any course
/// setting the run changed (MNISTCOURSE_DATA, _EPOCHS, _SEED), under metadata.mnistcourse_run. The website
/// (environment/site/build.py) says on each page where its outputs came from, and what a run changed.
/// </summary>
public static class ExecutedCopy
{
    /// <summary>Text as it is (Chinese, HTML), not \u-escaped: the copies stay readable.</summary>
    public static readonly System.Text.Json.JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="data">Words for the data a MNISTCOURSE_DATA folder holds, e.g. "1,000 training and 200 validation images of generated digits".</param>
    public static void Annotate(string ipynb, string host, IReadOnlyDictionary<string, string>? environment = null, string? data = null)
    {
        var notebook = JsonNode.Parse(File.ReadAllText(ipynb))!.AsObject();
        var settings = new JsonObject();
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            if (name.StartsWith("MNISTCOURSE_", StringComparison.Ordinal)) settings[name] = value;
        var run = new JsonObject { ["host"] = host, ["settings"] = settings };
        if (data is not null) run["data"] = data;
        var metadata = notebook["metadata"] as JsonObject ?? new JsonObject();
        metadata["mnistcourse_run"] = run;
        notebook["metadata"] = metadata;
        MnistCourse.AtomicFile.WriteAllText(ipynb, notebook.ToJsonString(Json));
    }
}
