using System.Security.Cryptography;

namespace MnistCourse.Runtime;

/// <summary>
/// Patched copies of a native library, kept in the user's cache folder (never in the NuGet cache or an app's own
/// folder), one per distinct original: ~/.cache/mnist-course/natives/&lt;sha256 prefix&gt;/&lt;file name&gt;.
/// MNISTCOURSE_NATIVE_CACHE overrides the folder.
/// </summary>
internal static class PatchedLibraryCache
{
    public static string Root =>
        Environment.GetEnvironmentVariable("MNISTCOURSE_NATIVE_CACHE") is { Length: > 0 } root ? root
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "mnist-course", "natives");

    /// <summary>
    /// The path of <paramref name="original"/> with its weakenable version needs marked weak, creating it on first
    /// use (and saying so on stderr). Safe when several processes race: each writes its own temp file, then renames.
    /// </summary>
    public static string GetOrCreate(string original)
    {
        byte[] bytes = File.ReadAllBytes(original);
        string hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
        string dir = Path.Combine(Root, hash);
        string patched = Path.Combine(dir, Path.GetFileName(original));
        if (File.Exists(patched)) return patched;

        try
        {
            Directory.CreateDirectory(dir);
            string temp = $"{patched}.{Environment.ProcessId}.tmp";
            File.WriteAllBytes(temp, bytes);
            var changed = ElfVersionNeeds.WeakenKnownNeeds(temp);
            File.Move(temp, patched, overwrite: true);
            Console.Error.WriteLine(
                $"MnistCourse: {Path.GetFileName(original)} needs {string.Join(", ", changed)}, which this system's libstdc++ lacks; " +
                $"using a copy with that need marked weak, saved once in {dir} (see README, Troubleshooting).");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TorchLoadException(
                $"{original} needs a newer libstdc++ than this system has, and a patched copy could not be written to {dir} " +
                $"({e.Message}); set MNISTCOURSE_NATIVE_CACHE to a writable folder.", e);
        }
        return patched;
    }
}
