using static TorchSharp.torch;

namespace MnistCourse.Data;

/// <summary>
/// A data set in MNIST's format (MNIST itself or Fashion-MNIST: 28x28 grey images, 10 classes), located and
/// loaded as tensors: the training split, and the validation split (the files' test split, which the source
/// validates on).
/// </summary>
public sealed class MnistLikeData(DataLocation location, DataSplit train, DataSplit validation) : IDisposable
{
    public DataLocation Location { get; } = Arguments.NotNull(location);
    public DatasetInfo Dataset => Location.Dataset;
    public DataSplit Train { get; } = Arguments.NotNull(train);
    public DataSplit Validation { get; } = Arguments.NotNull(validation);
    /// <summary>Pixels per image (784): SimpleNet's input size.</summary>
    public int InputSize => Dataset.InputSize;
    /// <summary>Classes (10): SimpleNet's output size.</summary>
    public int ClassCount => Dataset.ClassCount;

    public static MnistLikeData Load(DataLocation location, Device? device = null) =>
        new(Arguments.NotNull(location), DataSplit.Load(location, train: true, device), DataSplit.Load(location, train: false, device));

    /// <summary>Finds (or downloads) a data set with the course's defaults and loads it.</summary>
    public static MnistLikeData Load(string dataset = "auto", string? dataDirectory = null, Device? device = null, Action<string>? log = null) =>
        Load(DataLocator.CreateDefault(dataDirectory, log).Locate(Arguments.NotNull(dataset)), device);

    public void Dispose()
    {
        Train.Dispose();
        Validation.Dispose();
    }
}
