using System.Buffers.Binary;
using System.Globalization;
using Google.Protobuf;
using Tensorboard;

namespace MnistCourse.Reporting;

/// <summary>
/// Writes scalars to a TensorBoard event file: TFRecord framing (uint64 length, masked CRC32C of the length,
/// data, masked CRC32C of the data) around Event protobufs, the first of which is the file version
/// "brain.Event:2". Each writer starts a new file in the folder; TensorBoard reads every file there.
/// </summary>
/// <remarks>
/// The Event and Summary messages are TorchSharp's generated protobuf types (our records equal its SummaryWriter's
/// byte for byte but for wall_time). The rest stays ours, because TorchSharp 0.107's SummaryWriter, measured: writes
/// DateTime.Now.Ticks (6.39e17) as the file-version event's wall time and whole seconds as the scalars'; opens the
/// file per add_scalar and writes each record in two writes (record, then its CRC), without fsync, so a kill can
/// keep part of an epoch; takes an int step. Its framing is private, and its CRC32C is a P/Invoke bound by name to
/// libLibTorchSharp, which the CLI's resume checks would reach before TorchRuntime loads the natives by full path.
///
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
        Frame(first, new Event { WallTime = WallTime(), FileVersion = FileVersion });
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
            var summary = new Summary { Value = { new Summary.Types.Value { Tag = tag, SimpleValue = value } } };
            Frame(records, new Event { WallTime = wallTime, Step = step, Summary = summary });
        }
        Append(records.ToArray());
    }

    void Append(byte[] records)
    {
        using var file = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.Read);
        file.Write(records);
        file.Flush(flushToDisk: true);
    }

    static void Frame(Stream output, Event record)
    {
        byte[] data = record.ToByteArray();
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
}
