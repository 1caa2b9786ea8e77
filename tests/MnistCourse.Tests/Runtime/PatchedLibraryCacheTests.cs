using MnistCourse.Runtime;
using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Runtime;

public class PatchedLibraryCacheTests
{
    [Fact]
    public void The_shipped_library_needs_a_version_this_libstdcxx_may_lack_and_the_patched_copy_needs_none()
    {
        string libstdcxx = ElfVersionNeeds.LoadedLibstdcxx() ?? throw new InvalidOperationException("no libstdc++ in /proc/self/maps");
        bool old = !ElfVersionNeeds.ReadDefinitions(libstdcxx).Contains("GLIBCXX_3.4.32");
        // Debian 12 (GLIBCXX_3.4.30) lacks it; a newer system has it, and then nothing is unmet either way.
        Assert.Equal(old ? new[] { "GLIBCXX_3.4.32" } : Array.Empty<string>(), ElfVersionNeeds.UnmetNeeds(NuGetCache.ShippedLibTorchSharp, libstdcxx));

        using var dir = new TempDirectory();
        string copy = dir["libLibTorchSharp.so"];
        File.Copy(NuGetCache.ShippedLibTorchSharp, copy);
        ElfVersionNeeds.WeakenKnownNeeds(copy);
        Assert.Empty(ElfVersionNeeds.UnmetNeeds(copy, libstdcxx));
    }

    [Fact]
    public void A_patched_copy_is_made_once_in_the_cache_folder_and_the_original_is_untouched()
    {
        using var dir = new TempDirectory();
        string original = dir["app/libLibTorchSharp.so"];
        Directory.CreateDirectory(Path.GetDirectoryName(original)!);
        File.Copy(NuGetCache.ShippedLibTorchSharp, original);
        byte[] before = File.ReadAllBytes(original);

        string previous = Environment.GetEnvironmentVariable("MNISTCOURSE_NATIVE_CACHE") ?? "";
        Environment.SetEnvironmentVariable("MNISTCOURSE_NATIVE_CACHE", dir["cache"]);
        try
        {
            string patched = PatchedLibraryCache.GetOrCreate(original);
            Assert.StartsWith(dir["cache"], patched);
            Assert.True(Assert.Single(ElfVersionNeeds.Read(patched), n => n.Version == "GLIBCXX_3.4.32").IsWeak);
            DateTime written = File.GetLastWriteTimeUtc(patched);

            Assert.Equal(patched, PatchedLibraryCache.GetOrCreate(original));
            Assert.Equal(written, File.GetLastWriteTimeUtc(patched));
            Assert.Equal(new[] { patched }, Directory.GetFiles(dir["cache"], "*", SearchOption.AllDirectories));
            Assert.Equal(before, File.ReadAllBytes(original));
        }
        finally
        {
            Environment.SetEnvironmentVariable("MNISTCOURSE_NATIVE_CACHE", previous == "" ? null : previous);
        }
    }
}
