using System.Buffers.Binary;
using System.IO.Compression;

namespace MnistCourse.Tests.Support;

/// <summary>Writes IDX files (raw or gzip) for tests.</summary>
public static class Idx
{
    public static byte[] Encode(int[] dims, byte[] data)
    {
        var bytes = new byte[4 + 4 * dims.Length + data.Length];
        bytes[2] = 0x08;
        bytes[3] = (byte)dims.Length;
        for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dims[i]);
        data.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest)) gz.Write(bytes);
        return output.ToArray();
    }

    public static void Write(string path, int[] dims, byte[] data, bool gzip = true)
    {
        var bytes = Encode(dims, data);
        File.WriteAllBytes(path, gzip ? Gzip(bytes) : bytes);
    }
}
