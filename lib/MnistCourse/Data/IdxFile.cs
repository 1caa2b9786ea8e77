using System.Buffers.Binary;
using System.IO.Compression;

namespace MnistCourse.Data;

/// <summary>An IDX array of unsigned bytes (the MNIST file format): its dimensions and its data, row-major.</summary>
internal sealed record IdxArray(int[] Dimensions, byte[] Data)
{
    public int Count => Dimensions[0];
    /// <summary>Values per item: 28*28 for images, 1 for labels.</summary>
    public int ItemSize => Dimensions.Skip(1).Aggregate(1, (a, b) => a * b);
}

/// <summary>Reads IDX files (raw or gzip-compressed) and checks that they are what they claim to be.</summary>
internal static class IdxFile
{
    const int MaxDimensions = 4;

    /// <summary>
    /// Reads an IDX file of unsigned bytes. Gzip is detected from the content, not the name. The file is
    /// streamed into one array of exactly the data's size, so loading the 47 MB training images needs 47 MB.
    /// </summary>
    public static IdxArray Read(string path, int expectedDimensions)
    {
        if (!File.Exists(path)) throw new DataException($"{path}: file not found");
        RegularFile.Check(path);
        try
        {
            return ReadFile(path, expectedDimensions);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw DataException.CannotRead(path, e);
        }
    }

    static IdxArray ReadFile(string path, int expectedDimensions)
    {
        using var file = File.OpenRead(path);
        bool gzip = file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
        file.Position = 0;
        if (!gzip) return Read(file, path, expectedDimensions, file.Length);

        try
        {
            // GZipStream silently returns what it could when the file is cut short, so the trailer's size field
            // (the last 4 bytes: uncompressed length mod 2^32) must match what came out. That also rejects
            // multi-member gzip files, which no MNIST distribution uses.
            if (file.Length < 18) throw new InvalidDataException("shorter than a gzip header and trailer");
            var trailer = new byte[4];
            file.Position = file.Length - 4;
            file.ReadExactly(trailer);
            file.Position = 0;
            using var content = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true);
            var array = Read(content, path, expectedDimensions, length: null);
            long total = 4 + 4L * array.Dimensions.Length + array.Data.Length;
            if (BinaryPrimitives.ReadUInt32LittleEndian(trailer) != unchecked((uint)total))
                throw new InvalidDataException("the gzip trailer does not match the decompressed size");
            return array;
        }
        catch (InvalidDataException e)
        {
            // .NET's own message here is misleading (a bad CRC reads "unsupported compression method"), so say what it means.
            throw new DataException($"{path}: corrupt or truncated gzip data; delete the file and fetch it again", e);
        }
    }

    /// <summary>Parses IDX bytes; <paramref name="name"/> is used in error messages.</summary>
    public static IdxArray Parse(byte[] bytes, string name, int expectedDimensions) =>
        Read(new MemoryStream(bytes, writable: false), name, expectedDimensions, bytes.Length);

    /// <summary>Reads header and data from a stream; <paramref name="length"/> is the stream's size when known.</summary>
    static IdxArray Read(Stream stream, string name, int expectedDimensions, long? length)
    {
        var head = new byte[4];
        if (stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) < 4 || head[0] != 0 || head[1] != 0)
            throw new DataException($"{name}: not an IDX file (bad magic number); expected an MNIST-format file");
        if (head[2] != 0x08)
            throw new DataException($"{name}: IDX element type 0x{head[2]:x2} is not supported (expected 0x08, unsigned byte)");
        int rank = head[3];
        if (rank < 1 || rank > MaxDimensions || rank != expectedDimensions)
            throw new DataException($"{name}: IDX file has {rank} dimensions, expected {expectedDimensions}");
        int header = 4 + 4 * rank;
        var dimBytes = new byte[4 * rank];
        if (stream.ReadAtLeast(dimBytes, dimBytes.Length, throwOnEndOfStream: false) < dimBytes.Length)
            throw new DataException($"{name}: truncated IDX header");

        long limit = length ?? Array.MaxLength;
        var dims = new int[rank];
        long size = 1;
        for (int i = 0; i < rank; i++)
        {
            uint d = BinaryPrimitives.ReadUInt32BigEndian(dimBytes.AsSpan(4 * i));
            if (d == 0 || d > int.MaxValue) throw new DataException($"{name}: IDX dimension {i} is {d}");
            dims[i] = (int)d;
            // Stop multiplying once the size exceeds what can exist: four dimensions near 2^31 would overflow a long.
            if (size <= limit) size *= d;
        }
        if (size > limit)
            throw new DataException($"{name}: truncated: header dimensions {string.Join("x", dims)} promise more data than the file's " +
                (length is long l ? $"{l - header} bytes" : "content") + "; delete it and fetch it again");
        if (length is long known && known - header > size)
            throw new DataException($"{name}: {known - header - size} unexpected bytes after the data; the file is corrupt");

        var data = new byte[size];
        int read = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (read < size)
            throw new DataException(length is null
                ? $"{name}: truncated gzip data: header promises {size} bytes, only {read} decompress; delete it and fetch it again"
                : $"{name}: truncated: header promises {size} bytes of data, file has {read}; delete it and fetch it again");
        if (length is null)
        {
            long extra = 0;
            var sink = new byte[4096];
            for (int n; (n = stream.Read(sink)) > 0;) extra += n;
            if (extra > 0) throw new DataException($"{name}: {extra} unexpected bytes after the data; the file is corrupt");
        }
        return new IdxArray(dims, data);
    }
}
