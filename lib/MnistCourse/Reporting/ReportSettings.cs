using System.Globalization;
using MnistCourse.Data;
using MnistCourse.Training;

namespace MnistCourse.Reporting;

/// <summary>The settings table of a report, from a run's options (and, when given, its data and device).</summary>
public static class ReportSettings
{
    public static IReadOnlyList<KeyValuePair<string, string>> From(TrainingOptions options, MnistLikeData? data = null, string? device = null)
    {
        var settings = new List<KeyValuePair<string, string>>();
        void Add(string key, object value) => settings.Add(new(key, Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""));
        if (data is not null)
        {
            Add("Dataset", data.Location.ToString());
            Add("Train images", data.Train.Count.ToString("N0", CultureInfo.InvariantCulture));
            Add("Validation images", data.Validation.Count.ToString("N0", CultureInfo.InvariantCulture));
        }
        Add("Model", $"SimpleNet ({data?.InputSize ?? 784} -> {options.Hidden} -> ReLU -> {data?.ClassCount ?? 10})");
        Add("Epochs", options.Epochs);
        Add("Batch size", options.BatchSize);
        Add("Optimizer", options.Optimizer == "sgd" ? $"SGD (momentum {options.Momentum.ToString(CultureInfo.InvariantCulture)})" : "Adam");
        Add("Learning rate", options.LearningRate);
        Add("Seed", options.Seed);
        if (device is not null) Add("Device", device);
        return settings;
    }
}
