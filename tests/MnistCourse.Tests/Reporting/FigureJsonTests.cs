using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;
using MnistCourse.Data;
using MnistCourse.Localization;
using MnistCourse.Reporting;
using MnistCourse.Tests.Support;
using MnistCourse.Training;
using Plotly.NET;
using DynObj = DynamicObj.DynamicObj;

namespace MnistCourse.Tests.Reporting;

/// <summary>
/// FigureJson writes the very string GenericChart.toJson writes, for every chart the library makes (in English or
/// Chinese, alternately), with awkward numbers and text; and for a value it does not know it hands the chart to toJson.
/// </summary>
public class FigureJsonTests
{
    public FigureJsonTests() => Torch.Init();

    static EpochResult[] History => ChartTests.History;

    // Not-a-number, infinities, negative and signed zero, huge, tiny and subnormal, integral doubles (written "2.0").
    static readonly double[] Awkward =
        { double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 0, 2, -3.5, 1e300, -1.7976931348623157e308, 1e-7, 5e-324, 0.1 + 0.2, 123456789012345680, 1.0 / 3 };

    static readonly EpochResult[] AwkwardHistory = Enumerable.Range(0, 30)
        .Select(i => new EpochResult(i + 1, 30, Awkward[i % Awkward.Length], -Awkward[(i + 3) % Awkward.Length], Awkward[(i + 5) % Awkward.Length], 100.0 / (i + 1),
            Awkward[(i + 7) % Awkward.Length], 0.5))
        .ToArray();

    static readonly string[] Mnist = DatasetCatalog.Mnist.ClassNames.ToArray();
    static readonly string[] Fashion = DatasetCatalog.FashionMnist.ClassNames.ToArray();

    // Everything Newtonsoft escapes by default, and much that it does not: quotes, '<', '&', non-ASCII, emoji.
    const string AwkwardText = "say \"hi\" \\ 'there' <b>&amp;</b> </script> tab\t nl\n cr\r \b\f \u0001\u001f\u007f \u0085\u2028\u2029 é 中文 损失 😀";

    static readonly Dictionary<string, Func<GenericChart[]>> ChartsByName = new()
    {
        ["loss curves"] = () => new[] { Charts.LossCurves(History) },
        ["accuracy curves"] = () => new[] { Charts.AccuracyCurves(History) },
        ["learning rate curve"] = () => new[] { Charts.LearningRateCurve(History) },
        ["curves of awkward numbers over 30 epochs"] = () => new[]
        {
            Charts.LossCurves(AwkwardHistory), Charts.AccuracyCurves(AwkwardHistory), Charts.LearningRateCurve(AwkwardHistory),
        },
        ["confusion matrix, digits"] = () => new[] { Charts.ConfusionMatrix(Counts(10, seed: 3), Mnist) },
        ["confusion matrix, fashion, titled"] = () => new[] { Charts.ConfusionMatrix(Counts(10, seed: 4), Fashion, AwkwardText) },
        ["confusion matrix of no images"] = () => new[] { Charts.ConfusionMatrix(new int[3, 3], new[] { "a", "b", AwkwardText }) },
        ["sample grid of a split"] = () => WithSplit(20, (split, dataset) => Charts.SampleGrid(split, dataset, count: 12)),
        ["sample grid of images, fashion labels"] = () => new[]
        {
            Charts.SampleGrid(Images(9), Enumerable.Range(0, 8).Append(42).ToArray(), Fashion, title: AwkwardText),
            Charts.SampleGrid(Images(1), new[] { 99 }, Mnist),
        },
        ["misclassified gallery of a split"] = () => WithSplit(40, (split, dataset) =>
            Charts.MisclassifiedGallery(split, new Predictions(Labels(40).Select(l => (l * 3) % 10).ToArray(), Labels(40), 10), dataset)),
        ["misclassified gallery of images, digits and fashion"] = () =>
        {
            int[] actual = { 0, 1, 2, 3, 4, 5 }, predicted = { 0, 7, 2, 5, 4, 5 };
            return new[]
            {
                Charts.MisclassifiedGallery(Images(6), predicted, actual, Mnist),
                Charts.MisclassifiedGallery(Images(6), predicted, actual, Fashion, count: 1),
            };
        },
        ["misclassified gallery with nothing wrong"] = () => new[] { Charts.MisclassifiedGallery(Images(6), new[] { 0, 1, 2, 3, 4, 5 }, new[] { 0, 1, 2, 3, 4, 5 }, Fashion) },
        ["lines"] = () => new[] { Charts.Lines("Loss", "Epoch", "Loss", ("train", new[] { 0.9, 0.5, 0.4 }), ("validation", new[] { 0.8, 0.6, 0.55 })) },
        ["lines of awkward numbers, one empty, seven series"] = () => new[]
        {
            Charts.Lines(AwkwardText, AwkwardText, "y", ("awkward", Awkward), ("empty", Array.Empty<double>()), ("one", new[] { 1.0 }),
                ("b", Awkward.Reverse()), ("c", Awkward.Take(2)), ("d", Awkward.Skip(3)), (AwkwardText, Awkward)),
        },
        ["one line"] = () => new[] { Charts.Line("Learning rate", "Epoch", "lr", new[] { 0.01, 0.005 }) },
        ["bars"] = () => new[]
        {
            Charts.Bars("Per class", "Class", "Accuracy (%)", new[] { "cat", "dog", "bird" }, new[] { 91.0, 85.5, 78.0 }),
            Charts.Bars("Awkward", "Class", "Value", Awkward.Select((_, i) => i % 2 == 0 ? AwkwardText : Fashion[i % 10]), Awkward),
        },
        ["bars of nothing"] = () => new[] { Charts.Bars("Empty", "Class", "Value", Array.Empty<string>(), Array.Empty<double>()) },
        ["images, grey and diverging"] = () =>
        {
            var pixels = Enumerable.Range(0, 784).Select(i => i / 783f).ToArray();
            var weights = Enumerable.Range(0, 784).Select(i => (float)Math.Sin(i) * 1e-3f).ToArray();
            return new[] { Charts.Image(pixels, "A digit"), Charts.Image(weights, "Weights", diverging: true), Charts.Image(new float[1], "One pixel", diverging: true) };
        },
        ["image of awkward numbers"] = () => new[]
        {
            Charts.Image(Enumerable.Range(0, 16).Select(i => (float)Awkward[i % Awkward.Length]).ToArray(), AwkwardText),
            Charts.Image(Enumerable.Range(0, 16).Select(i => (float)Awkward[i % Awkward.Length]).ToArray(), "diverging", diverging: true),
        },
        ["standard report"] = () => WithSplit(40, (split, dataset) => ReportCharts.Standard(History,
            new Predictions(Labels(40).Select(l => l % 3 == 0 ? (l + 1) % 10 : l).ToArray(), Labels(40), 10), split, dataset).ToArray()),
        ["standard report with every answer right"] = () => WithSplit(20, (split, dataset) =>
            ReportCharts.Standard(AwkwardHistory, new Predictions(Labels(20), Labels(20), 10), split, dataset, images: 4).ToArray()),
    };

    public static TheoryData<string, string> Cases()
    {
        // Each chart once (toJson, the reference, takes a tenth of a second or more a chart), in alternating languages:
        // both editions' texts are written, and every UTF-16 code unit has its own test below.
        var cases = new TheoryData<string, string>();
        int n = 0;
        foreach (var name in ChartsByName.Keys) cases.Add(name, n++ % 2 == 0 ? CourseLanguage.English : CourseLanguage.Chinese);
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_chart_is_written_exactly_as_toJson_writes_it(string chart, string language)
    {
        using var _ = CourseLanguage.Scope(language);
        foreach (var made in ChartsByName[chart]()) AssertWrittenAsToJson(made);
    }

    [Fact]
    public void The_live_chart_and_the_fragments_carry_toJsons_figure()
    {
        var history = History.Take(2).ToArray();
        string html = LiveChart.Html(history);
        Assert.Contains(ScriptSafe(GenericChart.toJson(Charts.LossCurves(history))), html);
        Assert.Contains(ScriptSafe(GenericChart.toJson(Charts.AccuracyCurves(history))), html);

        var matrix = Charts.ConfusionMatrix(new int[2, 2] { { 3, 1 }, { 0, 4 } }, new[] { "</script><b>x", "y" });
        Assert.Equal(ScriptSafe(GenericChart.toJson(matrix)), ChartHtml.FigureJson(matrix));
    }

    [Fact]
    public void Every_UTF16_code_unit_is_escaped_as_toJson_escapes_it()
    {
        string every = new(Enumerable.Range(0, 0x10000).Select(c => (char)c).ToArray());
        var chart = Charts.Lines(every, every[..0x3000], every[0xD700..], (every[0x2000..0x2100], new[] { 1.0 }));
        AssertWrittenAsToJson(chart);
    }

    [Fact]
    public void Doubles_and_floats_of_every_kind_are_written_as_toJson_writes_them()
    {
        var random = new Random(7);
        // Random bit patterns reach every exponent, subnormals and NaNs with payloads.
        var doubles = Enumerable.Range(0, 3000).Select(_ => BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue)))
            .Concat(Enumerable.Range(0, 1000).Select(_ => Math.Round(random.NextDouble() * 1000, random.Next(0, 6))))
            .Concat(Awkward).Concat(new[] { double.Epsilon, double.MaxValue, double.MinValue, 1e15, 1e16, 1e17, 1e21, 1e-5, 1e-4 })
            .ToArray();
        var floats = Enumerable.Range(0, 3000).Select(_ => BitConverter.Int32BitsToSingle(random.Next(int.MinValue, int.MaxValue)))
            .Concat(new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, 0f, 1f, 0.1f, 1e-45f, float.MaxValue, 16777216f, 1e7f })
            .ToArray();
        var chart = Charts.Line("numbers", "x", "y", doubles);
        chart.Layout().Set(("floats", floats), ("boxed", doubles.Take(50).Cast<object>().Concat(floats.Take(50).Cast<object>()).ToArray()));
        AssertWrittenAsToJson(chart);
    }

    [Fact]
    public void Every_value_kind_the_writer_knows_is_written_as_toJson_writes_it()
    {
        var nested = new DynObj();
        nested.SetProperty("type", null);
        nested.SetProperty("inner", new DynObj().Set(("a", 1), ("b", new[] { "x" })));
        var chart = Charts.Line("kinds", "x", "y", new[] { 1.0 });
        chart.Layout().Set(
            ("integers", new object[] { int.MinValue, int.MaxValue, long.MinValue, long.MaxValue, ulong.MaxValue, uint.MaxValue, (short)-7, (ushort)7, (byte)255, (sbyte)-128 }),
            ("chars", new[] { 'a', '"', '\n', '中' }),
            ("bools", new[] { true, false }),
            ("nothing", null!),
            ("nested", nested),
            ("anonymous", new { z = 1, a = "second", m = new { deep = new[] { 1.5 }, none = (string?)null } }),
            ("list", new List<int> { 3, 1, 2 }),
            ("fsharp list", ListModule.OfSeq(new[] { "a", "b" })),
            ("lazy sequence", Enumerable.Range(0, 5).Select(i => i * 0.5)),
            ("jagged", new[] { new[] { 1, 2 }, Array.Empty<int>() }),
            ("colours", new object[]
            {
                Color.fromString("#123456"), Color.fromString(AwkwardText), Color.fromHex("#abcdef"), Color.fromRGB(1, 2, 3),
                Color.fromKeyword(ColorKeyword.Red), Color.fromColors(new[] { Color.fromString("red"), Color.fromARGB(128, 4, 5, 6) }),
                Color.fromColorScaleValues(new[] { 0.5, 1, double.NaN }),
            }),
            ("every alpha", Enumerable.Range(0, 256).Select(a => Color.fromARGB(a, a, 255 - a, a / 2)).ToArray()),
            ("argb", ARGB.create(7, 8, 9, 10)));
        AssertWrittenAsToJson(chart);
    }

    /// <summary>Kinds the writer does not know; for each, the chart goes to toJson whole.</summary>
    public static TheoryData<string> UnknownKinds() => new(UnknownValues.Keys);

    static readonly Dictionary<string, Func<object>> UnknownValues = new()
    {
        ["a class of the caller's"] = () => new Custom { Name = "x", Size = 3 },
        ["a decimal"] = () => 1.50m,
        ["an F# option"] = () => FSharpOption<int>.Some(3),
        ["a dictionary"] = () => new Dictionary<string, int> { ["a"] = 1 },
        ["a two-dimensional array"] = () => new int[2, 2] { { 1, 2 }, { 3, 4 } },
        ["bytes"] = () => new byte[] { 1, 2, 3 },
        ["a date"] = () => new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc),
        ["an enum"] = () => DayOfWeek.Friday,
        ["an unknown value deep in a list"] = () => new object[] { 1, new object[] { "a", new Custom() } },
    };

    [Theory]
    [MemberData(nameof(UnknownKinds))]
    public void A_value_of_a_kind_the_writer_does_not_know_sends_the_chart_to_toJson(string kind)
    {
        var chart = Charts.Lines("Loss", "Epoch", "Loss", ("train", new[] { 0.9, 0.5 }));
        chart.Layout().SetProperty("custom", UnknownValues[kind]());

        Assert.Null(FigureJson.TryWrite(chart));
        Assert.Equal(GenericChart.toJson(chart), FigureJson.Write(chart));
    }

    public sealed class Custom
    {
        public string Name { get; set; } = "";
        public int Size { get; set; }
    }

    static void AssertWrittenAsToJson(GenericChart chart)
    {
        string expected = GenericChart.toJson(chart);
        string? written = FigureJson.TryWrite(chart);
        Assert.True(written is not null, "the writer fell back to toJson: the chart holds a value kind it does not know");
        Assert.Equal(expected, written);
    }

    static string ScriptSafe(string json) => json.Replace("</", "<\\/");

    static int[,] Counts(int n, int seed)
    {
        var random = new Random(seed);
        var counts = new int[n, n];
        for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++)
                counts[r, c] = r == c ? 800 + random.Next(2000) : random.Next(6);
        return counts;
    }

    static float[][] Images(int count) =>
        Enumerable.Range(0, count).Select(i => Enumerable.Range(0, 784).Select(p => (float)((p * 7 + i * 40) % 256)).ToArray()).ToArray();

    static int[] Labels(int count) => SyntheticDigits.Generate(count, seed: 9).Labels.Select(l => (int)l).ToArray();

    static GenericChart[] WithSplit(int count, Func<DataSplit, DatasetInfo, GenericChart> make) => WithSplit(count, (s, d) => new[] { make(s, d) });

    static GenericChart[] WithSplit(int count, Func<DataSplit, DatasetInfo, GenericChart[]> make)
    {
        var (bytes, labels) = SyntheticDigits.Generate(count, seed: 9);
        var dataset = DatasetCatalog.Mnist;
        using var split = DataSplit.FromBytes(bytes, labels, count, 784, dataset.Mean, dataset.Std);
        return make(split, dataset);
    }
}
