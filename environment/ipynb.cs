// Generates notebooks/**/NN-name.ipynb (Jupyter) from each chapter's .dib, the one source of a chapter.
//   dotnet run environment/ipynb.cs              write every .ipynb whose .dib changed
//   dotnet run environment/ipynb.cs -- --check   write nothing; exit 1 naming each .ipynb that differs from its .dib
//   ... -- --root DIR                            the course at DIR instead of the one around the current folder
#:package Microsoft.DotNet.Interactive.Documents@1.0.0-beta.26120.1
#:property PublishAot=false
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;

bool check = args.Contains("--check");
int rootAt = Array.IndexOf(args, "--root");
string root = FindRoot(rootAt >= 0 && rootAt + 1 < args.Length ? Path.GetFullPath(args[rootAt + 1]) : Directory.GetCurrentDirectory());
string notebooks = Path.Combine(root, "notebooks");
var stale = new List<string>();
foreach (string dib in Directory.GetFiles(notebooks, "*.dib", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
{
    if (Path.GetFileName(dib).StartsWith('_')) continue; // _setup.dib is imported, not opened
    string ipynb = Path.ChangeExtension(dib, ".ipynb");
    if (!File.Exists(ipynb) && check) { stale.Add(Path.GetRelativePath(root, ipynb) + " is missing;"); continue; }
    string wanted = ToIpynb(File.ReadAllText(dib));
    if (File.Exists(ipynb) && File.ReadAllText(ipynb) == wanted) continue;
    string name = Path.GetRelativePath(root, ipynb);
    stale.Add(name);
    if (check) continue;
    File.WriteAllText(ipynb + ".tmp", wanted);
    File.Move(ipynb + ".tmp", ipynb, overwrite: true);
    Console.WriteLine($"wrote {name}");
}
if (check && stale.Count > 0)
{
    foreach (string name in stale)
        Console.Error.WriteLine($"{name} {(name.EndsWith(';') ? "" : "differs from its .dib (never edit an .ipynb by hand); ")}run `dotnet run environment/ipynb.cs` to generate it");
    return 1;
}
return 0;

// nbformat 4.5 with the metadata dotnet-repl writes, a stable id per cell, and no outputs.
static string ToIpynb(string dib)
{
    var notebook = JsonNode.Parse(CodeSubmission.Parse(dib).ToJupyterJson())!.AsObject();
    notebook["metadata"] = new JsonObject
    {
        ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
        ["language_info"] = new JsonObject
        {
            ["file_extension"] = ".cs", ["mimetype"] = "text/x-csharp", ["name"] = "C#", ["pygments_lexer"] = "csharp", ["version"] = "13.0",
        },
        ["polyglot_notebook"] = new JsonObject
        {
            ["defaultKernelName"] = "csharp",
            ["items"] = new JsonArray(new JsonObject { ["name"] = "csharp" }),
        },
    };
    notebook["nbformat"] = 4;
    notebook["nbformat_minor"] = 5;
    // Ids come from the cell's text, so editing one cell leaves the others' ids as they were.
    var seen = new Dictionary<string, int>();
    var cells = notebook["cells"]!.AsArray();
    for (int i = 0; i < cells.Count; i++)
    {
        var cell = cells[i]!.AsObject();
        string source = string.Concat(cell["source"]!.AsArray().Select(l => (string?)l));
        string id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source)))[..12];
        int n = seen[id] = seen.GetValueOrDefault(id) + 1;
        var ordered = new JsonObject { ["id"] = n == 1 ? id : $"{id}-{n}" };
        foreach (var (key, value) in cell.ToList()) { cell.Remove(key); ordered[key] = value; }
        cells[i] = ordered;
    }
    var options = new JsonSerializerOptions { WriteIndented = true, IndentSize = 1, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    return notebook.ToJsonString(options) + "\n";
}

static string FindRoot(string start)
{
    for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "MnistCourse.sln"))) return dir.FullName;
    throw new InvalidOperationException($"run this inside the MnistCourse repository (no MnistCourse.sln above {start})");
}
