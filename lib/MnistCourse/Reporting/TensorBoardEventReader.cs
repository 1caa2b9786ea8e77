using System.Buffers.Binary;

namespace MnistCourse.Reporting;

/// <summary>
/// Reads back which steps a TensorBoard log folder holds scalars for, so a resumed run can log exactly the
/// epochs a kill kept out of it. Only whole records whose CRCs match count: a record torn by a kill is ignored,
/// as TensorBoard itself ignores it.
/// </summary>
internal static class TensorBoardEventReader
{
    /// <summary>The steps of every summary event in the folder's event files (empty if there are none).</summary>
    public static SortedSet<long> ScalarSteps(string logDirectory)
    {
        var steps = new SortedSet<long>();
        if (!Directory.Exists(logDirectory)) return steps;
        foreach (var file in Directory.EnumerateFiles(logDirectory, "events.out.tfevents.*"))
            foreach (var record in Records(File.ReadAllBytes(file)))
                if (SummaryStep(record) is long step) steps.Add(step);
        return steps;
    }

    static List<byte[]> Records(byte[] bytes)
    {
        var records = new List<byte[]>();
        int at = 0;
        while (at + 12 <= bytes.Length)
        {
            var header = bytes.AsSpan(at, 12);
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(header);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header[8..]) != Crc32C.Masked(header[..8])) break;
            if (bytes.Length - at < 16 || length > (ulong)(bytes.Length - at - 16)) break;
            var data = bytes.AsSpan(at + 12, (int)length);
            if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 12 + (int)length, 4)) != Crc32C.Masked(data)) break;
            records.Add(data.ToArray());
            at += 16 + (int)length;
        }
        return records;
    }

    // Event { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; }
    static long? SummaryStep(byte[] e)
    {
        long step = 0;
        bool summary = false;
        int at = 0;
        while (at < e.Length)
        {
            ulong key = Varint(e, ref at);
            int field = (int)(key >> 3);
            switch ((int)(key & 7))
            {
                case 0: ulong v = Varint(e, ref at); if (field == 2) step = (long)v; break;
                case 1: at += 8; break;
                case 5: at += 4; break;
                case 2: int n = (int)Varint(e, ref at); at += n; if (field == 5) summary = true; break;
                default: return null;
            }
        }
        return summary ? step : null;
    }

    static ulong Varint(byte[] bytes, ref int at)
    {
        ulong value = 0;
        for (int shift = 0; at < bytes.Length; shift += 7)
        {
            byte b = bytes[at++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) break;
        }
        return value;
    }
}
