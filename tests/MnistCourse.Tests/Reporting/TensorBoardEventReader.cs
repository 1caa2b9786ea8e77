using System.Buffers.Binary;
using System.Text;

namespace MnistCourse.Tests.Reporting;

/// <summary>One Event record of an event file: what TensorBoard would see.</summary>
public sealed record TensorBoardEvent(string File, int Index, double WallTime, long Step, string? FileVersion,
    IReadOnlyList<(string Tag, float Value)> Scalars);

/// <summary>
/// Reads TensorBoard event files the way TensorBoard does, strictly: TFRecord framing (uint64 length, masked
/// CRC32C of the length, data, masked CRC32C of the data) and the few Event/Summary protobuf fields scalars use.
/// Written independently of the library's writer (its own bit-by-bit CRC32C), so a shared mistake cannot hide.
/// Any bad length, CRC, or protobuf throws InvalidDataException naming the file, record and byte offset.
/// </summary>
public static class TensorBoardEventReader
{
    /// <summary>Every event file in <paramref name="directory"/>, in name order (TensorBoard's order).</summary>
    public static IReadOnlyList<string> EventFiles(string directory) =>
        Directory.GetFiles(directory).Where(f => Path.GetFileName(f).Contains("tfevents", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>All (tag, step, value) triples from every event file in the folder.</summary>
    public static List<(string Tag, long Step, float Value)> ReadScalars(string directory) =>
        EventFiles(directory).SelectMany(ReadFile)
            .SelectMany(e => e.Scalars.Select(s => (s.Tag, e.Step, s.Value))).ToList();

    public static List<TensorBoardEvent> ReadFile(string path) =>
        Records(path).Select(r => DecodeEvent(r.Data, path, r.Index, r.Where)).ToList();

    /// <summary>The payload of every record, after checking its framing and both CRCs.</summary>
    public static List<byte[]> RecordData(string path) => Records(path).Select(r => r.Data).ToList();

    static List<(int Index, string Where, byte[] Data)> Records(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        var records = new List<(int, string, byte[])>();
        int offset = 0;
        while (offset < bytes.Length)
        {
            string where = $"{path}: record {records.Count} at byte {offset}";
            if (bytes.Length - offset < 12) throw new InvalidDataException($"{where}: truncated header");
            var header = bytes.AsSpan(offset, 8);
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(header);
            uint lengthCrc = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 8, 4));
            if (lengthCrc != MaskedCrc32C(header))
                throw new InvalidDataException($"{where}: length CRC mismatch (stored 0x{lengthCrc:X8}, computed 0x{MaskedCrc32C(header):X8})");
            if (length > (ulong)Math.Max(0, bytes.Length - offset - 16)) throw new InvalidDataException($"{where}: truncated data ({length} bytes announced)");
            var data = bytes.AsSpan(offset + 12, (int)length);
            uint dataCrc = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 12 + (int)length, 4));
            if (dataCrc != MaskedCrc32C(data))
                throw new InvalidDataException($"{where}: data CRC mismatch (stored 0x{dataCrc:X8}, computed 0x{MaskedCrc32C(data):X8})");
            records.Add((records.Count, where, data.ToArray()));
            offset += 16 + (int)length;
        }
        return records;
    }

    /// <summary>CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), one bit at a time: slow but obviously right.</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int i = 0; i < 8; i++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78 : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>TFRecord's mask: rotate right by 15 bits and add a constant.</summary>
    public static uint MaskedCrc32C(ReadOnlySpan<byte> data)
    {
        uint crc = Crc32C(data);
        return ((crc >> 15) | (crc << 17)) + 0xA282EAD8;
    }

    // event.proto: Event { double wall_time = 1; int64 step = 2; oneof { string file_version = 3; ... Summary summary = 5; ... } }
    static TensorBoardEvent DecodeEvent(byte[] data, string file, int index, string where)
    {
        double wallTime = 0;
        long step = 0;
        string? fileVersion = null;
        var scalars = new List<(string, float)>();
        var r = new WireReader(data, where);
        while (!r.End)
        {
            var (field, wire) = r.Key();
            switch (field, wire)
            {
                case (1, WireType.Fixed64): wallTime = BitConverter.Int64BitsToDouble((long)r.Fixed64()); break;
                case (2, WireType.Varint): step = (long)r.Varint(); break;
                case (3, WireType.Bytes): fileVersion = Encoding.UTF8.GetString(r.Bytes()); break;
                case (5, WireType.Bytes): DecodeSummary(r.Bytes(), scalars, where); break;
                case (1 or 2 or 3 or 5, _): throw new InvalidDataException($"{where}: Event field {field} has wire type {wire}");
                default: r.Skip(wire); break;
            }
        }
        return new TensorBoardEvent(file, index, wallTime, step, fileVersion, scalars);
    }

    // summary.proto: Summary { repeated Value value = 1; }  Value { string tag = 1; oneof { float simple_value = 2; ... } }
    static void DecodeSummary(byte[] data, List<(string, float)> scalars, string where)
    {
        var r = new WireReader(data, where);
        while (!r.End)
        {
            var (field, wire) = r.Key();
            if (field != 1) { r.Skip(wire); continue; }
            if (wire != WireType.Bytes) throw new InvalidDataException($"{where}: Summary.value has wire type {wire}");
            var v = new WireReader(r.Bytes(), where);
            string? tag = null;
            float? value = null;
            while (!v.End)
            {
                var (f, w) = v.Key();
                switch (f, w)
                {
                    case (1, WireType.Bytes): tag = Encoding.UTF8.GetString(v.Bytes()); break;
                    case (2, WireType.Fixed32): value = BitConverter.Int32BitsToSingle((int)v.Fixed32()); break;
                    case (1 or 2, _): throw new InvalidDataException($"{where}: Summary.Value field {f} has wire type {w}");
                    default: v.Skip(w); break;
                }
            }
            if (tag is null || value is null) throw new InvalidDataException($"{where}: a Summary.Value without tag or simple_value");
            scalars.Add((tag, value.Value));
        }
    }

    enum WireType { Varint = 0, Fixed64 = 1, Bytes = 2, Fixed32 = 5 }

    /// <summary>The protobuf wire format, just enough of it: keys, varints, fixed 32/64-bit, length-delimited.</summary>
    sealed class WireReader(byte[] data, string where)
    {
        int position;
        public bool End => position >= data.Length;

        public (int Field, WireType Wire) Key()
        {
            ulong key = Varint();
            var wire = (WireType)(key & 7);
            if (wire is not (WireType.Varint or WireType.Fixed64 or WireType.Bytes or WireType.Fixed32))
                throw new InvalidDataException($"{where}: unsupported protobuf wire type {(int)wire}");
            return ((int)(key >> 3), wire);
        }

        public ulong Varint()
        {
            ulong value = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                byte b = Take(1)[0];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return value;
            }
            throw new InvalidDataException($"{where}: varint longer than 10 bytes");
        }

        public ulong Fixed64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
        public uint Fixed32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

        public byte[] Bytes()
        {
            ulong length = Varint();
            if (length > (ulong)(data.Length - position)) throw new InvalidDataException($"{where}: protobuf field runs past its message");
            return Take((int)length).ToArray();
        }

        public void Skip(WireType wire)
        {
            switch (wire)
            {
                case WireType.Varint: Varint(); break;
                case WireType.Fixed64: Take(8); break;
                case WireType.Bytes: Bytes(); break;
                case WireType.Fixed32: Take(4); break;
            }
        }

        ReadOnlySpan<byte> Take(int count)
        {
            if (count > data.Length - position) throw new InvalidDataException($"{where}: protobuf message ends mid-field");
            var span = data.AsSpan(position, count);
            position += count;
            return span;
        }
    }
}
