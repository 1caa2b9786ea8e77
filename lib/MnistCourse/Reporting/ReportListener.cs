using MnistCourse.Data;
using MnistCourse.Training;

namespace MnistCourse.Reporting;

/// <summary>
/// Writes report.html when training ends. The confusion matrix and the gallery of mistakes come from the
/// trainer's model and validation split; the settings table from its options, data and device.
/// </summary>
public sealed class ReportListener(string path, string title = ReportWriter.DefaultTitle) : ITrainingListener
{
    public string Path { get; } = path;

    public void OnTrainingEnd(Trainer trainer, IReadOnlyList<EpochResult> history)
    {
        if (history.Count == 0 || trainer.Validation is not { } validation) return;
        var dataset = trainer.Data?.Dataset ?? DatasetCatalog.Mnist;
        var predictions = Predictions.Compute(trainer.Model, validation, batchSize: 1000);
        var settings = ReportSettings.From(trainer.Options, trainer.Data, Devices.Describe(trainer.Device));
        ReportWriter.Write(Path, settings, history, ReportCharts.Standard(history, predictions, validation, dataset), title);
    }
}
