using MnistCourse.Runtime;
using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Runtime;

public class ElfVersionNeedsTests
{
    /// <summary>The library as NuGet ships it (never modified: we patch only build outputs).</summary>
    static string PackagedLibrary => NuGetCache.ShippedLibTorchSharp;

    static string BuiltLibrary => Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");

    [Fact]
    public void The_shipped_library_needs_GLIBCXX_3_4_32_and_the_package_cache_is_left_unpatched()
    {
        var need = Assert.Single(ElfVersionNeeds.Read(PackagedLibrary), n => n.Version == "GLIBCXX_3.4.32");
        Assert.Equal("libstdc++.so.6", need.File);
        Assert.False(need.IsWeak);
    }

    [Fact]
    public void The_build_output_has_the_need_marked_weak_and_nothing_else_changed()
    {
        var shipped = ElfVersionNeeds.Read(PackagedLibrary);
        var built = ElfVersionNeeds.Read(BuiltLibrary);
        Assert.Equal(shipped.Count, built.Count);
        for (int i = 0; i < shipped.Count; i++)
        {
            Assert.Equal(shipped[i].Version, built[i].Version);
            Assert.Equal(shipped[i].Version == "GLIBCXX_3.4.32" || shipped[i].IsWeak, built[i].IsWeak);
        }
        var a = File.ReadAllBytes(PackagedLibrary);
        var b = File.ReadAllBytes(BuiltLibrary);
        Assert.Equal(a.Length, b.Length);
        Assert.Equal(1, a.Zip(b).Count(p => p.First != p.Second));
    }

    [Fact]
    public void Weakening_is_idempotent_and_leaves_no_temp_file()
    {
        using var dir = new TempDirectory();
        string copy = dir["libLibTorchSharp.so"];
        File.Copy(PackagedLibrary, copy);

        Assert.Equal(new[] { "GLIBCXX_3.4.32" }, ElfVersionNeeds.WeakenKnownNeeds(copy));
        byte[] once = File.ReadAllBytes(copy);
        Assert.Empty(ElfVersionNeeds.WeakenKnownNeeds(copy));
        Assert.Equal(once, File.ReadAllBytes(copy));
        Assert.Equal(new[] { copy }, Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Non_elf_and_truncated_files_are_rejected_with_the_file_name()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir["notes.txt"], "not a library");
        var e1 = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Read(dir["notes.txt"]));
        Assert.Contains("notes.txt: not an ELF file", e1.Message);

        File.WriteAllBytes(dir["cut.so"], File.ReadAllBytes(PackagedLibrary)[..4096]);
        var e2 = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Read(dir["cut.so"]));
        Assert.Contains("cut.so: truncated ELF file", e2.Message);
    }
}
