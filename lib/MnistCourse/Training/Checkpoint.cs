using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MnistCourse.Models;
using static TorchSharp.torch;
using MnistCourse.Localization;

namespace MnistCourse.Training;

/// <summary>
/// What a training checkpoint says about its run, besides the tensors: what ran (read from the trainer's objects,
/// see <see cref="RunDescription"/>) and every finished epoch. InputSize, Hidden and Classes are SimpleNet's sizes
/// (Hidden is null for any other model), checked before its weights are loaded. RunId, when the writer was given
/// one, ties the checkpoint to its run (the CLI's run.json), so a checkpoint copied from another run is not resumed
/// as this one.
/// </summary>
public sealed record CheckpointInfo(
    string Dataset,
    string Model,
    int InputSize,
    int? Hidden,
    int Classes,
    TrainingOptions Options,
    OptimizerSettings Optimizer,
    List<EpochResult> History,
    string? RunId = null)
{
    /// <summary>The last finished epoch (0 if none).</summary>
    public int Epoch => History.Count == 0 ? 0 : History[^1].Epoch;
}

/// <summary>
/// Training checkpoints: model weights, optimizer state (momentum buffers), torch's RNG state, the run's options
/// and every finished epoch's results, in one file written atomically (temp file, then rename), so the previous
/// checkpoint survives a crash mid-write. The file ends with a SHA-256 of everything before it, so a damaged
/// byte anywhere is an error, never a silently different run. The shuffle order needs no saved state: each
/// epoch's permutation is drawn from (seed, epoch). On CPU a resumed run continues bit for bit as if never stopped.
/// </summary>
public static class Checkpoint
{
    public const string LastFile = "checkpoint-last.ckpt";
    public const string BestFile = "checkpoint-best.ckpt";
    static readonly byte[] Magic = Encoding.ASCII.GetBytes("MNISTCOURSE-CHECKPOINT\n");
    static readonly byte[] EndMarker = Encoding.ASCII.GetBytes("END-OF-CHECKPOINT");
    const int FormatVersion = 3;
    const int HashSize = SHA256.HashSizeInBytes;

    public static void Save(string path, Trainer trainer, CheckpointInfo info)
    {
        Arguments.NotNull(path);
        Arguments.NotNull(trainer);
        Arguments.NotNull(info);
        WriteHashed(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(JsonSerializer.Serialize(info, CheckpointJson.Default.CheckpointInfo));
            WriteSection(writer, s => trainer.Model.save(s));
            WriteSection(writer, s => { using var w = new BinaryWriter(s, Encoding.UTF8, leaveOpen: true); StateOf(trainer).save_state_dict(w); });
            byte[] rng = RngState.Save();
            WriteSection(writer, s => s.Write(rng));
            writer.Write(EndMarker);
            writer.Flush();
        });
    }

    /// <summary>Reads the options and history of a checkpoint without touching any model.</summary>
    public static CheckpointInfo ReadInfo(string path) => Open(Arguments.NotNull(path), (reader, info) => info);

    /// <summary>
    /// Restores weights, optimizer state, schedule position and RNG state into <paramref name="trainer"/>, whose
    /// model must have the checkpoint's shape, and fills its History. Returns the checkpoint's info.
    /// </summary>
    public static CheckpointInfo Restore(string path, Trainer trainer)
    {
        Arguments.NotNull(path);
        Arguments.NotNull(trainer);
        return Open(path, (reader, info) =>
        {
            if (trainer.Model is SimpleNet net && (net.InputSize, (int?)net.HiddenSize, net.NumClasses) != (info.InputSize, info.Hidden, info.Classes))
                throw new CheckpointException(CheckpointProblem.OtherModel, Texts.Format(
                    "{0} holds {1}, but the trainer's model is SimpleNet({2}, {3}, {4}); build SimpleNet({5}, {6}, {7}) to load it",
                    path, info.Model, net.InputSize, net.HiddenSize, net.NumClasses, info.InputSize, info.Hidden, info.Classes));
            try
            {
                trainer.Model.load(new MemoryStream(ReadSection(reader, path)));
                // Replay the schedule over the finished epochs (its counters are not in the optimizer state), then
                // restore the optimizer, whose state carries the learning rate the next epoch uses.
                foreach (var result in info.History) trainer.Schedule?.Step(result);
                using (var optimizerState = new BinaryReader(new MemoryStream(ReadSection(reader, path))))
                    StateOf(trainer).load_state_dict(optimizerState);
                RngState.Restore(ReadSection(reader, path));
            }
            catch (Exception e) when (e is not CheckpointException)
            {
                throw new CheckpointException(CheckpointProblem.DoesNotFit, Texts.Format("{0}: the checkpoint does not fit this model ({1})", path, FirstLine(e)), e);
            }
            trainer.RestoreHistory(info.History);
            return info;
        });
    }

    static T Open<T>(string path, Func<BinaryReader, CheckpointInfo, T> read)
    {
        if (!File.Exists(path)) throw new CheckpointException(CheckpointProblem.Missing, Texts.Format("{0}: no checkpoint there", path));
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException(CheckpointProblem.Unreadable, Texts.Format("{0}: cannot read the checkpoint ({1})", path, FirstLine(e)), e);
        }
        if (bytes.Length < Magic.Length || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new CheckpointException(CheckpointProblem.NotACheckpoint, Texts.Format("{0}: not an MnistCourse checkpoint", path));
        int body = bytes.Length - HashSize;
        if (body < Magic.Length + EndMarker.Length || !bytes.AsSpan(0, body).EndsWith(EndMarker))
            throw new CheckpointException(CheckpointProblem.Truncated, Texts.Format("{0}: truncated checkpoint (the write did not finish)", path));
        if (!SHA256.HashData(bytes.AsSpan(0, body)).AsSpan().SequenceEqual(bytes.AsSpan(body)))
            throw new CheckpointException(CheckpointProblem.Damaged, Texts.Format("{0}: damaged checkpoint (its SHA-256 does not match its content)", path));
        using var reader = new BinaryReader(new MemoryStream(bytes, Magic.Length, body - Magic.Length), Encoding.UTF8);
        try
        {
            int version = reader.ReadInt32();
            if (version != FormatVersion)
                throw new CheckpointException(CheckpointProblem.UnsupportedFormat, Texts.Format("{0}: checkpoint format {1} is not supported (this version reads format {2})", path, version, FormatVersion));
            var info = JsonSerializer.Deserialize(reader.ReadString(), CheckpointJson.Default.CheckpointInfo)
                ?? throw new CheckpointException(CheckpointProblem.Corrupt, Texts.Format("{0}: corrupt checkpoint ({1})", path, "empty header"));
            return read(reader, info);
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or IOException)
        {
            throw new CheckpointException(CheckpointProblem.Corrupt, Texts.Format("{0}: corrupt checkpoint ({1})", path, FirstLine(e)), e);
        }
    }

    /// <summary>Writes atomically, appending the SHA-256 of everything written (hashed as it streams, no second copy).</summary>
    static void WriteHashed(string path, Action<Stream> write) => AtomicFile.Write(path, stream =>
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        write(new HashingStream(stream, hash));
        stream.Write(hash.GetHashAndReset());
    });

    /// <summary>Passes writes on to a stream and into a hash.</summary>
    sealed class HashingStream(Stream inner, IncrementalHash hash) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            hash.AppendData(buffer);
            inner.Write(buffer);
        }
    }

    static string FirstLine(Exception e) => e.Message.ReplaceLineEndings(" ");

    static TorchSharp.Modules.OptimizerHelper StateOf(Trainer trainer) =>
        trainer.Optimizer as TorchSharp.Modules.OptimizerHelper
        ?? throw new CheckpointException(CheckpointProblem.OptimizerStateUnsupported, Texts.Format("{0} cannot save its state; use SGD or Adam", trainer.Optimizer.GetType().Name));

    static void WriteSection(BinaryWriter writer, Action<Stream> write)
    {
        var buffer = new MemoryStream();
        write(buffer);
        byte[] bytes = buffer.ToArray(); // works even when the writer closed the stream, as Module.save does
        writer.Write((long)bytes.Length);
        writer.Write(bytes);
    }

    static byte[] ReadSection(BinaryReader reader, string path)
    {
        long length = reader.ReadInt64();
        if (length < 0 || length > reader.BaseStream.Length - reader.BaseStream.Position)
            throw new CheckpointException(CheckpointProblem.Corrupt, Texts.Format("{0}: corrupt checkpoint ({1})", path, "a section runs past the end of the file"));
        return reader.ReadBytes((int)length);
    }
}
