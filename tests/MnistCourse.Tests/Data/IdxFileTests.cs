using System.Buffers.Binary;
using MnistCourse.Data;
using MnistCourse.Tests.Support;

namespace MnistCourse.Tests.Data;

public class IdxFileTests
{
    static string FashionDir => Prerequisites.FashionMnist.Path;

    static readonly byte[] Pixels = Enumerable.Range(0, 2 * 3 * 4).Select(i => (byte)(i * 10)).ToArray();
    static readonly int[] Dims = { 2, 3, 4 };

    /// <summary>Writes <paramref name="bytes"/> and asserts that reading them fails with a one-line message naming the file.</summary>
    static DataException ReadFails(TempDirectory dir, byte[] bytes, int rank = 3, string name = "broken-idx3-ubyte")
    {
        string path = dir[name];
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<DataException>(() => IdxFile.Read(path, rank));
        Assert.StartsWith(path + ":", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }

    [Theory]
    [InlineData(true, "images.gz")]
    [InlineData(false, "images")]
    [InlineData(true, "gzip-without-extension")] // gzip is recognised by its content, not its name
    [InlineData(false, "raw-despite-extension.gz")]
    public void Reads_raw_and_gzip_files(bool gzip, string name)
    {
        using var dir = new TempDirectory();
        Idx.Write(dir[name], Dims, Pixels, gzip);
        Assert.Equal(gzip, File.ReadAllBytes(dir[name])[0] == 0x1f);

        var array = IdxFile.Read(dir[name], expectedDimensions: 3);

        Assert.Equal(Dims, array.Dimensions);
        Assert.Equal(Pixels, array.Data);
        Assert.Equal(2, array.Count);
        Assert.Equal(12, array.ItemSize);
    }

    [Fact]
    public void Rejects_a_bad_magic_number()
    {
        using var dir = new TempDirectory();
        var bytes = Idx.Encode(Dims, Pixels);
        bytes[0] = 0x12;
        Assert.Contains("magic", ReadFails(dir, bytes).Message);
        Assert.Contains("magic", ReadFails(dir, new byte[] { 0, 0 }, name: "two-bytes").Message);
    }

    [Fact]
    public void Rejects_an_element_type_other_than_unsigned_byte()
    {
        using var dir = new TempDirectory();
        var bytes = Idx.Encode(Dims, Pixels);
        bytes[2] = 0x0D; // float
        Assert.Contains("0x0d", ReadFails(dir, bytes).Message);
    }

    [Fact]
    public void Rejects_the_wrong_rank()
    {
        using var dir = new TempDirectory();
        var labels = Idx.Encode(new[] { 24 }, Pixels);
        Assert.Contains("1 dimensions, expected 3", ReadFails(dir, labels, rank: 3).Message);
        var images = Idx.Encode(Dims, Pixels);
        Assert.Contains("3 dimensions, expected 1", ReadFails(dir, images, rank: 1, name: "labels").Message);
    }

    [Fact]
    public void Rejects_a_zero_dimension()
    {
        using var dir = new TempDirectory();
        var bytes = Idx.Encode(new[] { 2, 0, 4 }, Array.Empty<byte>());
        Assert.Contains("dimension 1 is 0", ReadFails(dir, bytes).Message);
    }

    [Fact]
    public void Rejects_data_shorter_than_the_header_promises()
    {
        using var dir = new TempDirectory();
        var bytes = Idx.Encode(Dims, Pixels)[..^5];
        var error = ReadFails(dir, bytes);
        Assert.Contains("promises 24 bytes", error.Message);
        Assert.Contains("has 19", error.Message);

        // Also when the truncated file is gzip-compressed (a complete gzip of incomplete data).
        Assert.Contains("truncated", ReadFails(dir, Idx.Gzip(bytes), name: "short.gz").Message);
    }

    [Fact]
    public void Rejects_a_header_cut_short()
    {
        using var dir = new TempDirectory();
        var bytes = Idx.Encode(Dims, Pixels)[..10];
        Assert.Contains("header", ReadFails(dir, bytes).Message);
    }

    [Fact]
    public void Rejects_dimensions_whose_product_overflows()
    {
        using var dir = new TempDirectory();
        // Four dimensions of 2^31-1 multiply to more than a long holds; the file has one data byte.
        var bytes = new byte[4 + 16 + 1];
        bytes[2] = 0x08;
        bytes[3] = 4;
        for (int i = 0; i < 4; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), int.MaxValue);
        Assert.Contains("truncated", ReadFails(dir, bytes, rank: 4).Message);
    }

    [Fact]
    public void Rejects_trailing_bytes()
    {
        using var dir = new TempDirectory();
        var bytes = Idx.Encode(Dims, Pixels).Concat(new byte[] { 1, 2, 3 }).ToArray();
        Assert.Contains("3 unexpected bytes", ReadFails(dir, bytes).Message);
    }

    [Fact]
    public void Rejects_corrupt_gzip()
    {
        using var dir = new TempDirectory();
        var gz = Idx.Gzip(Idx.Encode(Dims, Pixels));
        var corrupt = (byte[])gz.Clone();
        for (int i = 10; i < corrupt.Length - 8; i++) corrupt[i] ^= 0x5A; // scramble the deflate stream
        Assert.Contains("gzip", ReadFails(dir, corrupt, name: "corrupt.gz").Message);
    }

    [Fact]
    public void Rejects_a_gzip_file_cut_short()
    {
        using var dir = new TempDirectory();
        // Big enough that the deflate stream spans many blocks; cut it in the middle.
        var random = new Random(5);
        var pixels = new byte[50 * 28 * 28];
        random.NextBytes(pixels);
        var gz = Idx.Gzip(Idx.Encode(new[] { 50, 28, 28 }, pixels));
        var error = ReadFails(dir, gz[..(gz.Length / 2)], name: "cut.gz");
        Assert.Contains("gzip", error.Message);

        // Cut inside the 8-byte trailer (CRC and length): the data is complete but the file is not.
        var trailer = ReadFails(dir, gz[..^4], name: "no-trailer.gz");
        Assert.Contains("gzip", trailer.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Reads_in_pieces_the_same_bytes_in_order_after_the_dimensions(bool gzip)
    {
        using var dir = new TempDirectory();
        int[] dims = { 150, 28, 28 }; // 117,600 bytes: more than one piece
        var pixels = Enumerable.Range(0, 150 * 784).Select(i => (byte)(i * 7 % 251)).ToArray();
        Idx.Write(dir["images"], dims, pixels, gzip);

        int[]? started = null;
        var pieces = new List<(long Offset, byte[] Bytes)>();
        var result = IdxFile.ReadChunks(dir["images"], 3,
            d => { Assert.Empty(pieces); started = d; },
            (chunk, offset) => { Assert.NotNull(started); pieces.Add((offset, chunk.ToArray())); });

        Assert.Equal(dims, started);
        Assert.Equal(dims, result);
        Assert.True(pieces.Count > 1, $"{pieces.Count} piece(s)");
        Assert.Equal(pieces.Select(p => p.Offset), pieces.Select((p, i) => pieces.Take(i).Sum(q => (long)q.Bytes.Length)));
        Assert.Equal(pixels, pieces.SelectMany(p => p.Bytes).ToArray());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Reading_in_pieces_rejects_a_truncated_file_as_Read_does(bool gzip)
    {
        using var dir = new TempDirectory();
        var bytes = Idx.Encode(new[] { 150, 28, 28 }, new byte[150 * 784]);
        var cut = bytes.AsSpan(0, bytes.Length - 1000).ToArray();
        File.WriteAllBytes(dir["cut"], gzip ? Idx.Gzip(cut) : cut);

        var whole = Assert.Throws<DataException>(() => IdxFile.Read(dir["cut"], 3));
        var pieces = Assert.Throws<DataException>(() => IdxFile.ReadChunks(dir["cut"], 3, _ => { }, (_, _) => { }));

        Assert.Equal(whole.Message, pieces.Message);
        Assert.Contains("truncated", pieces.Message);
    }

    [Fact]
    public void Rejects_a_missing_file()
    {
        using var dir = new TempDirectory();
        var error = Assert.Throws<DataException>(() => IdxFile.Read(dir["nope.gz"], 1));
        Assert.StartsWith(dir["nope.gz"] + ":", error.Message);
    }

    [SkippableFact]
    public void Reads_the_real_fashion_mnist_test_files()
    {
        Prerequisites.Require(Prerequisites.FashionMnist);
        var images = IdxFile.Read(Path.Combine(FashionDir, "t10k-images-idx3-ubyte.gz"), 3);
        var labels = IdxFile.Read(Path.Combine(FashionDir, "t10k-labels-idx1-ubyte.gz"), 1);

        Assert.Equal(new[] { 10000, 28, 28 }, images.Dimensions);
        Assert.Equal(10000 * 784, images.Data.Length);
        Assert.Equal(new[] { 10000 }, labels.Dimensions);
        // Fashion-MNIST's test split is balanced: 1000 of each of the 10 classes.
        Assert.All(labels.Data.GroupBy(l => l), g => Assert.Equal(1000, g.Count()));
        Assert.Equal(10, labels.Data.Distinct().Count());
        Assert.Contains(images.Data, p => p == 255);
    }
}
