using System.IO.Compression;
using System.Security.Cryptography;
using MnistCourse.Data;
using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Data;

public class ChecksumsTests
{
    static readonly byte[] Raw = Idx.Encode(new[] { 5 }, new byte[] { 1, 2, 3, 4, 5 });

    // Expected MD5s are computed here, not by the code under test, so a broken Checksums cannot agree with itself.
    static string Md5(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));

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
    }

    [Fact]
    public void A_catalogue_md5_written_in_capitals_still_matches()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir["x.gz"], Idx.Gzip(Raw));
        File.WriteAllBytes(dir["plain"], Raw);
        var file = new DataFile("x.gz", Md5(Idx.Gzip(Raw)).ToUpperInvariant(), Md5(Raw).ToUpperInvariant());

        Assert.True(Checksums.Matches(dir["x.gz"], file));
        Assert.True(Checksums.Matches(dir["plain"], file));
    }

    [Fact]
    public void The_md5_of_a_file_is_written_as_published_lowercase_hex()
    {
        // RFC 1321's test suite: MD5("message digest"). Published checksums (and `md5sum`) print lowercase hex.
        using var dir = new TempDirectory();
        File.WriteAllText(dir["rfc1321"], "message digest");

        Assert.Equal("f96b697d7cb7938d525a2f31aaf161d0", Checksums.Md5OfFile(dir["rfc1321"]));
        Assert.Equal("f96b697d7cb7938d525a2f31aaf161d0", Checksums.Md5(new MemoryStream("message digest"u8.ToArray())));
    }
}
