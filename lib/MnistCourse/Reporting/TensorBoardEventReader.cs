using System.Buffers.Binary;
using Google.Protobuf;
using Tensorboard;

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

    /// <summary>The step of a summary event; null for any other record (the file version) or one that is not an Event.</summary>
    static long? SummaryStep(byte[] record)
    {
        try
        {
            var e = Event.Parser.ParseFrom(record);
            return e.WhatCase == Event.WhatOneofCase.Summary ? e.Step : null;
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }
}
