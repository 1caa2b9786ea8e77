namespace MnistCourse.Data;

/// <summary>Where a data set's four files were found, and a phrase saying how they got there.</summary>
public sealed record DataLocation(DatasetInfo Dataset, string Directory, string Origin)
{
    /// <summary>The path of one file: the .gz name, or the same name without .gz for uncompressed copies.</summary>
    public string PathOf(DataFile file) => FindFile(Directory, file)
        ?? throw new DataException($"{Path.Combine(Directory, file.Name)}: file not found");

    public override string ToString() => MnistCourse.Localization.Texts.Format("{0} from {1} ({2})", Dataset.DisplayName, Directory, MnistCourse.Localization.Texts.Localize(Origin));

    internal static string? FindFile(string directory, DataFile file)
    {
        string gz = Path.Combine(directory, file.Name);
        if (File.Exists(gz)) return gz;
        string raw = Path.Combine(directory, Path.GetFileNameWithoutExtension(file.Name));
        return File.Exists(raw) ? raw : null;
    }

    public static bool HasAllFiles(string directory, DatasetInfo dataset) =>
        dataset.Files.All(f => FindFile(directory, f) is not null);
}
