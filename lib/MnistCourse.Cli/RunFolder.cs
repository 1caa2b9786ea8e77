using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using MnistCourse.Training;

namespace MnistCourse.Cli;

/// <summary>
/// The output folder of a run, held for as long as the run writes to it. The hold is an OS lock on an open handle
/// of the folder itself (flock on Unix), so nothing in the folder looks like a lock, deleting a file cannot let a
/// second run in, and the kernel releases it however the process ends. The folder's contents are only ever
/// changed by name: the files a run writes (<see cref="OutputNames"/>, recorded in run.json), TensorBoard event
/// files in the run's own format, and the temp files of those; anything else in the folder is left alone.
/// </summary>
internal sealed partial class RunFolder : IDisposable
{
    /// <summary>What a run writes into its folder; tensorboard/ holds event files named as <see cref="IsEventFile"/> says.</summary>
    public static readonly IReadOnlyList<string> OutputNames = new[]
    {
        RunManifest.FileName, "metrics.csv", Checkpoint.LastFile, Checkpoint.BestFile, "report.html", "tensorboard/",
    };

    readonly IDisposable hold;

    RunFolder(string path, IDisposable hold)
    {
        Path = path;
        this.hold = hold;
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
    /// Takes the folder's lock, creating the folder first when <paramref name="create"/> (a new run's --out).
    /// Changes nothing inside it. <paramref name="option"/> names where the folder came from (--out or --resume).
    /// </summary>
    public static RunFolder Open(string path, string option, bool create)
    {
        string full = System.IO.Path.GetFullPath(path);
        try
        {
            if (File.Exists(full)) throw new IOException("it is a file, not a folder");
            if (create) Directory.CreateDirectory(full);
            return new RunFolder(full, FolderLock.Take(full) ?? throw new RunFolderException(
                $"{option} {path}: {FolderLock.Holder(full)} is running there; wait for it to end or stop it, or pick another folder"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RunFolderException($"{option} {path}: cannot use it as the run's folder ({e.Message.ReplaceLineEndings(" ")}); pass a folder you can write to", e);
        }
    }

    /// <summary>Whether <paramref name="relative"/> (a path inside the folder, '/'-separated) is something a run writes.</summary>
    public static bool IsOutput(string relative) =>
        OutputNames.Contains(relative) || relative == FolderLock.WindowsHold || relative == "tensorboard" || relative.StartsWith("tensorboard/", StringComparison.Ordinal) && IsEventFile(relative["tensorboard/".Length..])
        || TempFile().Match(relative) is { Success: true } m && IsOutput(m.Groups["of"].Value);

    /// <summary>TensorBoardEventWriter's names: events.out.tfevents.SECONDS.HOST.PID.N.</summary>
    public static bool IsEventFile(string name) => EventFile().IsMatch(name);

    [GeneratedRegex(@"^events\.out\.tfevents\.\d+\.[^/]+\.\d+\.\d+$")]
    private static partial Regex EventFile();

    // AtomicFile's temp name: NAME.PID.tmp.
    [GeneratedRegex(@"^(?<of>.+)\.\d+\.tmp$")]
    private static partial Regex TempFile();

    /// <summary>Every entry of the folder (files and folders, '/'-separated, tensorboard/ looked into) that no run writes.</summary>
    public IReadOnlyList<string> ForeignEntries()
    {
        var foreign = new List<string>();
        foreach (var entry in Directory.EnumerateFileSystemEntries(Path).Order(StringComparer.Ordinal))
        {
            string name = System.IO.Path.GetFileName(entry);
            if (name == "tensorboard" && Directory.Exists(entry) && !File.GetAttributes(entry).HasFlag(FileAttributes.ReparsePoint))
            {
                foreign.AddRange(Directory.EnumerateFileSystemEntries(entry).Select(e => "tensorboard/" + System.IO.Path.GetFileName(e))
                    .Where(e => !IsOutput(e) || Directory.Exists(Combine(e))).Order(StringComparer.Ordinal));
                continue;
            }
            if (!IsOutput(name) || Directory.Exists(entry)) foreign.Add(name);
        }
        return foreign;
    }

    /// <summary>
    /// Deletes the temp files (NAME.PID.tmp of the run's own outputs) that a killed run's atomic writes left; safe
    /// because this process holds the folder. Returns their names.
    /// </summary>
    public IReadOnlyList<string> RemoveLeftovers() => Delete(OwnFiles().Where(f => TempFile().IsMatch(f)));

    /// <summary>
    /// A new run replaces the outputs an earlier run recorded in run.json (<paramref name="recorded"/>), and only
    /// those: metrics.csv, checkpoints, report, TensorBoard events, run.json. Returns what it deleted.
    /// </summary>
    public IReadOnlyList<string> ClearEarlierRun(IReadOnlyCollection<string> recorded)
    {
        var deleted = Delete(OwnFiles().Where(f => recorded.Contains(f) || f.StartsWith("tensorboard/", StringComparison.Ordinal) && recorded.Contains("tensorboard/")
            || TempFile().IsMatch(f)));
        if (Directory.Exists(TensorBoard) && !Directory.EnumerateFileSystemEntries(TensorBoard).Any()) Directory.Delete(TensorBoard);
        return deleted;
    }

    /// <summary>The TensorBoard event files of the run (to rewrite them when a resume goes back to an earlier epoch).</summary>
    public IReadOnlyList<string> RemoveEventFiles() =>
        Delete(OwnFiles().Where(f => f.StartsWith("tensorboard/", StringComparison.Ordinal) && IsEventFile(f["tensorboard/".Length..])));

    // The run's own files, relative: regular files only (never a folder, never through a symlinked tensorboard/).
    IEnumerable<string> OwnFiles()
    {
        var files = Directory.EnumerateFiles(Path).Select(f => System.IO.Path.GetFileName(f));
        if (Directory.Exists(TensorBoard) && !File.GetAttributes(TensorBoard).HasFlag(FileAttributes.ReparsePoint))
            files = files.Concat(Directory.EnumerateFiles(TensorBoard).Select(f => "tensorboard/" + System.IO.Path.GetFileName(f)));
        return files.Where(IsOutput).ToList();
    }

    List<string> Delete(IEnumerable<string> relative)
    {
        var deleted = new List<string>();
        foreach (var file in relative)
        {
            File.Delete(Combine(file));
            deleted.Add(file);
        }
        return deleted;
    }

    public void Dispose() => hold.Dispose();

    /// <summary>An exclusive, non-blocking lock on the folder itself.</summary>
    static class FolderLock
    {
        const int LockExclusive = 2, LockNonBlocking = 4, OpenReadOnlyCloseOnExec = 0x80000;
        public const string WindowsHold = ".mnist-course-running";

        /// <summary>The held lock, or null when another process holds it.</summary>
        public static IDisposable? Take(string folder)
        {
            if (OperatingSystem.IsWindows())
            {
                // Windows cannot lock a folder, but an open file cannot be deleted there, and this one goes when closed.
                try
                {
                    return new FileStream(System.IO.Path.Combine(folder, WindowsHold), FileMode.OpenOrCreate, FileAccess.ReadWrite,
                        FileShare.None, 1, FileOptions.DeleteOnClose);
                }
                catch (IOException e) when ((e.HResult & 0xFFFF) == 32) { return null; }
            }
            // Close-on-exec has another value outside Linux; the program starts no child that could inherit it.
            int fd = open(folder, OperatingSystem.IsLinux() ? OpenReadOnlyCloseOnExec : 0);
            if (fd < 0) throw new IOException(Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()));
            if (flock(fd, LockExclusive | LockNonBlocking) == 0) return new Descriptor(fd);
            int error = Marshal.GetLastPInvokeError();
            close(fd);
            // EWOULDBLOCK: 11 on Linux, 35 on macOS.
            return error is 11 or 35 ? null : throw new IOException(Marshal.GetPInvokeErrorMessage(error));
        }

        /// <summary>"process N" holding the folder's lock, found in /proc/locks (Linux); else "another process".</summary>
        public static string Holder(string folder)
        {
            try
            {
                foreach (var line in File.ReadLines("/proc/locks"))
                {
                    var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (parts.Length < 5 || parts[1] != "FLOCK" || !int.TryParse(parts[4], out int pid) || pid == Environment.ProcessId) continue;
                    foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
                        if (new FileInfo(fd).LinkTarget == folder) return $"mnist-course (process {pid})";
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            return "another process";
        }

        sealed class Descriptor(int fd) : IDisposable
        {
            int fd = fd;
            public void Dispose()
            {
                if (fd >= 0) close(fd);
                fd = -1;
            }
        }

        [DllImport("libc", SetLastError = true)]
        static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        static extern int flock(int fd, int operation);

        [DllImport("libc")]
        static extern int close(int fd);
    }
}
