using System.Buffers.Binary;
using System.IO.Compression;

namespace MnistCourse.Data;

/// <summary>An IDX array of unsigned bytes (the MNIST file format): its dimensions and its data, row-major.</summary>
public sealed record IdxArray(int[] Dimensions, byte[] Data)
{
    public int Count => Dimensions[0];
    /// <summary>Values per item: 28*28 for images, 1 for labels.</summary>
    public int ItemSize => Dimensions.Skip(1).Aggregate(1, (a, b) => a * b);
}

/// <summary>Reads IDX files (raw or gzip-compressed) and checks that they are what they claim to be.</summary>
public static class IdxFile
{
    const int MaxDimensions = 4;

    /// <summary>Reads an IDX file of unsigned bytes. Gzip is detected from the content, not the name.</summary>
    public static IdxArray Read(string path, int expectedDimensions)
    {
        if (!File.Exists(path)) throw new DataException($"{path}: file not found");
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
        {
            try
            {
                bytes = Gunzip(bytes);
            }
            catch (InvalidDataException e)
            {
                // .NET's own message here is misleading (a bad CRC reads "unsupported compression method"), so say what it means.
                throw new DataException($"{path}: corrupt or truncated gzip data; delete the file and fetch it again", e);
            }
        }
        return Parse(bytes, path, expectedDimensions);
    }

    /// <summary>Parses IDX bytes; <paramref name="name"/> is used in error messages.</summary>
    public static IdxArray Parse(byte[] bytes, string name, int expectedDimensions)
    {
        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0)
            throw new DataException($"{name}: not an IDX file (bad magic number); expected an MNIST-format file");
        if (bytes[2] != 0x08)
            throw new DataException($"{name}: IDX element type 0x{bytes[2]:x2} is not supported (expected 0x08, unsigned byte)");
        int rank = bytes[3];
        if (rank < 1 || rank > MaxDimensions || rank != expectedDimensions)
            throw new DataException($"{name}: IDX file has {rank} dimensions, expected {expectedDimensions}");
        int header = 4 + 4 * rank;
        if (bytes.Length < header) throw new DataException($"{name}: truncated IDX header");

        var dims = new int[rank];
        long size = 1;
        for (int i = 0; i < rank; i++)
        {
            uint d = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4 + 4 * i));
            if (d == 0 || d > int.MaxValue) throw new DataException($"{name}: IDX dimension {i} is {d}");
            dims[i] = (int)d;
            // Stop multiplying once the size exceeds the file: four dimensions near 2^31 would overflow a long.
            if (size <= bytes.Length) size *= d;
        }
        long actual = bytes.Length - header;
        if (actual < size)
            throw new DataException(size > bytes.Length
                ? $"{name}: truncated: header dimensions {string.Join("x", dims)} promise more data than the file's {actual} bytes; delete it and fetch it again"
                : $"{name}: truncated: header promises {size} bytes of data, file has {actual}; delete it and fetch it again");
        if (actual > size)
            throw new DataException($"{name}: {actual - size} unexpected bytes after the data; the file is corrupt");

        return new IdxArray(dims, bytes[header..]);
    }

    /// <summary>
    /// Decompresses a gzip file. GZipStream silently returns what it could when the file is cut short, so
    /// the trailer's size field (the last 4 bytes: uncompressed length mod 2^32) must match what came out.
    /// That also rejects multi-member gzip files, which no MNIST distribution uses.
    /// </summary>
    static byte[] Gunzip(byte[] gz)
    {
        if (gz.Length < 18) throw new InvalidDataException("shorter than a gzip header and trailer");
        using var input = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress);
        using var output = new MemoryStream(gz.Length * 4);
        input.CopyTo(output);
        uint trailerSize = BinaryPrimitives.ReadUInt32LittleEndian(gz.AsSpan(gz.Length - 4));
        if (trailerSize != unchecked((uint)output.Length))
            throw new InvalidDataException("the gzip trailer does not match the decompressed size");
        return output.ToArray();
    }
}
