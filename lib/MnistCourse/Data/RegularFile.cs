using System.Runtime.InteropServices;

namespace MnistCourse.Data;

/// <summary>
/// Data files must be regular files. A device, pipe or socket (a link to /dev/zero, a FIFO) never ends or blocks
/// in open(), so hashing or reading it would hang the program; it is refused before it is opened. The file type
/// comes from statx (Linux), whose layout is the same on every architecture; elsewhere the check is skipped.
/// </summary>
internal static class RegularFile
{
    const int AtCurrentDirectory = -100, StatxType = 1, ModeOffset = 28, TypeMask = 0xF000, Regular = 0x8000;

    /// <summary>Throws DataException naming <paramref name="path"/> when it exists and is not a regular file (links followed).</summary>
    public static void Check(string path)
    {
        if (!OperatingSystem.IsLinux()) return;
        var buffer = new byte[256];
        int result;
        try { result = statx(AtCurrentDirectory, path, 0, StatxType, buffer); }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException) { return; }
        if (result != 0) return; // missing or unreadable: the read that follows says so
        int type = BitConverter.ToUInt16(buffer, ModeOffset) & TypeMask;
        if (type == Regular || type == 0x4000) return; // a folder is reported by the caller as a missing file
        string what = type switch { 0x2000 => "a character device", 0x6000 => "a block device", 0x1000 => "a named pipe", 0xC000 => "a socket", _ => "not a regular file" };
        throw new DataException($"{path}: {what}, not a data file (a link to /dev/zero or a pipe never ends); pass the real IDX file");
    }

    [DllImport("libc", SetLastError = true)]
    static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);
}
