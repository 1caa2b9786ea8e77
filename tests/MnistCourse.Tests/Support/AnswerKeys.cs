using System.Text.Json;
using System.Text.RegularExpressions;

namespace MnistCourse.Tests.Support;

/// <summary>
/// Each chapter's exercise answer key, proven inside the chapter's one run in the suite (dotnet-repl, Jupyter or the
/// kernel as VS Code starts it): after the chapter's own cells (its exercises unanswered, as a learner finds them)
/// come four more, the answer cell answered right, the chapter's own check cell, the answer cell answered wrong and
/// the check cell again. Every check must say ✅ the first time and ❌ the second.
/// </summary>
public static class AnswerKeys
{
    public static string NotebookFolder => Path.Combine(CliRunner.RepoRoot, "notebooks");

    /// <summary>Each chapter's answer cell, answered right and answered wrong.</summary>
    public static readonly Dictionary<string, (string Correct, string Wrong)> Keys = new()
    {
        ["00-overview.dib"] = (
            """
            int? answer1 = 938;
            int? answer2 = 4;
            string answer3 = "4, 5";
            Func<int, int, int> batchesPerEpoch = (count, batchSize) => (int)Math.Ceiling(count / (double)batchSize);
            """,
            """
            int? answer1 = 937;
            int? answer2 = 5;
            string answer3 = "5,6";
            Func<int, int, int> batchesPerEpoch = (count, batchSize) => count / batchSize;
            """),
        ["01-model.dib"] = (
            """
            long? answer1 = 784 * 256 + 256 + 256 * 10 + 10;
            string answer2 = "[64, 10]";
            int? answer3 = 138;
            nn.Module<Tensor, Tensor> twoHidden = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10));
            """,
            """
            long? answer1 = 101770;
            string answer2 = "64,784";
            int? answer3 = 10;
            nn.Module<Tensor, Tensor> twoHidden = nn.Sequential(nn.Linear(784, 256), nn.Sigmoid(), nn.Linear(256, 128), nn.Sigmoid(), nn.Linear(128, 10));
            """),
        ["02-device.dib"] = (
            """
            string answer1 = cuda.is_available() ? "cuda" : "cpu";
            string answer2 = "loss.item<float>()";
            Func<bool, string> deviceName = gpuAvailable => gpuAvailable ? "cuda" : "cpu";
            """,
            """
            string answer1 = cuda.is_available() ? "cpu" : "cuda";
            string answer2 = "backward";
            Func<bool, string> deviceName = gpuAvailable => gpuAvailable ? "cpu" : "cuda";
            """),
        ["03-loss-optimizer.dib"] = (
            """
            double? answer1 = 0.69;
            double? answer2 = -0.002;
            object answer3 = "torch.int64";
            Func<Tensor, Tensor, Tensor> crossEntropy = (logits, labels) => -logits.log_softmax(1).gather(1, labels.unsqueeze(1)).mean();
            """,
            """
            double? answer1 = 0.5;
            double? answer2 = 0.002;
            object answer3 = ScalarType.Float32;
            Func<Tensor, Tensor, Tensor> crossEntropy = (logits, labels) => -logits.gather(1, labels.unsqueeze(1)).mean();
            """),
        ["04-train-loop.dib"] = (
            """
            TrainStep trainStep = (model, criterion, optimizer, inputs, labels) =>
            {
                var outputs = model.forward(inputs);
                var loss = criterion.forward(outputs, labels);
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                return loss;
            };
            int? answer2 = data.Train.Count % 64 == 0 ? 64 : data.Train.Count % 64;
            string answer3 = "更少";
            """,
            """
            TrainStep trainStep = (model, criterion, optimizer, inputs, labels) =>
            {
                var outputs = model.forward(inputs);
                var loss = criterion.forward(outputs, labels);
                loss.backward();
                optimizer.step();
                return loss;
            };
            int? answer2 = 64 + 1;
            string answer3 = "more";
            """),
        ["05-validation.dib"] = (
            """
            int? answer1 = bestVal.Epoch;
            int? answer2 = 0;
            string answer3 = last.TrainAccuracy > last.ValAccuracy ? "train" : "validation";
            Func<nn.Module<Tensor, Tensor>, DataSplit, (double Loss, double Accuracy)> validate = (model, split) =>
            {
                model.eval();
                using var noGrad = no_grad();
                double loss = 0; long correct = 0;
                foreach (var (inputs, labels) in new DataLoader(split, 64))
                {
                    using var scope = NewDisposeScope();
                    var outputs = model.forward(inputs.view(inputs.size(0), -1));
                    loss += nn.CrossEntropyLoss().forward(outputs, labels).item<float>() * inputs.size(0);
                    correct += outputs.argmax(1).eq(labels).sum().item<long>();
                }
                return (loss / split.Count, 100.0 * correct / split.Count);
            };
            """,
            """
            int? answer1 = bestVal.Epoch + 1;
            int? answer2 = 157;
            string answer3 = last.TrainAccuracy > last.ValAccuracy ? "validation" : "train";
            Func<nn.Module<Tensor, Tensor>, DataSplit, (double Loss, double Accuracy)> validate = (model, split) =>
            {
                model.eval();
                using var noGrad = no_grad();
                double loss = 0; long correct = 0; int batches = 0;
                foreach (var (inputs, labels) in new DataLoader(split, 64))
                {
                    using var scope = NewDisposeScope();
                    var outputs = model.forward(inputs.view(inputs.size(0), -1));
                    loss += nn.CrossEntropyLoss().forward(outputs, labels).item<float>();   // the mean of batch means: wrong for a smaller last batch
                    correct += outputs.argmax(1).eq(labels).sum().item<long>();
                    batches++;
                }
                return (loss / batches, 100.0 * correct / split.Count);
            };
            """),
        ["06-complete-example.dib"] = (
            """
            double? answer1 = Math.Round(history[0].ValAccuracy, 2);
            int? answer2 = 10 * data.Train.BatchCount(64);
            string answer3 = data.Dataset.Name;
            Func<nn.Module<Tensor, Tensor>, Tensor, Tensor> predict = (model, images) =>
            {
                model.eval();
                using (no_grad()) return model.forward(images).argmax(1);
            };
            """,
            """
            double? answer1 = history[0].TrainAccuracy;
            int? answer2 = data.Train.BatchCount(64);
            string answer3 = data.Dataset.Name == "mnist" ? "fashion-mnist" : "mnist";
            Func<nn.Module<Tensor, Tensor>, Tensor, Tensor> predict = (model, images) => model.forward(images).argmax(1);   // forgets eval(): Dropout stays on
            """),
        ["07-tips.dib"] = (
            """
            Func<int, double> learningRateAt = epoch => 0.01 * Math.Pow(0.5, (epoch - 1) / 5);
            Func<Tensor, Tensor> flatten = pictures => pictures.view(pictures.size(0), -1);
            string answer3 = forgotEval.Average() < withEval ? "lower" : "higher";
            CheckpointAction saveCheckpoint = (model, optimizer, folder) =>
            {
                model.save(System.IO.Path.Combine(folder, "model.dat"));
                optimizer.save_state_dict(System.IO.Path.Combine(folder, "optimizer.dat"));
            };
            CheckpointAction loadCheckpoint = (model, optimizer, folder) =>
            {
                model.load(System.IO.Path.Combine(folder, "model.dat"));
                optimizer.load_state_dict(System.IO.Path.Combine(folder, "optimizer.dat"));
            };
            Func<nn.Module<Tensor, Tensor>, Tensor, Tensor> scoresWithoutGraph = (model, images) => { using (no_grad()) return model.forward(images); };
            """,
            """
            Func<int, double> learningRateAt = epoch => 0.01 * Math.Pow(0.5, epoch / 5);
            Func<Tensor, Tensor> flatten = pictures => pictures.flatten();
            string answer3 = forgotEval.Average() < withEval ? "higher" : "lower";
            CheckpointAction saveCheckpoint = (model, optimizer, folder) => model.save(System.IO.Path.Combine(folder, "model.dat"));
            CheckpointAction loadCheckpoint = (model, optimizer, folder) => model.load(System.IO.Path.Combine(folder, "model.dat"));
            Func<nn.Module<Tensor, Tensor>, Tensor, Tensor> scoresWithoutGraph = (model, images) => { model.eval(); return model.forward(images); };
            """),
        ["08-faq.dib"] = (
            """
            int? answer1 = 896;
            int? answer2 = (int)Math.Round(leakedPerBatch);
            string answer3 = "dropNet.eval();";
            nn.Module<Tensor, Tensor> fixedNet = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10));
            """,
            """
            int? answer1 = 32;
            int? answer2 = (int)Math.Round(leakedPerBatch) + 1;
            string answer3 = "train";
            nn.Module<Tensor, Tensor> fixedNet = nn.Sequential(nn.Linear(784, 10));
            """),
    };

    public sealed record Cell(string Kind, string Text);

    public static bool IsCheckCell(Cell cell) => cell.Kind == "csharp" && Regex.IsMatch(cell.Text, @"\bChapter\d\d\.Exercise\d\(");

    /// <summary>The four code cells run after <paramref name="chapter"/>'s own: right answers, check, wrong answers, check.</summary>
    public static string[] ExtraCells(string chapter)
    {
        var cells = Cells(File.ReadAllText(Path.Combine(NotebookFolder, chapter)));
        int check = cells.FindLastIndex(IsCheckCell);
        Assert.True(check == cells.Count - 1, $"{chapter}: the check cell should be the last cell");
        Assert.Equal("csharp", cells[check - 1].Kind); // the answer cell the key replaces
        var (correct, wrong) = Keys[chapter];
        return new[] { correct, cells[check].Text, wrong, cells[check].Text };
    }

    /// <summary>
    /// Checks the printed output of the last four cells of a run that ended with <see cref="ExtraCells"/>: every
    /// exercise ✅ after the right answers and ❌ after the wrong ones.
    /// </summary>
    public static void AssertProven(string chapter, IReadOnlyList<string> cellOutputs)
    {
        var cells = Cells(File.ReadAllText(Path.Combine(NotebookFolder, chapter)));
        int exercises = Regex.Matches(cells[^1].Text, @"\bChapter\d\d\.Exercise\d\(").Count;
        // As a learner finds the chapter: every exercise waits, and no hint is shown before an attempt.
        var untouched = Lines(cellOutputs[^5]);
        Assert.True(untouched.Count == exercises && untouched.All(l => l.StartsWith("⏳") && !l.Contains("Hint") && !l.Contains("提示")),
            $"{chapter}, unanswered:\n{string.Join("\n", untouched)}");
        var right = Lines(cellOutputs[^3]);
        var wrong = Lines(cellOutputs[^1]);
        Assert.True(right.Count == exercises && right.All(l => l.StartsWith("✅")), $"{chapter}, answered right:\n{string.Join("\n", right)}");
        Assert.True(wrong.Count == exercises && wrong.All(l => l.StartsWith("❌")), $"{chapter}, answered wrong:\n{string.Join("\n", wrong)}");
    }

    /// <summary>The cells of a .dib: a `#!csharp` or `#!markdown` line starts each; `#!meta` holds the kernel info.</summary>
    public static List<Cell> Cells(string dib)
    {
        var cells = new List<Cell>();
        string? kind = null;
        var text = new List<string>();
        void Flush() { if (kind is not null && kind != "meta") cells.Add(new Cell(kind, string.Join("\n", text).Trim('\n'))); text.Clear(); }
        foreach (string line in dib.Replace("\r\n", "\n").Split('\n'))
        {
            var marker = Regex.Match(line, @"^#!(csharp|markdown|meta)\s*$");
            if (marker.Success) { Flush(); kind = marker.Groups[1].Value; }
            else text.Add(line);
        }
        Flush();
        return cells;
    }

    /// <summary>Each cell's printed (stream) output in an executed .ipynb.</summary>
    public static List<string> StreamOutputs(string ipynb)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(ipynb));
        return document.RootElement.GetProperty("cells").EnumerateArray()
            .Select(c => !c.TryGetProperty("outputs", out var outputs) ? "" : string.Concat(outputs.EnumerateArray()
                .Where(o => o.GetProperty("output_type").GetString() == "stream")
                .Select(o => NotebookHtml.Text(o.GetProperty("text")))))
            .ToList();
    }

    static List<string> Lines(string text) => text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
}
