using System.Text.Json;
using System.Text.RegularExpressions;
using MnistCourse.Tests.Support;
using MnistCourse.Localization;

namespace MnistCourse.Tests.Notebooks;

/// <summary>
/// A Chinese chapter runs headlessly from notebooks/zh/ (its set-up cell finds the library one folder up) and what
/// the library shows comes out in Chinese: the chart titles and axes, the live chart, the exercise feedback.
/// It runs in Jupyter: dotnet-repl 0.3.259 garbles a multi-byte character that straddles a 4 KiB boundary of a .dib.
/// </summary>
public sealed class ChineseNotebookTests
{
    static string Artifacts => Path.Combine(CliRunner.RepoRoot, "artifacts", "jupyter", "zh");
    static string NotebookFolder => Path.Combine(CliRunner.RepoRoot, "notebooks", "zh");

    /// <summary>Every Chinese chapter; each runs once in the suite, here (the website shows these runs).</summary>
    public static string[] Chapters => Directory.GetFiles(NotebookFolder, "0*.ipynb").Select(Path.GetFileNameWithoutExtension)
        .Order(StringComparer.Ordinal).ToArray()!;

    public static TheoryData<string> ChapterData() => new(Chapters);

    static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<NotebookRun>> Runs = new();

    /// <summary>The Chinese chapter's one run in the suite, shared by the tests that read it (the website's too).</summary>
    public static NotebookRun Run(string chapter) =>
        Runs.GetOrAdd(chapter, c => new Lazy<NotebookRun>(() =>
        {
            // nbclient without nbconvert's command line: JupyterTests proves README's nbconvert command.
            if (c != "06-complete-example") return JupyterRunner.Run(Path.Combine(NotebookFolder, c + ".ipynb"), Artifacts, nbconvert: false);
            // As the English 06 runs in the suite (JupyterTests.CompleteExampleSettings): small generated data, a few epochs.
            var (environment, data) = JupyterTests.CompleteExampleSettings(chinese: true);
            return JupyterRunner.Run(Path.Combine(NotebookFolder, c + ".ipynb"), Artifacts, environment: environment, data: data, nbconvert: false);
        })).Value;

    [SkippableTheory]
    [MemberData(nameof(ChapterData))]
    public void A_Chinese_chapter_runs_in_Jupyter_without_an_error(string chapter)
    {
        Prerequisites.Require(Prerequisites.Jupyter);
        var run = Run(chapter);
        Assert.True(run.Passed, run.Report());
        Assert.DoesNotContain("\uFFFD", string.Concat(AnswerKeys.StreamOutputs(run.OutputNotebook!))); // no character lost on the way
        Assert.DoesNotContain("warning CS", OutputText(run.OutputNotebook!));   // the kernel's compiler warnings are not for learners
        var english = EnglishLines(run.OutputNotebook!);
        Assert.True(english.Count == 0, $"zh/{chapter} prints English; translate the cell's text or the library's (Localization/ChineseTexts.cs):\n" + string.Join("\n", english));
    }

    // What may stay English in a zh output line, each for its reason:
    // - the source's epoch line (`Epoch [1/10], Train Loss: ...`, to the end of the line), which the source prints in English,
    //   and its field names where a line quotes them; command-line options (--logdir);
    static readonly Regex EpochLine = new(@"Epoch \[\d+/\d+\].*$");
    static readonly Regex EpochFields = new(@"\b(Train Loss|Train Acc|Val Loss|Val Acc|Loss|Accuracy|Time|LR)(?=:)");
    // - TorchSharp's own printouts of a tensor (`[64x10], type = Float32, device = cpu`) or a model's layer (`(relu): ReLU()`), and libtorch's own error
    //   messages, which a chapter shows on purpose (`ExternalException: mat1 and mat2 shapes cannot be multiplied ...`);
    static readonly Regex TensorPrintout = new(@"type = \w+, device = \w+|^\(\w+\): \w+\(");
    // - names: data sets, Fashion-MNIST's classes as the data set names them, devices, units, C#'s True/False/null,
    //   dtypes (Byte), optimizers (Adam), the code's own abbreviations (lr, ln, dtype), and the names of torch, libtorch, Debian and the tensorboard command.
    static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "MNIST", "Fashion-MNIST", "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle", "boot",
        "cpu", "cuda", "CPU", "GPU", "CUDA", "libtorch", "MB", "KB", "GB", "ms", "s", "GFLOP", "True", "False", "null", "vs", "torch", "Debian", "tensorboard", "Byte", "lr", "ln", "dtype", "Adam",
    };
    // Everything else a word of code: it holds one of these characters or a capital after its first letter (SimpleNet).
    static readonly Regex CodeWord = new(@"[()\[\]{}<>=._/\\:@#0-9]|^.+[A-Z]");
    // - a call's arguments (`add_(grad, alpha: -lr)`) are code; so is a command quoted in backticks (`dotnet build ...`);
    static readonly Regex Call = new(@"[\w.]+\([^()]*\)|`[^`]*`");
    // - .NET's own suffix to an ArgumentException's message, which names the parameter: (Parameter 'LearningRate');
    static readonly Regex ParameterSuffix = new(@"\(Parameter '\w+'\)$");
    // - TorchSharp's own message for a CUDA device on a CPU-only build, which chapter 09 shows on purpose.
    const string TorchSharpCudaMessage = "InvalidOperationException: Torch device type CUDA did not initialise";
    static readonly Regex NotLatin = new(@"[^\x00-\x7F]+");

    /// <summary>Each printed line (streams, errors, plain-text displays) with an English word, as "cell N: line".</summary>
    internal static List<string> EnglishLines(string ipynb)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(ipynb));
        var found = new List<string>();
        int number = 0;
        foreach (var cell in document.RootElement.GetProperty("cells").EnumerateArray())
        {
            number++;
            if (!cell.TryGetProperty("outputs", out var outputs)) continue;
            foreach (var output in outputs.EnumerateArray())
            {
                var texts = new List<string>();
                if (output.TryGetProperty("text", out var stream)) texts.Add(NotebookHtml.Text(stream));
                if (output.TryGetProperty("data", out var data) && data.TryGetProperty("text/plain", out var plain)) texts.Add(NotebookHtml.Text(plain));
                if (output.TryGetProperty("evalue", out var error)) texts.Add(error.GetString() ?? "");
                foreach (string line in texts.SelectMany(t => t.Split('\n')).Select(l => l.Trim()))
                    if (HasEnglish(line)) found.Add($"cell {number}: {line}");
            }
        }
        return found;
    }

    internal static bool HasEnglish(string line)
    {
        if (TensorPrintout.IsMatch(line) || line.StartsWith("ExternalException: ", StringComparison.Ordinal)
            || line.StartsWith(TorchSharpCudaMessage, StringComparison.Ordinal)) return false;
        string rest = NotLatin.Replace(EpochFields.Replace(Call.Replace(EpochLine.Replace(ParameterSuffix.Replace(line, ""), ""), " "), " "), " ");   // Chinese text and punctuation part words
        return rest.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.StartsWith("--") ? w : w.Trim(',', ';', ':', '.', '!', '?', '"', '\'', '`', '%', '*', '-', '+', '|', '~'))
            .Select(w => w.StartsWith('(') ? w.Trim('(', ')') : w)   // "(lowest)" is a word in brackets, "train()" a call
            .Any(w => w.Length > 1 && !w.StartsWith("--") && !Names.Contains(w) && !CodeWord.IsMatch(w) && w.All(char.IsAsciiLetter));
    }

    [Fact]
    public void An_English_word_is_found_and_names_code_numbers_and_the_epoch_line_are_not()
    {
        Assert.True(HasEnglish("Using device: cpu"));
        Assert.True(HasEnglish("60000 training images, 10000 validation images"));
        Assert.True(HasEnglish("验证损失在第 3 轮最低 (lowest)"));
        Assert.False(HasEnglish("使用设备: cpu"));
        Assert.False(HasEnglish("train()  两次相同：False"));
        Assert.False(HasEnglish("(relu): ReLU()"));
        Assert.False(HasEnglish("add_(grad, alpha: -lr) 和 optimizer.step()：最大的差 0"));
        Assert.False(HasEnglish("lr 1: Epoch [1/1], Train Loss: 837.2033, Train Acc: 14.18%"));
        Assert.True(HasEnglish("at last: Epoch [1/1], Train Loss: 837.2033"));
        Assert.False(HasEnglish("查看曲线：tensorboard --logdir /tmp/x"));
        Assert.False(HasEnglish("请用 `dotnet build MnistCourse.sln -c Release` 重新构建"));
        Assert.False(HasEnglish("ArgumentOutOfRangeException: LearningRate 应为大于 0 的数，实际为 0 (Parameter 'LearningRate')"));
        Assert.True(HasEnglish("或改用 CPU 或 Auto (see the README)"));
        Assert.True(HasEnglish("batch  with zero_grad      without"));
        Assert.False(HasEnglish("Epoch [1/10], Train Loss: 0.4645, Train Acc: 83.21%, Val Loss: 0.1872, Val Acc: 94.83%, Time: 1.2s"));
        Assert.False(HasEnglish("第一个轮次，教程（MNIST）：Train Loss: 0.4645, Train Acc: 83.21%"));
        Assert.False(HasEnglish("[64x10], type = Float32, device = cpu"));
        Assert.False(HasEnglish("SimpleNet(  (fc1): Linear(in_features=784, out_features=128, bias=True)"));
        Assert.False(HasEnglish("最常见的错误：把 Shirt 当成 T-shirt/top，共 120 次"));
        Assert.False(HasEnglish("/tmp/mnistcourse-08-model.dat：407,000 个字节；CrossEntropyLoss：2.302585"));
    }

    [SkippableFact]
    public void The_Chinese_overview_runs_and_its_charts_and_feedback_are_in_Chinese()
    {
        Prerequisites.Require(Prerequisites.Jupyter);
        var run = Run("00-overview");
        Assert.True(run.Passed, run.Report());

        string outputs = OutputText(run.OutputNotebook!);
        // The sample grid's title, built by the notebook's code in English ($"...: the first 16 validation images").
        Assert.Contains("：验证集的前 16 张图像", outputs);
        Assert.DoesNotContain("the first 16 validation images", outputs);
        // The live chart's curves: titles, axis and series names.
        Assert.Contains("\"text\":\"损失\"", outputs);
        Assert.Contains("\"text\":\"准确率\"", outputs);
        Assert.Contains("\"text\":\"轮次\"", outputs);
        Assert.Contains("\"name\":\"验证\"", outputs);
        Assert.DoesNotContain("curves appear here", outputs);
        // The exercise check cell, unanswered as CI leaves it.
        Assert.Contains("⏳ 练习 1：还没有作答。", outputs);
        Assert.DoesNotContain("提示", outputs);          // no hint before an attempt
        Assert.DoesNotContain("not answered yet", outputs);
        Assert.DoesNotContain("\uFFFD", string.Concat(AnswerKeys.StreamOutputs(run.OutputNotebook!))); // no character lost on the way
        Assert.True(File.Exists(Path.ChangeExtension(run.OutputNotebook, ".html")));
    }

    /// <summary>Every output of every cell as text: streams, HTML and plain-text displays.</summary>
    static string OutputText(string ipynb)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(ipynb));
        var text = new System.Text.StringBuilder();
        foreach (var cell in document.RootElement.GetProperty("cells").EnumerateArray())
        {
            if (!cell.TryGetProperty("outputs", out var outputs)) continue;
            foreach (var output in outputs.EnumerateArray())
            {
                if (output.TryGetProperty("text", out var stream)) text.AppendLine(NotebookHtml.Text(stream));
                if (output.TryGetProperty("data", out var data))
                    foreach (var value in data.EnumerateObject())
                        if (value.Value.ValueKind is JsonValueKind.String or JsonValueKind.Array) text.AppendLine(NotebookHtml.Text(value.Value));
            }
        }
        return text.ToString();
    }
}
