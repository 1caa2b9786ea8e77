using System.IO.Compression;
using MnistCourse.Data;
using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Data;

public class ChecksumsTests
{
    static readonly byte[] Raw = Idx.Encode(new[] { 5 }, new byte[] { 1, 2, 3, 4, 5 });

    static string Md5(byte[] bytes) => Checksums.Md5(new MemoryStream(bytes));

    [Fact]
    public void Matches_the_published_gz_the_same_content_recompressed_and_the_plain_file()
    {
        using var dir = new TempDirectory();
        var published = Idx.Gzip(Raw);
        var file = new DataFile("x.gz", Md5(published), Md5(Raw));

        File.WriteAllBytes(dir["published.gz"], published);
        using (var output = File.Create(dir["recompressed.gz"]))
        using (var gz = new GZipStream(output, CompressionLevel.SmallestSize)) gz.Write(Raw);
        File.WriteAllBytes(dir["plain"], Raw);

        Assert.True(Checksums.Matches(dir["published.gz"], file));
        Assert.NotEqual(file.GzipMd5, Checksums.Md5OfFile(dir["recompressed.gz"]));
        Assert.True(Checksums.Matches(dir["recompressed.gz"], file));
        Assert.True(Checksums.Matches(dir["plain"], file));
        // Without a known content MD5 only the published bytes match.
        Assert.False(Checksums.Matches(dir["plain"], file with { RawMd5 = null }));
        Assert.True(Checksums.Matches(dir["published.gz"], file with { RawMd5 = null }));
    }

    [Fact]
    public void Other_content_and_corrupt_gzip_do_not_match()
    {
        using var dir = new TempDirectory();
        var file = new DataFile("x.gz", Md5(Idx.Gzip(Raw)), Md5(Raw));
        var other = (byte[])Raw.Clone();
        other[^1] = 9;
        File.WriteAllBytes(dir["other.gz"], Idx.Gzip(other));
        var corrupt = Idx.Gzip(Raw);
        for (int i = 10; i < corrupt.Length - 8; i++) corrupt[i] ^= 0x5A;
        File.WriteAllBytes(dir["corrupt.gz"], corrupt);

        Assert.False(Checksums.Matches(dir["other.gz"], file));
        Assert.False(Checksums.Matches(dir["corrupt.gz"], file));
        Assert.Equal("d41d8cd98f00b204e9800998ecf8427e", Md5(Array.Empty<byte>()));
    }
}
