using System.Numerics;

namespace MnistCourse.Reporting;

/// <summary>
/// CRC-32C (Castagnoli), the checksum TFRecord files use. BitOperations.Crc32C is the hardware instruction
/// (SSE4.2 / ARMv8) with a software fallback, so no lookup table is needed. Not TorchSharp.Utils.CRC32C: that one
/// P/Invokes libLibTorchSharp by name, and the event reader runs before the natives are loaded (TensorBoardEventWriter).
/// </summary>
internal static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BitConverter.ToUInt64(data));
            data = data[8..];
        }
        foreach (byte b in data) crc = BitOperations.Crc32C(crc, b);
        return ~crc;
    }

    /// <summary>TFRecord stores CRCs masked (rotated right 15 bits plus a constant), so a CRC of data that itself holds CRCs stays well-behaved.</summary>
    public static uint Masked(ReadOnlySpan<byte> data)
    {
        uint crc = Compute(data);
        return ((crc >> 15) | (crc << 17)) + 0xA282EAD8;
    }
}
