using static TorchSharp.torch;

namespace MnistCourse.Data;

/// <summary>A located data set loaded as tensors: the train split and the test split the source validates on.</summary>
public sealed class MnistData(DataLocation location, DataSplit train, DataSplit test) : IDisposable
{
    public DataLocation Location { get; } = location;
    public DatasetInfo Dataset => Location.Dataset;
    public DataSplit Train { get; } = train;
    public DataSplit Test { get; } = test;

    public static MnistData Load(DataLocation location, Device? device = null) =>
        new(location, DataSplit.Load(location, train: true, device), DataSplit.Load(location, train: false, device));

    /// <summary>Finds (or downloads) a data set with the course's defaults and loads it.</summary>
    public static MnistData Load(string dataset = "auto", string? dataDirectory = null, Device? device = null, Action<string>? log = null) =>
        Load(DataLocator.CreateDefault(dataDirectory, log).Locate(dataset), device);

    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }
}
