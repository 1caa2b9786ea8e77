namespace MnistCourse;

/// <summary>Where the course keeps things: found from the repository root, wherever the program runs from.</summary>
internal static class CoursePaths
{
    const string Marker = "MnistCourse.sln";

    /// <summary>
    /// The repository root: the first folder holding MnistCourse.sln above the current directory or above
    /// this assembly (bin/ sits inside the repository). Null when run from somewhere else entirely.
    /// </summary>
    public static string? RepositoryRoot { get; } =
        FindUp(Directory.GetCurrentDirectory()) ?? FindUp(AppContext.BaseDirectory) ?? FindUp(Path.GetDirectoryName(typeof(CoursePaths).Assembly.Location));

    /// <summary>The data cache: the repository's data/ folder, else ~/.cache/mnist-course.</summary>
    public static string DataDirectory => RepositoryRoot is { } root
        ? Path.Combine(root, "data")
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "mnist-course");

    static string? FindUp(string? start)
    {
        for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, Marker))) return dir.FullName;
        return null;
    }
}
