using MnistCourse.Course;
using MnistCourse.Course.Exercises;
using MnistCourse.Data;
using MnistCourse.Reporting;
using MnistCourse.Training;
using MnistCourse.Tests.Support;
using static MnistCourse.Tests.Reporting.ChartJson;
using static TorchSharp.torch;
using MnistCourse.Localization;

namespace MnistCourse.Tests.Course;

/// <summary>
/// The course's messages in Chinese. Each test speaks Chinese on its own flow (CourseLanguage.Scope sets the UI
/// culture of this test only), so English tests run beside these in parallel and never see Chinese.
/// </summary>
public sealed class ChineseMessagesTests : IDisposable
{
    readonly IDisposable chinese;

    public ChineseMessagesTests()
    {
        Torch.Init();
        chinese = CourseLanguage.Scope("zh");
    }

    public void Dispose() => chinese.Dispose();

    static readonly EpochResult[] History =
    {
        new(1, 2, 0.61, 78.5, 0.45, 83.25, 0.01, 1.1),
        new(2, 2, 0.41, 85.0, 0.40, 85.50, 0.005, 1.0),
    };

    static string Title(Plotly.NET.GenericChart chart) => Layout(chart).GetProperty("title").GetProperty("text").GetString()!;
    static string Axis(Plotly.NET.GenericChart chart, string axis) => Layout(chart).GetProperty(axis).GetProperty("title").GetProperty("text").GetString()!;

    [Fact]
    public void Curves_carry_Chinese_titles_axis_labels_and_series_names()
    {
        var loss = Charts.LossCurves(History);
        Assert.Equal("损失", Title(loss));
        Assert.Equal("轮次", Axis(loss, "xaxis"));
        Assert.Equal("交叉熵损失", Axis(loss, "yaxis"));
        Assert.Equal(new[] { "训练", "验证" }, Traces(loss).Select(t => t.GetProperty("name").GetString()));
        Assert.StartsWith("训练: ", Traces(loss)[0].GetProperty("hovertemplate").GetString());

        var accuracy = Charts.AccuracyCurves(History);
        Assert.Equal("准确率", Title(accuracy));
        Assert.Equal("准确率（%）", Axis(accuracy, "yaxis"));
        Assert.Equal("学习率", Title(Charts.LearningRateCurve(History)));
    }

    [Fact]
    public void The_confusion_matrix_and_image_galleries_speak_Chinese_down_to_the_class_names()
    {
        string[] fashion = DatasetCatalog.FashionMnist.ClassNames.ToArray();
        var counts = new int[10, 10];
        for (int i = 0; i < 10; i++) { counts[i, i] = 90; counts[i, (i + 1) % 10] = 10; }
        var matrix = Charts.ConfusionMatrix(counts, fashion);
        Assert.Equal("预测类别", Axis(matrix, "xaxis"));
        Assert.Equal("真实类别", Axis(matrix, "yaxis"));
        Assert.StartsWith("混淆矩阵<br>", Title(matrix));
        Assert.Contains("1,000 张中预测正确 900 张（90.00%）", Title(matrix));
        Assert.Equal("T恤/上衣", Strings(Traces(matrix)[0].GetProperty("x"))[0]);
        Assert.Equal("踝靴", Strings(Traces(matrix)[0].GetProperty("y"))[9]);

        var images = Enumerable.Range(0, 3).Select(_ => new float[784]).ToList();
        var gallery = Charts.MisclassifiedGallery(images, new[] { 1, 2, 2 }, new[] { 0, 2, 9 }, fashion);
        Assert.StartsWith("预测错误的图像<br>", Title(gallery));
        Assert.Contains("3 张图像中有 2 张预测错误", Title(gallery));
        Assert.Contains(AnnotationTexts(gallery), t => t.Contains("预测 裤子") && t.Contains("真实 T恤/上衣"));

        var samples = Charts.SampleGrid(images, new[] { 5, 7, 8 }, fashion);
        Assert.StartsWith("样本图像<br>", Title(samples));
        Assert.Equal(new[] { "凉鞋", "运动鞋", "包" }, AnnotationTexts(samples));
    }

    [Fact]
    public void Titles_a_notebook_passes_in_English_are_shown_in_Chinese_also_when_built_from_values()
    {
        var line = Charts.Line("Loss of every batch in epoch 3", "batch", "cross-entropy loss", new[] { 2.3, 1.1 });
        Assert.Equal("第 3 轮中每个批次的损失", Title(line));
        Assert.Equal("批次", Axis(line, "xaxis"));
        Assert.Equal("交叉熵损失", Axis(line, "yaxis"));
        // A text the table does not know stays as written rather than failing.
        Assert.Equal("no such phrase", Title(Charts.Line("no such phrase", "batch", "loss", new[] { 1.0 })));
    }

    [Fact]
    public void The_live_chart_shows_Chinese_text_before_and_after_the_first_epoch()
    {
        Assert.Equal("第一轮训练结束后，损失和准确率曲线会显示在这里。", LiveChart.Placeholder);
        var shown = new List<string>();
        new LiveChart(shown.Add).OnEpochEnd(null!, History[0]);
        Assert.Contains("\"text\":\"损失\"", shown[0]);
        Assert.Contains("\"text\":\"准确率\"", shown[0]);
        Assert.Contains("\"text\":\"轮次\"", shown[0]);
    }

    [Fact]
    public void Exercise_feedback_hints_and_solutions_are_in_Chinese()
    {
        using var train = new MnistCourse.Data.DataSplit(zeros(60_000, 784), zeros(new long[] { 60_000 }, ScalarType.Int64));
        Assert.Equal("✅ 练习 1：答对了，938 个批次。", Chapter00.Exercise1(938, train));
        Assert.Equal("❌ 练习 1：还不对：937 只数了满批次；剩下的 32 张图像还要再组成一个批次。提示：用训练图像的数量除以批次大小；最后那个不满的批次也要算上。" +
                     "（还是没有头绪？Chapter00.Solution(1) 会给出一种写法。）", Chapter00.Exercise1(937, train));
        Assert.Equal("⏳ 练习 2：还没有作答。", Chapter00.Exercise2(null));
        Assert.Contains("// 清零梯度", Chapter04.Solution(1));
        Assert.StartsWith("💡 练习 1 的一种写法：", Chapter04.Solution(1));
    }

    [Fact]
    public void Code_exercise_verdicts_say_in_Chinese_what_passed_or_what_was_wrong()
    {
        Assert.Equal("✅ 练习 1：答对了，5 张、1 张和 64 张图像的批次都变成了每行 784 个数，像素一一对应。", Chapter07.Exercise1(p => p.view(p.size(0), -1)));
        Assert.StartsWith("❌ 练习 1：还不对：[5, 1, 28, 28] 变成了 [3920]，应为 [5, 784]。提示：保留第一维（每张图像一行），其余各维都并进这一行。",
            Chapter07.Exercise1(p => p.flatten()));
        Assert.Contains("之后什么也没有发生", Chapter09.Exercise4(nn.Sequential(nn.Linear(784, 128), nn.Linear(128, 10))));
    }

    [Fact]
    public void The_no_grad_table_console_bar_and_set_up_lines_are_Chinese_with_the_numbers_unchanged()
    {
        string table = new MnistCourse.Diagnostics.NoGradCost(2.0, 5.0, 1_000_000, 9_000_000, 3_000_000, 4_000_000).ToString();
        Assert.Contains("验证一遍，中位数（毫秒）", table);
        Assert.Contains("每个批次的输出占住的本机内存", table);
        Assert.EndsWith("不用 no_grad：用时是 2.50 倍，占住的内存是 9.0 倍", table);
        Assert.DoesNotContain("median", table);
        // Columns line up by display width: each number ends where its column header ends.
        var lines = table.Split('\n');
        int Width(string s) => s.Sum(c => c >= '\u2E80' ? 2 : 1);
        Assert.Equal(Width(lines[0].TrimEnd()), Width(lines[1].TrimEnd()));
        Assert.Equal(Width(lines[0].TrimEnd()), Width(lines[2].TrimEnd()));

        var trainer = Trainer.ForSimpleNet(new TrainingOptions { Epochs = 3 }, CPU);
        var console = new StringWriter();
        new ConsoleReporter(console, showProgress: true).OnEpochStart(trainer, 1, 938);
        Assert.Equal("\rEpoch 1/3 [------------------------------] 0/938 个批次，0.0s ", console.ToString());

        Assert.Equal("MnistCourse 已就绪（TorchSharp 0.105.0，本机库来自 /natives）。",
            Texts.Format("MnistCourse is ready (TorchSharp {0}, natives from {1}).", "0.105.0", "/natives"));
        Assert.StartsWith("这个内核加载 lib/MnistCourse 之后", Texts.Localize("lib/MnistCourse changed since this kernel loaded it: restart the kernel to use the new code."));
    }

    [Fact]
    public void The_report_page_has_Chinese_headings_settings_summary_and_footer()
    {
        var trainer = Trainer.ForSimpleNet(new TrainingOptions { Epochs = 2, BatchSize = 64 }, CPU);
        var settings = ReportSettings.Of(trainer);
        string html = ReportWriter.Render(settings, History, new[] { Charts.LossCurves(History) });
        Assert.Contains("<html lang=\"zh-CN\">", html);
        Assert.Contains("<h1>MnistCourse 训练报告</h1>", html);
        Assert.Contains("<h2>设置</h2>", html);
        Assert.Contains("<th scope=\"row\">批次大小</th><td>64</td>", html);
        Assert.Contains("<th scope=\"row\">优化器</th>", html);
        Assert.Contains("<th>学习率</th><th>用时</th>", html);
        Assert.Contains("2 个轮次后验证准确率 85.50%（最好的是第 2 轮的 85.50%）", html);
        Assert.Contains("由 MnistCourse 于", html);
        foreach (string english in new[] { ">Settings<", ">Batch size<", "Validation accuracy", "Generated ", ">Time<" })
            Assert.DoesNotContain(english, html);
        // The source's own column names stay as its epoch line prints them.
        Assert.Contains("<th>Train Loss</th>", html);
    }

    [Fact]
    public void Where_the_data_came_from_and_why_it_was_not_found_are_said_in_Chinese()
    {
        var location = new DataLocation(DatasetCatalog.FashionMnist, "/usr/share/datasets/fashion-mnist", "Debian package dataset-fashion-mnist");
        Assert.Equal("Fashion-MNIST，来自 /usr/share/datasets/fashion-mnist（Debian 软件包 dataset-fashion-mnist）", location.ToString());
        Assert.Equal("MNIST，来自 /data（缓存）", new DataLocation(DatasetCatalog.Mnist, "/data", "cache").ToString());

        using var temp = new TempDirectory();
        var error = Assert.Throws<DataException>(() => new DataLocator(temp.Path, datasets: new[] { DatasetCatalog.Mnist }).Locate("mnist"));
        Assert.Equal("MNIST 不在缓存中，也无法下载。请连上网络，或者指定一个存有四个 IDX 文件的数据文件夹。", error.Message);
    }

    [Fact]
    public void The_language_is_the_UI_culture_and_a_scope_gives_the_earlier_one_back()
    {
        Assert.Equal("zh", CourseLanguage.Current);
        Assert.Equal("zh-CN", System.Globalization.CultureInfo.CurrentUICulture.Name);
        using (CourseLanguage.Scope("en-GB"))
        {
            Assert.Equal("en", CourseLanguage.Current);
            Assert.Equal("Loss", Title(Charts.LossCurves(History)));
            Assert.Equal("⏳ Exercise 2: not answered yet.", Chapter00.Exercise2(null));
        }
        Assert.Equal("损失", Title(Charts.LossCurves(History)));
        Assert.Equal("zh-CN", CourseLanguage.CultureOf("ZH-Hans").Name);
        var error = Assert.Throws<ArgumentException>(() => CourseLanguage.Scope("fr"));
        Assert.Contains("'fr'", error.Message);
        Assert.Contains("\"en\" or \"zh\"", error.Message);
        Assert.Equal("zh", CourseLanguage.Current);
    }

    [Fact]
    public void The_library_errors_a_notebook_can_meet_are_Chinese_and_name_no_command_line_option()
    {
        var bad = Assert.ThrowsAny<ArgumentException>(() => new SimpleNetRecipe { LearningRate = 0 }.Validate());
        Assert.StartsWith("LearningRate 应为大于 0 的数，实际为 0", bad.Message);
        Assert.StartsWith("Epochs 至少应为 1，实际为 0", Assert.ThrowsAny<ArgumentException>(() => new TrainingOptions { Epochs = 0 }.Validate()).Message);
        Assert.Equal("训练已停止：第 2 轮第 5/10 个批次的损失变成了 NaN。请调低学习率，或检查输入里是否有 NaN。",
            new TrainingDivergedException(2, 5, 10, float.NaN).Message);
        if (!cuda.is_available())
            Assert.Contains("请求使用 CUDA", Assert.Throws<DeviceUnavailableException>(() => Devices.Choose(DeviceChoice.Cuda)).Message);
        using var temp = new TempDirectory();
        var missing = Assert.Throws<CheckpointException>(() => Checkpoint.ReadInfo(temp["none.ckpt"]));
        Assert.Equal((CheckpointProblem.Missing, $"{temp["none.ckpt"]}：这里没有检查点"), (missing.Reason, missing.Message));
        foreach (string message in new[] { bad.Message, missing.Message })
            Assert.DoesNotContain("--", message);
    }
}
