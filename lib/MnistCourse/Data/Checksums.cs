using System.IO.Compression;
using System.Security.Cryptography;

namespace MnistCourse.Data;

/// <summary>MD5 checks of data files, accepting either the published .gz or its decompressed content.</summary>
internal static class Checksums
{
    public static string Md5(Stream stream) => Convert.ToHexStringLower(MD5.HashData(stream));

    public static string Md5OfFile(string path)
    {
        RegularFile.Check(path);
        using var stream = File.OpenRead(path);
        return Md5(stream);
    }

    /// <summary>
    /// True when <paramref name="path"/> holds the published bytes of <paramref name="file"/>: the .gz as
    /// published, or (where its MD5 is known) the same content compressed differently or not at all.
    /// </summary>
    public static bool Matches(string path, DataFile file)
    {
        RegularFile.Check(path);
        if (string.Equals(Md5OfFile(path), file.GzipMd5, StringComparison.OrdinalIgnoreCase)) return true;
        if (file.RawMd5 is null) return false;
        using var stream = File.OpenRead(path);
        bool gzip = stream.ReadByte() == 0x1f && stream.ReadByte() == 0x8b;
        stream.Position = 0;
        try
        {
            using Stream content = gzip ? new GZipStream(stream, CompressionMode.Decompress) : stream;
            return string.Equals(Md5(content), file.RawMd5, StringComparison.OrdinalIgnoreCase);
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }
}
