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
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
            if (bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b) bytes = Gunzip(bytes);
        }
        catch (InvalidDataException e)
        {
            throw new DataException($"{path}: corrupt gzip data ({e.Message.TrimEnd('.')}); delete the file and fetch it again");
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
            size *= d;
        }
        long actual = bytes.Length - header;
        if (actual < size)
            throw new DataException($"{name}: truncated: header promises {size} bytes of data, file has {actual}; delete it and fetch it again");
        if (actual > size)
            throw new DataException($"{name}: {actual - size} unexpected bytes after the data; the file is corrupt");

        return new IdxArray(dims, bytes[header..]);
    }

    static byte[] Gunzip(byte[] gz)
    {
        using var input = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress);
        using var output = new MemoryStream(gz.Length * 4);
        input.CopyTo(output);
        return output.ToArray();
    }
}
