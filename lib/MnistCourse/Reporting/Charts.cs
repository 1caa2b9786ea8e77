using System.Globalization;
using MnistCourse.Data;
using MnistCourse.Training;
using Plotly.NET;
using CS = Plotly.NET.CSharp;
using MnistCourse.Localization;

namespace MnistCourse.Reporting;

/// <summary>
/// The course's charts, each a Plotly.NET <see cref="GenericChart"/>: curves of a run's history, a confusion
/// matrix, and grids of images. Render them with <see cref="ChartHtml"/> (plotly.js inlined, works offline)
/// or put them in a report with <see cref="ReportWriter"/>. Their words are written in English here and shown in
/// the course's language (<see cref="Texts"/>); the CLI's report stays English.
/// </summary>
public static partial class Charts
{
    // One colour per series across every chart, so "validation" is always the same orange.
    const string TrainColor = "#1f77b4";
    const string ValidationColor = "#ff7f0e";
    const string LearningRateColor = "#2ca02c";
    const int ImageCell = 100;

    /// <summary>Train and validation loss per epoch.</summary>
    public static GenericChart LossCurves(IReadOnlyList<EpochResult> history) =>
        Curves(history, "Loss", "Cross-entropy loss", "%{y:.4f}", "",
            ("train", r => r.TrainLoss, TrainColor), ("validation", r => r.ValLoss, ValidationColor));

    /// <summary>Train and validation accuracy (%) per epoch.</summary>
    public static GenericChart AccuracyCurves(IReadOnlyList<EpochResult> history) =>
        Curves(history, "Accuracy", "Accuracy (%)", "%{y:.2f}%", "%",
            ("train", r => r.TrainAccuracy, TrainColor), ("validation", r => r.ValAccuracy, ValidationColor));

    /// <summary>The learning rate each epoch trained with.</summary>
    public static GenericChart LearningRateCurve(IReadOnlyList<EpochResult> history)
    {
        var chart = Curves(history, "Learning rate", "Learning rate", "%{y:.4g}", "",
            ("learning rate", r => r.LearningRate, LearningRateColor));
        chart.Layout().Set(("showlegend", false));
        chart.Layout().Child("yaxis").Set(("exponentformat", "power"), ("rangemode", "tozero"));
        return chart;
    }

    /// <summary>
    /// A heatmap of counts[true, predicted] with the class names on both axes and the count in every cell.
    /// True classes run top to bottom, so the correct answers form the diagonal from the top left.
    /// </summary>
    public static GenericChart ConfusionMatrix(int[,] counts, IReadOnlyList<string> classNames, string title = "Confusion matrix")
    {
        int n = classNames.Count;
        if (counts.GetLength(0) != n || counts.GetLength(1) != n)
            throw new ArgumentException($"confusion matrix is {counts.GetLength(0)}x{counts.GetLength(1)} but there are {n} class names");
        var rows = Enumerable.Range(0, n).Select(r => Enumerable.Range(0, n).Select(c => counts[r, c]).ToArray()).ToArray();
        long total = rows.Sum(r => (long)r.Sum());
        long correct = Enumerable.Range(0, n).Sum(i => (long)counts[i, i]);

        var names = classNames.Select(Texts.Localize).ToArray();
        var chart = CS.Chart.Heatmap<int, string, string, string>(rows, X: names, Y: names, Name: "images");
        chart.Traces()[0].Set(("name", Texts.Localize("images")));
        chart.Traces()[0].Set(
            // White to dark blue, with most of the range spent on small counts: the diagonal would otherwise
            // wash out the mistakes, which are what a reader looks for.
            ("colorscale", new object[]
            {
                new object[] { 0.0, "#f7fbff" }, new object[] { 0.04, "#deebf7" }, new object[] { 0.12, "#9ecae1" },
                new object[] { 0.3, "#4292c6" }, new object[] { 0.6, "#2171b5" }, new object[] { 1.0, "#08306b" },
            }),
            ("texttemplate", "%{z}"),
            ("textfont", new { size = 12 }),
            ("hovertemplate", Texts.Localize("true: %{y}<br>predicted: %{x}<br>%{z} images<extra></extra>")),
            ("xgap", 1), ("ygap", 1),
            ("colorbar", new { title = new { text = Texts.Localize("images"), side = "right" }, thickness = 14 }));

        bool longNames = names.Any(c => c.Length > 3);
        var layout = chart.Layout();
        layout.Child("xaxis").Set(("title", new { text = Texts.Localize("Predicted class"), standoff = 12 }), ("type", "category"),
            ("tickangle", longNames ? -35 : 0), ("showgrid", false), ("ticks", ""));
        layout.Child("yaxis").Set(("title", new { text = Texts.Localize("True class"), standoff = 12 }), ("type", "category"),
            ("autorange", "reversed"), ("showgrid", false), ("ticks", ""), ("scaleanchor", "x"), ("constrain", "domain"));
        layout.Set(("margin", new { l = 110, r = 30, t = 84, b = 110 }), ("plot_bgcolor", "#ffffff"));
        return chart
            .Titled(Texts.Localize(title), total == 0 ? null : Texts.Format("{0:N0} of {1:N0} correct ({2:F2}%); rows: true class, columns: predicted", correct, total, 100.0 * correct / total))
            .Sized(680, 640);
    }

    /// <summary>The first <paramref name="count"/> images of a split with their labels, as a person sees them.</summary>
    public static GenericChart SampleGrid(DataSplit split, DatasetInfo dataset, int count = 16, string title = "Sample images")
    {
        count = Math.Min(count, split.Count);
        var images = ImagePixels.FromSplit(split, dataset, Enumerable.Range(0, count));
        return SampleGrid(images, LabelsOf(split, count), dataset.ClassNames, count, title);
    }

    /// <summary>Images given as pixels 0..255 (one float[784] each) with their labels.</summary>
    public static GenericChart SampleGrid(IReadOnlyList<float[]> images, IReadOnlyList<int> labels, IReadOnlyList<string> classNames, int count = 16, string title = "Sample images")
    {
        if (images.Count != labels.Count) throw new ArgumentException($"{images.Count} images but {labels.Count} labels");
        count = Math.Min(count, images.Count);
        if (count < 1) throw new ArgumentException("no images to show: pass at least one image");
        var titles = labels.Take(count).Select(l => ClassName(classNames, l)).ToArray();
        return ImageGrid(images.Take(count).ToArray(), titles, titles, Texts.Localize(title),
            Texts.Localize("the label above each image"), twoLineTitles: false);
    }

    /// <summary>The first <paramref name="count"/> images the model got wrong, each titled with its prediction and true label.</summary>
    public static GenericChart MisclassifiedGallery(DataSplit split, Predictions predictions, DatasetInfo dataset, int count = 16)
    {
        if (predictions.Count != split.Count) throw new ArgumentException($"{predictions.Count} predictions for a split of {split.Count} images");
        int[] wrong = predictions.Misclassified();
        int[] shown = wrong.Take(count).ToArray();
        var images = ImagePixels.FromSplit(split, dataset, shown);
        return Gallery(images, shown.Select(i => predictions.Predicted[i]).ToArray(), shown.Select(i => predictions.Actual[i]).ToArray(),
            dataset.ClassNames, wrong.Length, split.Count);
    }

    /// <summary>
    /// Among <paramref name="images"/> (pixels 0..255) with their predicted and actual labels, the first
    /// <paramref name="count"/> where the two differ, titled "pred X / true Y".
    /// </summary>
    public static GenericChart MisclassifiedGallery(IReadOnlyList<float[]> images, IReadOnlyList<int> predicted, IReadOnlyList<int> actual, IReadOnlyList<string> classNames, int count = 16)
    {
        if (images.Count != predicted.Count || images.Count != actual.Count)
            throw new ArgumentException($"{images.Count} images, {predicted.Count} predictions and {actual.Count} labels: they must match one to one");
        int[] wrong = Enumerable.Range(0, images.Count).Where(i => predicted[i] != actual[i]).ToArray();
        int[] shown = wrong.Take(count).ToArray();
        return Gallery(shown.Select(i => images[i]).ToArray(), shown.Select(i => predicted[i]).ToArray(), shown.Select(i => actual[i]).ToArray(),
            classNames, wrong.Length, images.Count);
    }

    static GenericChart Gallery(float[][] images, int[] predicted, int[] actual, IReadOnlyList<string> classNames, int wrongCount, int total)
    {
        string title = Texts.Localize("Misclassified images");
        if (images.Length == 0)
            return Message(title, Texts.Format("The model got all {0:N0} images right: nothing to show.", total));
        string Predicted(int i) => Texts.Format("pred {0}", ClassName(classNames, predicted[i]));
        string Actual(int i) => Texts.Format("true {0}", ClassName(classNames, actual[i]));
        var plain = images.Select((_, i) => $"{Predicted(i)} / {Actual(i)}").ToArray();
        // Long class names (Fashion-MNIST's "T-shirt/top") do not fit one line under a small image: split in two.
        bool twoLines = plain.Any(t => t.Length > 16);
        var titles = images.Select((_, i) => twoLines
            ? $"<span style=\"color:#c0392b\">{Predicted(i)}</span><br>{Actual(i)}"
            : $"<span style=\"color:#c0392b\">{Predicted(i)}</span> / {Actual(i)}").ToArray();
        string subtitle = Texts.Format("{0:N0} of {1:N0} images misclassified ({2:F2}%); showing the first {3}",
            wrongCount, total, 100.0 * wrongCount / total, images.Length);
        return ImageGrid(images, titles, plain, title, subtitle, twoLines);
    }

    /// <summary>Small greyscale heatmaps in a grid, upright (row 0 at the top) and square, titled one by one.</summary>
    static GenericChart ImageGrid(float[][] images, string[] titles, string[] hoverNames, string title, string subtitle, bool twoLineTitles)
    {
        int side = (int)Math.Round(Math.Sqrt(images[0].Length));
        if (side * side != images[0].Length || images.Any(i => i.Length != images[0].Length))
            throw new ArgumentException($"images must all be square and the same size; got {images[0].Length} pixels");
        int columns = Math.Min(8, images.Length);
        int rows = (images.Length + columns - 1) / columns;

        var cells = images.Select(image => CS.Chart.Heatmap<int, int, int, string>(
            Enumerable.Range(0, side).Select(r => image.AsSpan(r * side, side).ToArray().Select(p => (int)p).ToArray()).ToArray(),
            ShowScale: false)).ToList();
        // Each cell is an ImageCell-pixel square plus room for its title; the gaps are fractions of a cell.
        int titleSpace = twoLineTitles ? 38 : 22;
        const int sideSpace = 14;
        var chart = CS.Chart.Grid(cells, rows, columns, SubPlotTitles: titles,
            XGap: sideSpace / (double)(ImageCell + sideSpace), YGap: titleSpace / (double)(ImageCell + titleSpace));

        var traces = chart.Traces();
        for (int i = 0; i < traces.Count; i++)
            traces[i].Set(
                ("colorscale", new object[] { new object[] { 0, "#000000" }, new object[] { 1, "#ffffff" } }),
                ("zmin", 0), ("zmax", 255), ("showscale", false),
                ("hovertemplate", System.Net.WebUtility.HtmlEncode(hoverNames[i]) + Texts.Localize("<br>row %{y}, column %{x}: %{z}<extra></extra>")));

        var layout = chart.Layout();
        for (int i = 1; i <= images.Length; i++)
        {
            var (xaxis, yaxis, xref, _) = PlotlyObjects.Axes(i);
            layout.Child(xaxis).Set(("showticklabels", false), ("showgrid", false), ("zeroline", false), ("ticks", ""), ("constrain", "domain"));
            layout.Child(yaxis).Set(("showticklabels", false), ("showgrid", false), ("zeroline", false), ("ticks", ""),
                ("autorange", "reversed"), ("scaleanchor", xref), ("constrain", "domain"));
        }
        if (layout.TryGetPropertyValue("annotations") is { } annotations && annotations.Value is System.Collections.IEnumerable list)
            foreach (var annotation in list.OfType<DynamicObj.DynamicObj>())
                annotation.Set(("font", new { size = 12, color = "#222" }));

        // The subplot titles sit above their cells, so the first row's go into the top margin, under the chart title.
        int top = 68 + titleSpace;
        int width = Math.Max(480, columns * (ImageCell + sideSpace) + 40);
        int height = top + 10 + rows * (ImageCell + titleSpace);
        layout.Set(("margin", new { l = 20, r = 20, t = top, b = 10 }), ("plot_bgcolor", "#ffffff"));
        return chart.Titled(title, subtitle).Sized(width, height);
    }

    /// <summary>An empty chart that says something, so a report keeps its shape when there is nothing to draw.</summary>
    static GenericChart Message(string title, string message)
    {
        var chart = CS.Chart.Invisible();
        chart.Layout().Set(("annotations", new[] { new { text = message, showarrow = false, xref = "paper", yref = "paper", x = 0.5, y = 0.5, font = new { size = 16 } } }));
        chart.Layout().Child("xaxis").Set(("visible", false));
        chart.Layout().Child("yaxis").Set(("visible", false));
        return chart.Titled(title).Sized(700, 240);
    }

    static GenericChart Curves(IReadOnlyList<EpochResult> history, string title, string yTitle, string hoverFormat, string tickSuffix,
        params (string Name, Func<EpochResult, double> Value, string Color)[] series)
    {
        if (history.Count == 0) throw new ArgumentException($"{title}: no epochs to plot; train for at least one epoch first");
        int[] epochs = history.Select(r => r.Epoch).ToArray();
        var chart = CS.Chart.Combine(series.Select(s => CS.Chart.Line<int, double, string>(
            epochs, history.Select(s.Value).ToArray(), ShowMarkers: true, Name: Texts.Localize(s.Name))));

        var traces = chart.Traces();
        for (int i = 0; i < series.Length; i++)
        {
            traces[i].Child("line").Set(("color", series[i].Color), ("width", 2.5));
            traces[i].Child("marker").Set(("color", series[i].Color), ("size", 8));
            traces[i].Set(("hovertemplate", $"{Texts.Localize(series[i].Name)}: {hoverFormat}<extra></extra>"));
        }

        var layout = chart.Layout();
        layout.Child("xaxis").Set(("title", new { text = Texts.Localize("Epoch") }), ("tickmode", "linear"), ("tick0", 1),
            ("dtick", Math.Max(1, (int)Math.Ceiling(epochs.Length / 12.0))), ("zeroline", false));
        layout.Child("yaxis").Set(("title", new { text = Texts.Localize(yTitle) }), ("ticksuffix", tickSuffix), ("zeroline", false));
        layout.Set(
            ("hovermode", "x unified"),
            ("legend", new { orientation = "h", x = 1, xanchor = "right", y = 1.02, yanchor = "bottom", font = new { size = 13 } }),
            ("margin", new { l = 80, r = 30, t = 80, b = 60 }),
            ("font", new { size = 13 }));
        return chart.Titled(Texts.Localize(title)).Sized(440, 360);
    }

    static string ClassName(IReadOnlyList<string> classNames, int label) =>
        label >= 0 && label < classNames.Count ? Texts.Localize(classNames[label]) : label.ToString(CultureInfo.InvariantCulture);

    static int[] LabelsOf(DataSplit split, int count)
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        return split.Labels.narrow(0, 0, count).cpu().data<long>().Select(v => (int)v).ToArray();
    }
}
