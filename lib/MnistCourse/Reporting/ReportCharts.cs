using MnistCourse.Data;
using MnistCourse.Training;
using Plotly.NET;

namespace MnistCourse.Reporting;

/// <summary>The charts a report shows, in reading order: how training went, then what the model gets right and wrong.</summary>
public static class ReportCharts
{
    public static IReadOnlyList<GenericChart> Standard(IReadOnlyList<EpochResult> history, Predictions predictions, DataSplit validation, DatasetInfo dataset, int images = 16) =>
        new[]
        {
            Charts.LossCurves(history),
            Charts.AccuracyCurves(history),
            Charts.LearningRateCurve(history),
            Charts.ConfusionMatrix(predictions.ConfusionMatrix(), dataset.ClassNames),
            Charts.SampleGrid(validation, dataset, images, "Sample validation images"),
            Charts.MisclassifiedGallery(validation, predictions, dataset, images),
        };
}
