using System.Globalization;
using MnistCourse.Training;

namespace MnistCourse.Cli;

/// <summary>
/// The output folder of a run, held for as long as the run writes to it: an exclusive lock on DIR/run.lock
/// (released by the kernel however the process ends, so a killed run never leaves a stale lock), with who holds
/// it in DIR/run.lock.info, so a second run there stops with a message naming the first.
/// </summary>
public sealed class RunFolder : IDisposable
{
    public const string LockFile = "run.lock";
    public const string LockInfoFile = "run.lock.info";
    readonly FileStream lockStream;

    RunFolder(string path, FileStream lockStream)
    {
        Path = path;
        this.lockStream = lockStream;
    }

    public string Path { get; }
    public string Metrics => Combine("metrics.csv");
    public string LastCheckpoint => Combine(Checkpoint.LastFile);
    public string BestCheckpoint => Combine(Checkpoint.BestFile);
    public string TensorBoard => Combine("tensorboard");
    public string Report => Combine("report.html");
    public string Manifest => Combine(RunManifest.FileName);

    string Combine(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>
    /// Creates the folder if needed and takes its lock. <paramref name="option"/> names where the folder came
    /// from (--out or --resume) for messages.
    /// </summary>
    public static RunFolder Open(string path, string option)
    {
        string full = System.IO.Path.GetFullPath(path);
        FileStream stream;
        try
        {
            if (File.Exists(full)) throw new IOException("it is a file, not a folder");
            Directory.CreateDirectory(full);
            stream = new FileStream(System.IO.Path.Combine(full, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (Directory.Exists(full) && File.Exists(System.IO.Path.Combine(full, LockFile)) && IsSharingViolation(e))
        {
            string holder = File.Exists(System.IO.Path.Combine(full, LockInfoFile))
                ? File.ReadAllText(System.IO.Path.Combine(full, LockInfoFile)).Trim()
                : "another process";
            throw new RunFolderException($"{option} {path}: {holder} is running there; wait for it to end or stop it, or pick another folder");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RunFolderException($"{option} {path}: cannot use it as the run's folder ({e.Message.ReplaceLineEndings(" ")}); pass a folder you can write to", e);
        }
        var folder = new RunFolder(full, stream);
        AtomicFile.WriteAllText(System.IO.Path.Combine(full, LockInfoFile), string.Create(CultureInfo.InvariantCulture,
            $"mnist-course (process {Environment.ProcessId}, started {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC)"));
        return folder;
    }

    // A lock held by another process: on Unix .NET's IOException carries flock's errno EWOULDBLOCK (11 on Linux,
    // 35 on macOS); on Windows the HResult of ERROR_SHARING_VIOLATION (32).
    static bool IsSharingViolation(IOException e) => e.HResult is 11 or 35 || (e.HResult & 0xFFFF) == 32;

    /// <summary>
    /// Deletes the temp files (NAME.PID.tmp) that a killed run's atomic writes left behind; safe because this
    /// process holds the folder's lock. Returns their names.
    /// </summary>
    public IReadOnlyList<string> RemoveLeftovers()
    {
        var removed = new List<string>();
        foreach (var dir in new[] { Path, TensorBoard }.Where(Directory.Exists))
            foreach (var temp in Directory.EnumerateFiles(dir, "*.tmp"))
            {
                File.Delete(temp);
                removed.Add(System.IO.Path.GetFileName(temp));
            }
        return removed;
    }

    /// <summary>A new run replaces the outputs of an earlier run in the folder, so none of them mixes with its own.</summary>
    public bool ClearEarlierRun()
    {
        bool any = false;
        foreach (var file in new[] { Manifest, Metrics, LastCheckpoint, BestCheckpoint, Report }.Where(File.Exists))
        {
            File.Delete(file);
            any = true;
        }
        if (Directory.Exists(TensorBoard))
        {
            Directory.Delete(TensorBoard, recursive: true);
            any = true;
        }
        return any;
    }

    public void Dispose()
    {
        try { File.Delete(System.IO.Path.Combine(Path, LockInfoFile)); } catch (IOException) { }
        lockStream.Dispose();
    }
}
