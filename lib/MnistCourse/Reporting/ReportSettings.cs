using System.Globalization;
using MnistCourse.Training;

namespace MnistCourse.Reporting;

/// <summary>The settings table of a report: what the trainer ran (<see cref="RunDescription"/>), one row a fact.</summary>
public static class ReportSettings
{
    public static IReadOnlyList<KeyValuePair<string, string>> Of(Trainer trainer) => From(Arguments.NotNull(trainer).Describe(), trainer.Data?.Location.ToString());

    /// <param name="dataLocation">Where the data was read from, when known (shown in place of the data set's name).</param>
    public static IReadOnlyList<KeyValuePair<string, string>> From(RunDescription run, string? dataLocation = null)
    {
        Arguments.NotNull(run);
        var settings = new List<KeyValuePair<string, string>>();
        void Add(string key, object value) => settings.Add(new(key, Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""));
        string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
        Add("Dataset", dataLocation ?? run.Dataset?.DisplayName ?? "your own tensors (no data set named)");
        if (run.TrainImages is int train) Add("Train images", Count(train));
        if (run.ValidationImages is int validation) Add("Validation images", Count(validation));
        if (run.Dataset is { } dataset)
        {
            Add("Classes", string.Join(", ", dataset.ClassNames));
            Add("Normalisation", string.Create(CultureInfo.InvariantCulture, $"Normalize(mean={dataset.Mean}, std={dataset.Std})"));
        }
        Add("Model", run.Model);
        Add("Parameters", run.Parameters.ToString("N0", CultureInfo.InvariantCulture));
        Add("Optimizer", run.Optimizer);
        Add("Schedule", run.Schedule);
        Add("Epochs", run.Options.Epochs);
        Add("Batch size", run.Options.BatchSize);
        Add("Seed", run.Options.Seed);
        Add("Device", run.Device);
        return settings;
    }
}
