using MnistCourse.Data;
using MnistCourse.Training;
using static TorchSharp.torch;

namespace MnistCourse.Reporting;

/// <summary>
/// Writes report.html when the run ends, however it ends. The settings table is what the trainer ran
/// (<see cref="ReportSettings.Of"/>); the confusion matrix and the gallery of mistakes come from its model and
/// validation split, labelled with the split's classes. After a failed run the report shows the finished epochs,
/// judged with the weights of the last finished epoch, not of the epoch cut short.
/// </summary>
public sealed class ReportListener(string path, string title = ReportWriter.DefaultTitle) : ITrainingListener
{
    // The weights as the last finished epoch left them (a copy on the CPU, ~0.4 MB for SimpleNet).
    Dictionary<string, Tensor>? finished;

    public string Path { get; } = path;

    /// <summary>Whether the last end of a run (finished or failed) wrote the report.</summary>
    public bool Written { get; private set; }

    /// <summary>Why the report of a failed run could not be written (null when it was, or when the run did not fail).</summary>
    public string? Problem { get; private set; }

    public void OnEpochStart(Trainer trainer, int epoch, int batches)
    {
        // Before the first epoch of a Fit, the weights are the last finished epoch's (or a resumed checkpoint's).
        if (finished is null && trainer.History.Count > 0) finished = Snapshot(trainer.Model);
    }

    public void OnEpochEnd(Trainer trainer, EpochResult result)
    {
        Forget();
        finished = Snapshot(trainer.Model);
    }

    public void OnTrainingEnd(Trainer trainer, IReadOnlyList<EpochResult> history)
    {
        Forget();
        Written = false;
        Write(trainer, history);
    }

    public void OnFitFailed(Trainer trainer, Exception failure)
    {
        Problem = null;
        Written = false;
        if (trainer.History.Count == 0 || finished is null) return;
        var current = Snapshot(trainer.Model);
        try
        {
            Load(trainer.Model, finished);
            Write(trainer, trainer.History);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Problem = e.Message.ReplaceLineEndings(" ");
        }
        finally
        {
            Load(trainer.Model, current);
            foreach (var t in current.Values) t.Dispose();
            Forget();
        }
    }

    void Write(Trainer trainer, IReadOnlyList<EpochResult> history)
    {
        if (history.Count == 0 || trainer.Validation is not { } validation) return;
        var predictions = Predictions.Compute(trainer.Model, validation, batchSize: 1000);
        var run = trainer.Describe();
        var dataset = run.Dataset ?? Unnamed(validation, predictions.ClassCount);
        var settings = ReportSettings.From(run, trainer.Data?.Location.ToString());
        ReportWriter.Write(Path, settings, history, ReportCharts.Standard(history, predictions, validation, dataset), title);
        Written = true;
    }

    /// <summary>
    /// Your own tensors: classes are their numbers, and the images are drawn from their own range (lowest value
    /// black, highest white), since no normalisation is known to undo.
    /// </summary>
    static DatasetInfo Unnamed(DataSplit split, int classes)
    {
        using var min = split.Images.min();
        using var max = split.Images.max();
        float low = min.item<float>(), high = max.item<float>();
        float range = high > low ? high - low : 1f;
        var none = new DataFile("", "");
        return new DatasetInfo("", "your own tensors", none, none, none, none, Array.Empty<string>(),
            Mean: -low / range, Std: 1f / range, ClassNames: Enumerable.Range(0, classes).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
    }

    static Dictionary<string, Tensor> Snapshot(nn.Module module) =>
        module.state_dict().ToDictionary(e => e.Key, e => e.Value.detach().cpu().clone());

    static void Load(nn.Module module, Dictionary<string, Tensor> state)
    {
        using var _ = no_grad();
        var target = module.state_dict();
        foreach (var (name, value) in state) target[name].copy_(value);
    }

    void Forget()
    {
        if (finished is null) return;
        foreach (var t in finished.Values) t.Dispose();
        finished = null;
    }
}
