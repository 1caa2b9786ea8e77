using MnistCourse.Course;
using MnistCourse.Course.Exercises;
using MnistCourse.Data;
using MnistCourse.Reporting;
using MnistCourse.Training;
using MnistCourse.Tests.Support;
using static MnistCourse.Tests.Reporting.ChartJson;
using static TorchSharp.torch;

namespace MnistCourse.Tests.Course;

/// <summary>Tests that switch the process-wide course language run alone, so no English chart test sees Chinese.</summary>
[CollectionDefinition(nameof(CourseLanguageCollection), DisableParallelization = true)]
public class CourseLanguageCollection;

[Collection(nameof(CourseLanguageCollection))]
public sealed class ChineseMessagesTests : IDisposable
{
    public ChineseMessagesTests()
    {
        Torch.Init();
        CourseLanguage.Use("zh");
    }

    public void Dispose() => CourseLanguage.Use("en");

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
        Assert.Equal("✅ 练习 2：答对了，5 张、1 张和 64 张图像的批次都变成了每行 784 个数，像素一一对应。", Chapter07.Exercise2(p => p.view(p.size(0), -1)));
        Assert.StartsWith("❌ 练习 2：还不对：[5, 1, 28, 28] 变成了 [3920]，应为 [5, 784]。提示：保留第一维（每张图像一行），其余各维都并进这一行。",
            Chapter07.Exercise2(p => p.flatten()));
        Assert.Contains("之后什么也没有发生", Chapter08.Exercise4(nn.Sequential(nn.Linear(784, 128), nn.Linear(128, 10))));
    }

    [Fact]
    public void English_is_back_after_Use_en_and_an_unknown_language_is_refused_by_name()
    {
        CourseLanguage.Use("zh-CN");
        Assert.Equal("zh", CourseLanguage.Current);
        CourseLanguage.Use("en");
        Assert.Equal("Loss", Title(Charts.LossCurves(History)));
        Assert.Equal("⏳ Exercise 2: not answered yet.", Chapter00.Exercise2(null));
        var error = Assert.Throws<ArgumentException>(() => CourseLanguage.Use("fr"));
        Assert.Contains("'fr'", error.Message);
        Assert.Contains("\"en\" or \"zh\"", error.Message);
        Assert.Equal("en", CourseLanguage.Current);
    }
}
