using System.Globalization;

namespace MnistCourse.Training;

/// <summary>What one epoch measured. Accuracies are percentages, as the source prints them.</summary>
public sealed record EpochResult(
    int Epoch,
    int Epochs,
    double TrainLoss,
    double TrainAccuracy,
    double ValLoss,
    double ValAccuracy,
    double LearningRate,
    double Seconds)
{
    /// <summary>The source's line: Epoch [1/10], Train Loss: 0.4645, Train Acc: 83.21%, Val Loss: 0.1872, Val Acc: 94.83%</summary>
    public string SourceLine => string.Create(CultureInfo.InvariantCulture,
        $"Epoch [{Epoch}/{Epochs}], Train Loss: {TrainLoss:F4}, Train Acc: {TrainAccuracy:F2}%, Val Loss: {ValLoss:F4}, Val Acc: {ValAccuracy:F2}%");

    public override string ToString() => SourceLine + string.Create(CultureInfo.InvariantCulture, $", Time: {Seconds:F2}s");
}
