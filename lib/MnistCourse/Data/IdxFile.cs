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

    /// <summary>Receives one piece of an IDX file's data and where in the data it starts.</summary>
    public delegate void ChunkSink(ReadOnlySpan<byte> chunk, long offset);

    /// <summary>
    /// Reads an IDX file of unsigned bytes. Gzip is detected from the content, not the name. The file is
    /// streamed into one array of exactly the data's size, so loading the 47 MB training images needs 47 MB.
    /// </summary>
    public static IdxArray Read(string path, int expectedDimensions)
    {
        byte[] data = Array.Empty<byte>();
        int[] dims = Read(path, expectedDimensions, (_, size) => data = new byte[size], (offset, remaining) => data.AsSpan((int)offset, remaining), null);
        return new IdxArray(dims, data);
    }

    /// <summary>
    /// Reads an IDX file of unsigned bytes a piece at a time, with the same checks as <see cref="Read(string, int)"/>,
    /// so that its data need never be in memory whole: <paramref name="start"/> receives the checked dimensions
    /// before any data, then <paramref name="consume"/> each piece in order. Returns the dimensions.
    /// </summary>
    public static int[] ReadChunks(string path, int expectedDimensions, Action<int[]> start, ChunkSink consume)
    {
        Arguments.NotNull(start);
        Arguments.NotNull(consume);
        var buffer = Array.Empty<byte>();
        return Read(path, expectedDimensions, (dims, size) =>
        {
            start(dims);
            buffer = new byte[(int)Math.Min(size, ChunkBytes)];
        }, (_, remaining) => buffer.AsSpan(0, Math.Min(remaining, buffer.Length)), consume);
    }

    // Big enough that the per-piece work is negligible, small enough to stay out of the large object heap's way.
    const int ChunkBytes = 64 * 1024;

    static int[] Read(string path, int expectedDimensions, Action<int[], long> begin, Func<long, int, Span<byte>> target, ChunkSink? consume)
    {
        if (!File.Exists(path)) throw new DataException($"{path}: file not found");
        RegularFile.Check(path);
        try
        {
            return ReadFile(path, expectedDimensions, new Destination(begin, target, consume));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw DataException.CannotRead(path, e);
        }
    }

    /// <summary>Where the data goes: Begin learns the dimensions and size, Target(offset, bytes left) gives the span to
    /// read the next piece into, and Consume, when not null, receives each piece once read.</summary>
    sealed record Destination(Action<int[], long> Begin, Func<long, int, Span<byte>> Target, ChunkSink? Consume);

    static int[] ReadFile(string path, int expectedDimensions, Destination destination)
    {
        using var file = File.OpenRead(path);
        bool gzip = file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
        file.Position = 0;
        if (!gzip) return Read(file, path, expectedDimensions, file.Length, destination);

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
            var dims = Read(content, path, expectedDimensions, length: null, destination);
            long total = 4 + 4L * dims.Length + dims.Aggregate(1L, (a, d) => a * d);
            if (BinaryPrimitives.ReadUInt32LittleEndian(trailer) != unchecked((uint)total))
                throw new InvalidDataException("the gzip trailer does not match the decompressed size");
            return dims;
        }
        catch (InvalidDataException e)
        {
            // .NET's own message here is misleading (a bad CRC reads "unsupported compression method"), so say what it means.
            throw new DataException($"{path}: corrupt or truncated gzip data; delete the file and fetch it again", e);
        }
    }

    /// <summary>Parses IDX bytes; <paramref name="name"/> is used in error messages.</summary>
    public static IdxArray Parse(byte[] bytes, string name, int expectedDimensions)
    {
        byte[] data = Array.Empty<byte>();
        int[] dims = Read(new MemoryStream(bytes, writable: false), name, expectedDimensions, bytes.Length,
            new Destination((_, size) => data = new byte[size], (offset, remaining) => data.AsSpan((int)offset, remaining), null));
        return new IdxArray(dims, data);
    }

    /// <summary>Reads header and data from a stream; <paramref name="length"/> is the stream's size when known.</summary>
    static int[] Read(Stream stream, string name, int expectedDimensions, long? length, Destination destination)
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

        destination.Begin(dims, size);
        long read = 0;
        while (read < size)
        {
            var span = destination.Target(read, (int)Math.Min(size - read, int.MaxValue));
            int got = stream.ReadAtLeast(span, span.Length, throwOnEndOfStream: false);
            if (got < span.Length) { read += got; break; }
            destination.Consume?.Invoke(span, read);
            read += got;
        }
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
        return dims;
    }
}
