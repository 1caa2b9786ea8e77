using MnistCourse.Data;
using MnistCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MnistCourse.Reporting;

/// <summary>
/// Writes report.html when training ends. The confusion matrix and the gallery of mistakes need the model
/// and the validation images, so it is given them up front.
/// </summary>
public sealed class ReportListener(
    string path,
    nn.Module<Tensor, Tensor> model,
    DataSplit validation,
    DatasetInfo dataset,
    IEnumerable<KeyValuePair<string, string>> settings,
    string title = ReportWriter.DefaultTitle,
    int batchSize = 1000) : ITrainingListener
{
    public string Path { get; } = path;

    public void OnTrainingEnd(IReadOnlyList<EpochResult> results)
    {
        if (results.Count == 0) return;
        var predictions = Predictions.Compute(model, validation, batchSize);
        ReportWriter.Write(Path, settings, results, ReportCharts.Standard(results, predictions, validation, dataset), title);
    }
}
