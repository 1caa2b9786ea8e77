using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace MnistCourse.Reporting;

/// <summary>
/// Writes scalars to a TensorBoard event file: TFRecord framing (uint64 length, masked CRC32C of the length,
/// data, masked CRC32C of the data) around hand-encoded Event protobufs, the first of which is the file
/// version "brain.Event:2". Each writer starts a new file in the folder; TensorBoard reads every file there.
/// </summary>
/// <remarks>
/// Not written atomically like the course's other files, on purpose: an event file is an append-only log that
/// TensorBoard tails through an open handle, so a temp-and-rename copy would never be seen by a running
/// TensorBoard. Each call appends its records in one write; the CRCs let readers detect a torn last record.
/// </remarks>
internal sealed class TensorBoardEventWriter
{
    public const string FileVersion = "brain.Event:2";
    const string Prefix = "events.out.tfevents.";
    static int instances;

    /// <summary>Creates <paramref name="logDirectory"/> if needed and a new event file in it holding the file version.</summary>
    public TensorBoardEventWriter(string logDirectory)
    {
        EnsureDirectory(logDirectory);
        FilePath = Path.Combine(logDirectory, NewFileName(logDirectory));
        var first = new MemoryStream();
        Frame(first, Event(WallTime(), 0, w => w.String(3, FileVersion)));
        Append(first.ToArray());
    }

    public string FilePath { get; }

    /// <summary>Creates the log folder, or says in one line why it cannot be one.</summary>
    public static void EnsureDirectory(string logDirectory)
    {
        if (string.IsNullOrWhiteSpace(logDirectory)) throw new ArgumentException("TensorBoard log directory is empty: pass a folder such as runs/mnist");
        if (File.Exists(logDirectory)) throw new IOException($"TensorBoard log directory '{logDirectory}' is a file: pass a folder");
        Directory.CreateDirectory(logDirectory);
    }

    /// <summary>The PyTorch call: writer.add_scalar(tag, value, step).</summary>
    public void AddScalar(string tag, float value, long step) => AddScalars(step, [(tag, value)]);

    /// <summary>One Event per scalar (as PyTorch's add_scalar writes them), all appended in one write.</summary>
    public void AddScalars(long step, IEnumerable<(string Tag, float Value)> scalars)
    {
        double wallTime = WallTime();
        var records = new MemoryStream();
        foreach (var (tag, value) in scalars)
        {
            // Summary { Value value = 1 { string tag = 1; float simple_value = 2; } } in Event.summary = 5
            var summaryValue = new ProtoWriter().String(1, tag).Float(2, value);
            var summary = new ProtoWriter().Message(1, summaryValue);
            Frame(records, Event(wallTime, step, w => w.Message(5, summary)));
        }
        Append(records.ToArray());
    }

    // Event { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; }
    static byte[] Event(double wallTime, long step, Action<ProtoWriter> body)
    {
        var w = new ProtoWriter().Double(1, wallTime).Varint(2, (ulong)step);
        body(w);
        return w.ToArray();
    }

    void Append(byte[] records)
    {
        using var file = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.Read);
        file.Write(records);
        file.Flush(flushToDisk: true);
    }

    static void Frame(Stream output, byte[] data)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Crc32C.Masked(header[..8]));
        Span<byte> footer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(footer, Crc32C.Masked(data));
        output.Write(header);
        output.Write(data);
        output.Write(footer);
    }

    static double WallTime() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds;

    /// <summary>
    /// TensorFlow's name, events.out.tfevents.SECONDS.HOST.PID.N, with SECONDS moved past any file already in
    /// the folder: TensorBoard's directory watcher reads files in name order and skips one that sorts before
    /// the file it has moved on to, which a run resumed within the same second would otherwise do.
    /// </summary>
    static string NewFileName(string logDirectory)
    {
        long seconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        foreach (var existing in Directory.EnumerateFiles(logDirectory, Prefix + "*"))
        {
            string stamp = Path.GetFileName(existing)[Prefix.Length..].Split('.')[0];
            if (long.TryParse(stamp, NumberStyles.None, CultureInfo.InvariantCulture, out long s) && s >= seconds) seconds = s + 1;
        }
        int n = Interlocked.Increment(ref instances);
        return string.Create(CultureInfo.InvariantCulture, $"{Prefix}{seconds}.{Environment.MachineName}.{Environment.ProcessId}.{n}");
    }

    /// <summary>The protobuf wire format, just the four field kinds an Event needs.</summary>
    sealed class ProtoWriter
    {
        readonly MemoryStream bytes = new();

        public ProtoWriter Double(int field, double value)
        {
            Key(field, 1);
            Span<byte> b = stackalloc byte[8];
            BinaryPrimitives.WriteDoubleLittleEndian(b, value);
            bytes.Write(b);
            return this;
        }

        public ProtoWriter Float(int field, float value)
        {
            Key(field, 5);
            Span<byte> b = stackalloc byte[4];
            BinaryPrimitives.WriteSingleLittleEndian(b, value);
            bytes.Write(b);
            return this;
        }

        public ProtoWriter Varint(int field, ulong value)
        {
            Key(field, 0);
            WriteVarint(value);
            return this;
        }

        public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));
        public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

        public byte[] ToArray() => bytes.ToArray();

        ProtoWriter Bytes(int field, byte[] value)
        {
            Key(field, 2);
            WriteVarint((ulong)value.Length);
            bytes.Write(value);
            return this;
        }

        void Key(int field, int wireType) => WriteVarint((ulong)(field << 3 | wireType));

        void WriteVarint(ulong value)
        {
            for (; value >= 0x80; value >>= 7) bytes.WriteByte((byte)(value | 0x80));
            bytes.WriteByte((byte)value);
        }
    }
}
