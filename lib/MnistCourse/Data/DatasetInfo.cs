namespace MnistCourse.Data;

/// <summary>One file of a data set, with the MD5 of the published .gz and, where known, of its decompressed content.</summary>
public sealed record DataFile(string Name, string GzipMd5, string? RawMd5 = null);

/// <summary>Everything the course knows about a data set: where to get it and how to normalise it.</summary>
public sealed record DatasetInfo(
    string Name,
    string DisplayName,
    DataFile TrainImages,
    DataFile TrainLabels,
    DataFile TestImages,
    DataFile TestLabels,
    IReadOnlyList<string> Mirrors,
    float Mean,
    float Std,
    IReadOnlyList<string> ClassNames,
    string? OsPackageDirectory = null,
    string? OsPackageName = null)
{
    public IEnumerable<DataFile> Files => new[] { TrainImages, TrainLabels, TestImages, TestLabels };
    public int ImageSize => 28;
    public int InputSize => ImageSize * ImageSize;
    public int ClassCount => ClassNames.Count;
}
