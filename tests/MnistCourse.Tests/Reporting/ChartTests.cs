using MnistCourse.Data;
using MnistCourse.Reporting;
using MnistCourse.Tests.Support;
using MnistCourse.Training;
using static MnistCourse.Tests.Reporting.ChartJson;

namespace MnistCourse.Tests.Reporting;

public class ChartTests
{
    public ChartTests() => Torch.Init();

    internal static readonly EpochResult[] History =
    {
        new(1, 3, 0.61, 78.5, 0.45, 83.25, 0.01, 1.1),
        new(2, 3, 0.41, 85.0, 0.40, 85.50, 0.01, 1.0),
        new(3, 3, 0.36, 87.25, 0.39, 86.00, 0.005, 0.9),
    };

    static readonly string[] Fashion = DatasetCatalog.FashionMnist.ClassNames.ToArray();

    [Fact]
    public void Loss_curves_plot_train_and_validation_loss_per_epoch_with_titled_axes()
    {
        var chart = Charts.LossCurves(History);
        var traces = Traces(chart);

        Assert.Equal(new[] { "train", "validation" }, traces.Select(t => t.GetProperty("name").GetString()));
        Assert.All(traces, t => Assert.Equal(new double[] { 1, 2, 3 }, Numbers(t.GetProperty("x"))));
        Assert.Equal(History.Select(r => r.TrainLoss), Numbers(traces[0].GetProperty("y")));
        Assert.Equal(History.Select(r => r.ValLoss), Numbers(traces[1].GetProperty("y")));
        Assert.NotEqual(traces[0].GetProperty("line").GetProperty("color").GetString(), traces[1].GetProperty("line").GetProperty("color").GetString());

        var layout = Layout(chart);
        Assert.Equal("Loss", layout.GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("Epoch", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("Cross-entropy loss", layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void Accuracy_and_learning_rate_curves_plot_their_columns()
    {
        var accuracy = Traces(Charts.AccuracyCurves(History));
        Assert.Equal(History.Select(r => r.TrainAccuracy), Numbers(accuracy[0].GetProperty("y")));
        Assert.Equal(History.Select(r => r.ValAccuracy), Numbers(accuracy[1].GetProperty("y")));
        Assert.Equal("%", Layout(Charts.AccuracyCurves(History)).GetProperty("yaxis").GetProperty("ticksuffix").GetString());

        var lr = Traces(Charts.LearningRateCurve(History));
        Assert.Single(lr);
        Assert.Equal(new[] { 0.01, 0.01, 0.005 }, Numbers(lr[0].GetProperty("y")));

        var error = Assert.Throws<ArgumentException>(() => Charts.LossCurves(Array.Empty<EpochResult>()));
        Assert.Contains("no epochs", error.Message);
    }

    [Fact]
    public void Confusion_matrix_heatmap_holds_the_counts_with_class_names_on_both_axes()
    {
        var counts = new int[10, 10];
        var random = new Random(3);
        for (int r = 0; r < 10; r++)
            for (int c = 0; c < 10; c++)
                counts[r, c] = r == c ? 80 + random.Next(20) : random.Next(6);

        var chart = Charts.ConfusionMatrix(counts, Fashion);
        var heatmap = Assert.Single(Traces(chart));

        Assert.Equal("heatmap", heatmap.GetProperty("type").GetString());
        var z = Matrix(heatmap.GetProperty("z"));
        for (int r = 0; r < 10; r++) Assert.Equal(Enumerable.Range(0, 10).Select(c => counts[r, c]), z[r]);
        Assert.Equal(Fashion, Strings(heatmap.GetProperty("x")));
        Assert.Equal(Fashion, Strings(heatmap.GetProperty("y")));
        Assert.Equal("%{z}", heatmap.GetProperty("texttemplate").GetString());

        var layout = Layout(chart);
        Assert.Equal("Predicted class", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("True class", layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("reversed", layout.GetProperty("yaxis").GetProperty("autorange").GetString());
        int correct = Enumerable.Range(0, 10).Sum(i => counts[i, i]), total = counts.Cast<int>().Sum();
        Assert.Contains($"{correct:N0} of {total:N0} correct", layout.GetProperty("title").GetProperty("text").GetString());

        var error = Assert.Throws<ArgumentException>(() => Charts.ConfusionMatrix(new int[3, 3], Fashion));
        Assert.Contains("3x3", error.Message);
    }

    [Fact]
    public void Sample_grid_shows_the_original_pixels_upright_in_greyscale_titled_by_label()
    {
        var (bytes, labels) = SyntheticDigits.Generate(20, seed: 9);
        var mnist = DatasetCatalog.Mnist;
        using var split = DataSplit.FromBytes(bytes, labels, 20, 784, mnist.Mean, mnist.Std);

        var chart = Charts.SampleGrid(split, mnist, count: 12);
        var traces = Traces(chart);

        Assert.Equal(12, traces.Length);
        for (int i = 0; i < 12; i++)
        {
            var z = Matrix(traces[i].GetProperty("z"));
            Assert.Equal(28, z.Length);
            // Normalised and back again: every pixel is the byte in the file.
            Assert.Equal(bytes.Skip(i * 784).Take(784).Select(b => (int)b), z.SelectMany(row => row));
            Assert.Equal(0, traces[i].GetProperty("zmin").GetInt32());
            Assert.Equal(255, traces[i].GetProperty("zmax").GetInt32());
        }
        Assert.Equal(labels.Take(12).Select(l => l.ToString()), AnnotationTexts(chart).Take(12));

        var layout = Layout(chart);
        Assert.Equal("reversed", layout.GetProperty("yaxis").GetProperty("autorange").GetString());
        Assert.Equal("reversed", layout.GetProperty("yaxis12").GetProperty("autorange").GetString());
        Assert.Equal("x12", layout.GetProperty("yaxis12").GetProperty("scaleanchor").GetString());
        var greys = traces[0].GetProperty("colorscale");
        Assert.Equal("#000000", greys[0][1].GetString());
        Assert.Equal("#ffffff", greys[1][1].GetString());
    }

    [Fact]
    public void Misclassified_gallery_shows_only_the_mistakes_titled_pred_and_true()
    {
        var images = Enumerable.Range(0, 6).Select(i => Enumerable.Repeat((float)(i * 40), 784).ToArray()).ToArray();
        int[] actual = { 0, 1, 2, 3, 4, 5 };
        int[] predicted = { 0, 7, 2, 5, 4, 5 };

        var digits = Charts.MisclassifiedGallery(images, predicted, actual, DatasetCatalog.Mnist.ClassNames);
        var traces = Traces(digits);
        Assert.Equal(2, traces.Length);
        Assert.Equal(40, Matrix(traces[0].GetProperty("z"))[0][0]);
        Assert.Equal(120, Matrix(traces[1].GetProperty("z"))[0][0]);
        var titles = AnnotationTexts(digits).Select(StripTags).ToArray();
        Assert.Equal(new[] { "pred 7 / true 1", "pred 5 / true 3" }, titles.Take(2));

        var fashion = Charts.MisclassifiedGallery(images, predicted, actual, Fashion);
        Assert.Equal("pred Sneaker true Trouser", StripTags(AnnotationTexts(fashion)[0]).Replace("<br>", " "));
        Assert.StartsWith("pred Sneaker / true Trouser", Traces(fashion)[0].GetProperty("hovertemplate").GetString());

        var none = Charts.MisclassifiedGallery(images, actual, actual, Fashion);
        Assert.DoesNotContain(Traces(none), t => t.GetProperty("type").GetString() == "heatmap");
        Assert.Contains("got all 6 images right", AnnotationTexts(none).Single());
    }

    [Fact]
    public void Predictions_agree_with_the_trainers_evaluation_and_fill_the_confusion_matrix()
    {
        using var data = SyntheticDigits.Load(trainCount: 1000, testCount: 300);
        var options = new TrainingOptions { Epochs = 1, Seed = 4 };
        var trainer = Trainer.ForSimpleNet(options, TorchSharp.torch.CPU);
        trainer.Fit(data);
        trainer.Model.train();

        var predictions = Predictions.Compute(trainer.Model, data.Validation, batchSize: 64);

        Assert.True(trainer.Model.training, "Compute must leave the model in the mode it found it");
        Assert.Equal(300, predictions.Count);
        Assert.Equal(10, predictions.ClassCount);
        Assert.Equal(trainer.Evaluate(data.Validation).Accuracy, predictions.Accuracy, 9);
        Assert.Equal(data.Validation.Labels.data<long>().Select(l => (int)l), predictions.Actual);

        var matrix = predictions.ConfusionMatrix();
        Assert.Equal(300, matrix.Cast<int>().Sum());
        Assert.Equal(predictions.Correct, Enumerable.Range(0, 10).Sum(i => matrix[i, i]));
        for (int c = 0; c < 10; c++)
            Assert.Equal(predictions.Actual.Count(a => a == c), Enumerable.Range(0, 10).Sum(p => matrix[c, p]));
        Assert.Equal(300 - predictions.Correct, predictions.Misclassified().Length);
        Assert.All(predictions.Misclassified(), i => Assert.NotEqual(predictions.Actual[i], predictions.Predicted[i]));
    }

    static string StripTags(string html) => System.Text.RegularExpressions.Regex.Replace(html, "<(?!br>)[^>]+>", "");
}
