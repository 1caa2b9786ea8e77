using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TorchSharp;
using static TorchSharp.torch;

namespace MnistCourse.Data;

/// <summary>
/// A split's images kept as the files hold them, one byte per pixel [N, D], with the normalisation that turns them
/// into the model's inputs: (pixel / 255 - mean) / std, as ToTensor + Normalize. A quarter of the memory of the
/// float tensor (47 MB instead of 188 MB for MNIST's training split). Batches are normalised as they are taken, to
/// the same floats, bit for bit: a byte has 256 values, and <see cref="table"/> holds each one's float, computed by
/// the same libtorch operations that normalise a whole tensor. Where the CPU has 256-bit vectors, batches are
/// computed with the same arithmetic eight pixels at a time instead (three times faster than looking each pixel up),
/// but only after that arithmetic has given the table's float for all 256 bytes: a byte has no other values, so
/// the two agree on every image.
/// </summary>
internal sealed class PixelImages : IDisposable
{
    readonly float[] table;
    readonly Vector256<float> mean, std;
    // The shape, read once: a batch needs it and each read is a native call.
    readonly long count;
    readonly int width;

    public PixelImages(Tensor bytes, float mean, float std)
    {
        if (bytes.device.type != DeviceType.CPU) throw new ArgumentException("pixels are held on the CPU", nameof(bytes));
        Bytes = bytes;
        Mean = mean;
        Std = std;
        count = bytes.shape[0];
        width = (int)bytes.shape[1];
        using var all = arange(256, dtype: ScalarType.Byte);
        using var values = Normalize(all, mean, std);
        table = values.data<float>().ToArray();
        this.mean = Vector256.Create(mean);
        this.std = Vector256.Create(std);
        Vectorised = Vector256.IsHardwareAccelerated && ArithmeticGivesTheTable();
    }

    /// <summary>Whether batches are normalised eight pixels at a time (else each pixel is looked up in the table).</summary>
    internal bool Vectorised { get; }

    /// <summary>The vector arithmetic on every byte value, compared with libtorch's floats bit for bit.</summary>
    bool ArithmeticGivesTheTable()
    {
        var bytes = new byte[256];
        for (int i = 0; i < 256; i++) bytes[i] = (byte)i;
        var floats = new float[256];
        Normalise(bytes, floats);
        for (int i = 0; i < 256; i++)
            if (BitConverter.SingleToInt32Bits(floats[i]) != BitConverter.SingleToInt32Bits(table[i])) return false;
        return true;
    }

    /// <summary>[N, D] uint8, on the CPU.</summary>
    public Tensor Bytes { get; }
    public float Mean { get; }
    public float Std { get; }

    /// <summary>The whole split as normalised floats [N, D] (the float tensor a split used to hold).</summary>
    public Tensor ToFloat() => Normalize(Bytes, Mean, Std);

    static Tensor Normalize(Tensor bytes, float mean, float std) =>
        bytes.to_type(ScalarType.Float32).div_(255f).sub_(mean).div_(std);

    /// <summary>Normalised rows start..start+length, in file order: one pass over the bytes, no temporaries.</summary>
    public Tensor Rows(long start, long length)
    {
        var result = empty(length, width, dtype: ScalarType.Float32);
        ReadOnlySpan<byte> pixels = Bytes.bytes;
        Convert(pixels.Slice(checked((int)(start * width)), checked((int)(length * width))), MemoryMarshal.Cast<byte, float>(result.bytes));
        return result;
    }

    /// <summary>Normalised rows at <paramref name="rows"/> (indices, as index_select takes them), one row at a time.</summary>
    public Tensor At(Tensor rows)
    {
        // Read as int64 in order, whatever the caller's index tensor is (index_select takes int32 too).
        using var indices = rows.dtype == ScalarType.Int64 && rows.is_contiguous() ? rows.alias() : rows.to_type(ScalarType.Int64).contiguous();
        var picked = MemoryMarshal.Cast<byte, long>(indices.bytes);
        var result = empty(picked.Length, width, dtype: ScalarType.Float32);
        var target = MemoryMarshal.Cast<byte, float>(result.bytes);
        ReadOnlySpan<byte> pixels = Bytes.bytes;
        for (int k = 0; k < picked.Length; k++)
        {
            long row = picked[k];
            if ((ulong)row >= (ulong)count) throw new ArgumentOutOfRangeException(nameof(rows), $"row {row} is outside the split's 0-{count - 1}");
            if (k + PrefetchAhead < picked.Length && (ulong)picked[k + PrefetchAhead] < (ulong)count)
                Prefetch(pixels.Slice((int)(picked[k + PrefetchAhead] * width), width));
            Convert(pixels.Slice((int)(row * width), width), target.Slice(k * width, width));
        }
        return result;
    }

    // A shuffled batch's rows lie anywhere in the split: fetched only when read, waiting for them was a third of a
    // batch's pixel time. The CPU is asked for each row a few rows before it is read.
    const int PrefetchAhead = 4;

    static unsafe void Prefetch(ReadOnlySpan<byte> row)
    {
        if (!Sse.IsSupported) return;
        fixed (byte* start = row)
            for (int offset = 0; offset < row.Length; offset += 64) Sse.Prefetch0(start + offset);
    }

    /// <summary>The normalised floats of <paramref name="source"/>: vector arithmetic where it was proven equal, else the table.</summary>
    void Convert(ReadOnlySpan<byte> source, Span<float> target)
    {
        if (Vectorised) Normalise(source, target);
        else Lookup(source, target);
    }

    /// <summary>
    /// (pixel / 255 - mean) / std, libtorch's operations in its order (a conversion, a division, a subtraction, a
    /// division, each rounded as IEEE floats are), 32 pixels per step; the last few are looked up in the table.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void Normalise(ReadOnlySpan<byte> source, Span<float> target)
    {
        if (target.Length < source.Length) throw new ArgumentException("target is shorter than source", nameof(target));
        ref byte from = ref MemoryMarshal.GetReference(source);
        ref float to = ref MemoryMarshal.GetReference(target);
        var scale = Vector256.Create(255f);
        int i = 0;
        for (; i + 32 <= source.Length; i += 32)
        {
            var (low, high) = Vector256.Widen(Vector256.LoadUnsafe(ref from, (nuint)i));
            var (a, b) = Vector256.Widen(low);
            var (c, d) = Vector256.Widen(high);
            // Values below 256 read the same as signed ints, whose conversion every CPU does in one instruction.
            ((Vector256.ConvertToSingle(a.AsInt32()) / scale - mean) / std).StoreUnsafe(ref to, (nuint)i);
            ((Vector256.ConvertToSingle(b.AsInt32()) / scale - mean) / std).StoreUnsafe(ref to, (nuint)(i + 8));
            ((Vector256.ConvertToSingle(c.AsInt32()) / scale - mean) / std).StoreUnsafe(ref to, (nuint)(i + 16));
            ((Vector256.ConvertToSingle(d.AsInt32()) / scale - mean) / std).StoreUnsafe(ref to, (nuint)(i + 24));
        }
        if (i < source.Length) Lookup(source[i..], target[i..]);
    }

    /// <summary>target[i] = table[source[i]], without bounds checks: a byte always indexes the 256-entry table.</summary>
    // Optimised from the first call: the tiered JIT's first version of this loop took the first epoch from 0.7 to 0.8 s.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void Lookup(ReadOnlySpan<byte> source, Span<float> target)
    {
        if (target.Length < source.Length) throw new ArgumentException("target is shorter than source", nameof(target));
        ref float values = ref MemoryMarshal.GetArrayDataReference(table);
        ref byte from = ref MemoryMarshal.GetReference(source);
        ref float to = ref MemoryMarshal.GetReference(target);
        for (int i = 0; i < source.Length; i++)
            Unsafe.Add(ref to, i) = Unsafe.Add(ref values, Unsafe.Add(ref from, i));
    }

    /// <summary>The first <paramref name="count"/> images (a view: no copy).</summary>
    public PixelImages Take(long count) => new(Bytes.narrow(0, 0, count), Mean, Std);

    /// <summary>Keeps the bytes past the dispose scope they were made in (the split owns them).</summary>
    public PixelImages MoveToOuterDisposeScope()
    {
        Bytes.MoveToOuterDisposeScope();
        return this;
    }

    public void Dispose() => Bytes.Dispose();
}
