using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MnistCourse.Tests.Support;

/// <summary>
/// Runs a .dib the way VS Code's Polyglot Notebooks extension does: it starts the dotnet-interactive kernel
/// (the version pinned in .config/dotnet-tools.json) as `[vscode] stdio --working-dir &lt;notebook folder&gt;` and sends
/// each code cell as a SubmitCode command, one JSON envelope per line, reading events until the cell's command
/// succeeds or fails. Returns the failures as "cell N: message", and the HTML the kernel displayed or updated.
/// </summary>
public static class VsCodeKernel
{
    /// <summary>A displayed value: "DisplayedValueProduced" or "DisplayedValueUpdated", its display id and its HTML.</summary>
    public sealed record Display(string EventType, string? Id, string Html);

    /// <param name="CellOutputs">What each code cell printed to standard output, in order.</param>
    /// <param name="ExecutedNotebook">Every cell (extra cells included) with its outputs, as an .ipynb (nbformat 4.5) like
    /// Jupyter saves: an updated display replaces the display it updates.</param>
    public sealed record Result(IReadOnlyList<string> Failures, IReadOnlyList<Display> Displays, IReadOnlyList<string> CellOutputs, string ExecutedNotebook);

    /// <param name="extraCells">Code cells run after the notebook's own, in the same kernel.</param>
    public static Result Run(string notebook, TimeSpan timeout, params string[] extraCells)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = CliRunner.RepoRoot, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "tool", "run", "dotnet-interactive", "--", "[vscode]", "stdio", "--working-dir", Path.GetDirectoryName(Path.GetFullPath(notebook))! })
            start.ArgumentList.Add(arg);
        using var kernel = Process.Start(start)!;
        _ = kernel.StandardError.ReadToEndAsync();
        var deadline = DateTime.UtcNow + timeout;
        var failures = new List<string>();
        var displays = new List<Display>();
        var cellOutputs = new List<string>();
        var notebookCells = new JsonArray();
        try
        {
            ReadUntil(kernel, deadline, e => (string?)e["eventType"] == "KernelReady");
            var cells = Regex.Split(File.ReadAllText(notebook), @"^(#!csharp|#!markdown|#!meta)\s*$", RegexOptions.Multiline).Skip(1).Chunk(2)
                .Concat(extraCells.Select(c => new[] { "#!csharp", c })).ToList();
            for (int n = 0; n < cells.Count; n++)
            {
                if (cells[n][0] == "#!markdown")
                    notebookCells.Add(new JsonObject { ["id"] = $"cell-{n + 1}", ["cell_type"] = "markdown", ["metadata"] = new JsonObject(), ["source"] = cells[n][1].Trim('\n') });
                if (cells[n][0] != "#!csharp") continue;
                var outputs = new JsonArray();
                var shown = new Dictionary<string, JsonObject>();
                notebookCells.Add(new JsonObject
                {
                    ["id"] = $"cell-{n + 1}", ["cell_type"] = "code", ["execution_count"] = null, ["metadata"] = new JsonObject(),
                    ["outputs"] = outputs, ["source"] = cells[n][1].Trim('\n'),
                });
                string token = $"cell-{n + 1}";
                var command = new JsonObject
                {
                    ["commandType"] = "SubmitCode",
                    ["command"] = new JsonObject { ["code"] = cells[n][1].Trim('\n'), ["targetKernelName"] = "csharp" },
                    ["token"] = token,
                };
                kernel.StandardInput.WriteLine(command.ToJsonString());
                kernel.StandardInput.Flush();
                var printed = new System.Text.StringBuilder();
                ReadUntil(kernel, deadline, e =>
                {
                    string? type = (string?)e["eventType"];
                    bool ours = (string?)e["command"]?["token"] == token;
                    if (type == "StandardOutputValueProduced")
                        printed.Append((string?)e["event"]?["formattedValues"]?.AsArray().FirstOrDefault(v => (string?)v?["mimeType"] == "text/plain")?["value"]);
                    if (type != "CommandFailed" || ours) Record(e, type, outputs, shown);
                    if (type is "DisplayedValueProduced" or "DisplayedValueUpdated")
                    {
                        var html = e["event"]?["formattedValues"]?.AsArray().FirstOrDefault(v => (string?)v?["mimeType"] == "text/html");
                        if (html is not null) displays.Add(new Display(type, (string?)e["event"]?["valueId"], (string?)html["value"] ?? ""));
                    }
                    if (type == "ErrorProduced" || (type == "CommandFailed" && ours))
                        failures.Add($"cell {n + 1} (of {cells.Count}): {type}: {((string?)e["event"]?["message"])?.Split('\n')[0]}");
                    return ours && type is "CommandSucceeded" or "CommandFailed";
                });
                cellOutputs.Add(printed.ToString());
            }
        }
        finally
        {
            kernel.Kill(entireProcessTree: true);
        }
        var executed = new JsonObject
        {
            ["cells"] = notebookCells,
            ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = ".net-csharp", ["display_name"] = ".NET (C#)", ["language"] = "C#" } },
            ["nbformat"] = 4, ["nbformat_minor"] = 5,
        };
        return new Result(failures, displays, cellOutputs, executed.ToJsonString(ExecutedCopy.Json));
    }

    /// <summary>One kernel event as the cell output Jupyter would keep for it.</summary>
    static void Record(JsonNode e, string? type, JsonArray outputs, Dictionary<string, JsonObject> shown)
    {
        JsonObject Data()
        {
            var data = new JsonObject();
            foreach (var value in e["event"]?["formattedValues"]?.AsArray() ?? new JsonArray())
                if ((string?)value?["mimeType"] is { } mime) data[mime] = (string?)value["value"];
            return data;
        }
        switch (type)
        {
            case "StandardOutputValueProduced" or "StandardErrorValueProduced":
                string text = (string?)e["event"]?["formattedValues"]?.AsArray().FirstOrDefault(v => (string?)v?["mimeType"] == "text/plain")?["value"] ?? "";
                string name = type == "StandardOutputValueProduced" ? "stdout" : "stderr";
                if (outputs.Count > 0 && outputs[^1] is JsonObject last && (string?)last["output_type"] == "stream" && (string?)last["name"] == name)
                    last["text"] = (string?)last["text"] + text;
                else
                    outputs.Add(new JsonObject { ["output_type"] = "stream", ["name"] = name, ["text"] = text });
                break;
            case "DisplayedValueProduced":
                var display = new JsonObject { ["output_type"] = "display_data", ["data"] = Data(), ["metadata"] = new JsonObject() };
                outputs.Add(display);
                if ((string?)e["event"]?["valueId"] is { } id) shown[id] = display;
                break;
            case "DisplayedValueUpdated":
                if ((string?)e["event"]?["valueId"] is { } updated && shown.TryGetValue(updated, out var earlier)) earlier["data"] = Data();
                break;
            case "ReturnValueProduced":
                outputs.Add(new JsonObject { ["output_type"] = "execute_result", ["execution_count"] = null, ["data"] = Data(), ["metadata"] = new JsonObject() });
                break;
            case "ErrorProduced" or "CommandFailed":
                string message = (string?)e["event"]?["message"] ?? "";
                outputs.Add(new JsonObject { ["output_type"] = "error", ["ename"] = type, ["evalue"] = message, ["traceback"] = new JsonArray() });
                break;
        }
    }

    static void ReadUntil(Process kernel, DateTime deadline, Func<JsonNode, bool> done)
    {
        while (true)
        {
            var line = kernel.StandardOutput.ReadLineAsync();
            if (!line.Wait(deadline - DateTime.UtcNow)) throw new TimeoutException("the kernel did not answer in time");
            if (line.Result is null) throw new InvalidOperationException("the kernel exited");
            JsonNode? envelope;
            try { envelope = JsonNode.Parse(line.Result); } catch (JsonException) { continue; }
            if (envelope is not null && done(envelope)) return;
        }
    }
}
