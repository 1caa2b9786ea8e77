using System.Text;
using MnistCourse.Reporting;
using MnistCourse.Tests.Support;
using MnistCourse.Training;
using static TorchSharp.torch;

namespace MnistCourse.Tests.Reporting;

public class TensorBoardLoggerTests
{
    public TensorBoardLoggerTests() => Torch.Init();

    static readonly string[] Tags =
    {
        TensorBoardLogger.TrainLoss, TensorBoardLogger.TrainAccuracy, TensorBoardLogger.ValLoss,
        TensorBoardLogger.ValAccuracy, TensorBoardLogger.LearningRate,
    };

    /// <summary>What the event files should hold for these epochs, in the order the logger writes them.</summary>
    static IEnumerable<(string Tag, long Step, float Value)> Expected(IEnumerable<EpochResult> history) =>
        history.SelectMany(r => new[]
        {
            (Tags[0], (long)r.Epoch, (float)r.TrainLoss),
            (Tags[1], (long)r.Epoch, (float)r.TrainAccuracy),
            (Tags[2], (long)r.Epoch, (float)r.ValLoss),
            (Tags[3], (long)r.Epoch, (float)r.ValAccuracy),
            (Tags[4], (long)r.Epoch, (float)r.LearningRate),
        });

    [Fact]
    public void Crc32C_matches_published_check_values_in_library_and_reader()
    {
        var vectors = new (byte[] Data, uint Crc)[]
        {
            (Encoding.ASCII.GetBytes("123456789"), 0xE3069283),   // the CRC-32C check value
            (Array.Empty<byte>(), 0x00000000),
            (new byte[32], 0x8A9136AA),                              // RFC 3720 B.4: 32 zero bytes
            (Enumerable.Repeat((byte)0xFF, 32).ToArray(), 0x62A8AB43), // 32 bytes of 0xFF
            (Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(), 0x46DD794E), // 0x00..0x1F
        };
        foreach (var (data, crc) in vectors)
        {
            Assert.Equal(crc, Crc32C.Compute(data));
            Assert.Equal(crc, TensorBoardEventReader.Crc32C(data));
        }

        // The library folds 8 bytes at a time; every length and alignment must agree with the bitwise reader.
        var random = new Random(3);
        for (int length = 0; length < 70; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(TensorBoardEventReader.MaskedCrc32C(data), Crc32C.Masked(data));
        }
    }

    [Fact]
    public void Training_logs_the_five_scalars_per_epoch_equal_to_the_history()
    {
        using var data = SyntheticDigits.Load(trainCount: 640, testCount: 128);
        using var folder = new TempDirectory();
        var options = new TrainingOptions { Epochs = 3 };
        var trainer = Trainer.ForSimpleNet(options, CPU);
        var logger = new TensorBoardLogger(folder["runs"]);
        trainer.Listeners.Add(logger);
        double before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        trainer.Fit(data);
        double after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

        var file = Assert.Single(TensorBoardEventReader.EventFiles(folder["runs"]));
        Assert.Equal(logger.FilePath, file);
        Assert.StartsWith("events.out.tfevents.", Path.GetFileName(file));

        var events = TensorBoardEventReader.ReadFile(file);
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        Assert.Empty(events[0].Scalars);
        Assert.All(events.Skip(1), e => Assert.Null(e.FileVersion));
        // wall_time is seconds since 1970 (fractional), as TensorBoard's relative-time axis needs.
        Assert.All(events, e => Assert.InRange(e.WallTime, before - 0.01, after + 0.01));

        Assert.Equal(3, trainer.History.Count);
        Assert.Equal(Expected(trainer.History), TensorBoardEventReader.ReadScalars(folder["runs"]));
        Assert.Equal(15, events.Count - 1);
        Assert.Equal(new long[] { 1, 2, 3 }, events.Skip(1).Select(e => e.Step).Distinct());
        Assert.True(trainer.History[^1].ValAccuracy > 50, "the logged run should have learnt something");
    }

    [Fact]
    public void A_resumed_run_adds_a_second_file_that_sorts_after_the_first()
    {
        using var data = SyntheticDigits.Load(trainCount: 640, testCount: 128);
        using var folder = new TempDirectory();
        var stopped = Trainer.ForSimpleNet(new TrainingOptions { Epochs = 2 }, CPU);
        var first = new TensorBoardLogger(folder.Path);
        stopped.Listeners.Add(new CheckpointWriter(folder["checkpoints"]));
        stopped.Listeners.Add(first);
        stopped.Fit(data);

        // As the CLI does on --resume: restore the checkpoint, a new logger on the same folder, continue at epoch 3.
        var trainer = Trainer.ForSimpleNet(new TrainingOptions { Epochs = 3 }, CPU);
        Checkpoint.Restore(Path.Combine(folder["checkpoints"], Checkpoint.LastFile), trainer);
        var second = new TensorBoardLogger(folder.Path);
        trainer.Listeners.Add(second);
        trainer.Fit(data, firstEpoch: 3);

        Assert.Equal(new[] { first.FilePath!, second.FilePath! }, TensorBoardEventReader.EventFiles(folder.Path));
        Assert.All(TensorBoardEventReader.EventFiles(folder.Path),
            f => Assert.Equal("brain.Event:2", TensorBoardEventReader.ReadFile(f)[0].FileVersion));
        Assert.Equal(new long[] { 1, 2 }, TensorBoardEventReader.ReadFile(first.FilePath!).Skip(1).Select(e => e.Step).Distinct());
        Assert.Equal(Expected(trainer.History), TensorBoardEventReader.ReadScalars(folder.Path));
        Assert.Equal(new[] { 1, 2, 3 }, trainer.History.Select(r => r.Epoch));
    }

    [Fact]
    public void A_new_event_file_sorts_after_every_one_already_in_the_folder()
    {
        // TensorBoard's directory watcher reads files in name order and skips one that sorts before the file it
        // has moved on to: a file from a clock that ran ahead, or TorchSharp's (named by .NET ticks), must not hide ours.
        using var folder = new TempDirectory();
        var ahead = new TensorBoardEventWriter(folder.Path);
        long future = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3600;
        File.Move(ahead.FilePath, Path.Combine(folder.Path, $"events.out.tfevents.{future}.elsewhere.1.1"));
        TorchSharp.torch.utils.tensorboard.SummaryWriter(folder.Path).add_scalar("x", 1, 1);

        var ours = new TensorBoardEventWriter(folder.Path);
        Assert.Equal(3, TensorBoardEventReader.EventFiles(folder.Path).Count);
        Assert.Equal(ours.FilePath, TensorBoardEventReader.EventFiles(folder.Path)[^1]);
    }

    [Fact]
    public void Changing_any_byte_of_an_event_file_fails_the_reader_with_a_crc_error()
    {
        using var folder = new TempDirectory();
        var writer = new TensorBoardEventWriter(folder.Path);
        writer.AddScalars(5_000_000_000, [("Loss/Train", 0.4645f), ("Accuracy/Train", 83.21f)]);
        byte[] good = File.ReadAllBytes(writer.FilePath);
        Assert.Equal(new[] { ("Loss/Train", 5_000_000_000L, 0.4645f), ("Accuracy/Train", 5_000_000_000L, 83.21f) },
            TensorBoardEventReader.ReadScalars(folder.Path));

        // Every byte is covered: the length by its CRC, the data by its CRC, and each CRC by itself.
        for (int i = 0; i < good.Length; i++)
        {
            var bad = (byte[])good.Clone();
            bad[i] ^= 0x01;
            File.WriteAllBytes(writer.FilePath, bad);
            var error = Assert.Throws<InvalidDataException>(() => TensorBoardEventReader.ReadFile(writer.FilePath));
            Assert.Contains("CRC mismatch", error.Message);
            Assert.Contains(writer.FilePath, error.Message);
        }

        // The float 83.21 sits just before the last record's data CRC: a data CRC error, in record 2.
        var flipped = (byte[])good.Clone();
        flipped[^5] ^= 0x40;
        File.WriteAllBytes(writer.FilePath, flipped);
        var dataError = Assert.Throws<InvalidDataException>(() => TensorBoardEventReader.ReadFile(writer.FilePath));
        Assert.Contains("record 2", dataError.Message);
        Assert.Contains("data CRC mismatch", dataError.Message);

        // A torn last record (a crash mid-write) is reported, not silently dropped.
        File.WriteAllBytes(writer.FilePath, good[..^3]);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => TensorBoardEventReader.ReadFile(writer.FilePath)).Message);
    }

    [Fact]
    public void Our_records_are_torchsharps_byte_for_byte_but_for_the_wall_time_and_both_readers_read_both()
    {
        // The Event/Summary encoding is TorchSharp's generated protobuf code; this test's reader decodes it by hand,
        // so a wrong field number or wire type cannot hide behind the shared library.
        using var folder = new TempDirectory();
        var theirs = TorchSharp.torch.utils.tensorboard.SummaryWriter(folder["theirs"]);
        theirs.add_scalar("Loss/Train", 0.25f, 7);
        var ours = new TensorBoardEventWriter(folder["ours"]);
        ours.AddScalar("Loss/Train", 0.25f, 7);

        var theirRecords = TensorBoardEventReader.RecordData(Assert.Single(TensorBoardEventReader.EventFiles(folder["theirs"])));
        var ourRecords = TensorBoardEventReader.RecordData(ours.FilePath);
        Assert.Equal(2, ourRecords.Count);
        Assert.Equal(theirRecords.Count, ourRecords.Count);
        foreach (var (mine, their) in ourRecords.Zip(theirRecords))
        {
            // Byte 0 is wall_time's key (field 1, fixed64), bytes 1..8 its value: the one field the writers differ in.
            Assert.Equal(0x09, mine[0]);
            Assert.Equal(their[0], mine[0]);
            Assert.Equal(Convert.ToHexString(their[9..]), Convert.ToHexString(mine[9..]));
        }

        Assert.Equal(new[] { ("Loss/Train", 7L, 0.25f) }, TensorBoardEventReader.ReadScalars(folder["theirs"]));
        Assert.Equal(new[] { ("Loss/Train", 7L, 0.25f) }, TensorBoardEventReader.ReadScalars(folder["ours"]));
        Assert.Equal(new long[] { 7 }, MnistCourse.Reporting.TensorBoardEventReader.ScalarSteps(folder["theirs"]));
        Assert.Equal(new long[] { 7 }, MnistCourse.Reporting.TensorBoardEventReader.ScalarSteps(folder["ours"]));
    }

    [Fact]
    public void The_library_reader_counts_whole_summary_events_and_skips_a_framed_record_that_is_no_event()
    {
        using var folder = new TempDirectory();
        var writer = new TensorBoardEventWriter(folder.Path);
        writer.AddScalar("Loss/Train", 0.5f, 1);
        // A record whose CRCs hold but whose data is no protobuf (wire type 7 does not exist), then a good one:
        // the reader passes over the first, as it passes over the file-version event, and still sees step 2.
        using (var file = new FileStream(writer.FilePath, FileMode.Append))
            file.Write(Framed([0x0F, 0x01]));
        writer.AddScalar("Loss/Train", 0.4f, 2);
        Assert.Equal(new long[] { 1, 2 }, MnistCourse.Reporting.TensorBoardEventReader.ScalarSteps(folder.Path));

        // A torn last record (a kill mid-write) does not count; the whole ones before it do.
        writer.AddScalar("Loss/Train", 0.3f, 3);
        File.WriteAllBytes(writer.FilePath, File.ReadAllBytes(writer.FilePath)[..^2]);
        Assert.Equal(new long[] { 1, 2 }, MnistCourse.Reporting.TensorBoardEventReader.ScalarSteps(folder.Path));
    }

    /// <summary>TFRecord framing, written here with this test reader's own CRC.</summary>
    static byte[] Framed(byte[] data)
    {
        var length = BitConverter.GetBytes((ulong)data.Length);
        return [.. length, .. BitConverter.GetBytes(TensorBoardEventReader.MaskedCrc32C(length)), .. data,
            .. BitConverter.GetBytes(TensorBoardEventReader.MaskedCrc32C(data))];
    }

    [Fact]
    public void A_log_directory_that_is_a_file_is_refused_before_training()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder["taken"], "not a folder");
        var error = Assert.Throws<IOException>(() => new TensorBoardLogger(folder["taken"]));
        Assert.Contains(folder["taken"], error.Message);
        Assert.Throws<ArgumentException>(() => new TensorBoardLogger(" "));
    }
}
