using System.Runtime.InteropServices;

namespace MnistCourse.Diagnostics;

/// <summary>
/// How much native memory the process uses. The resident size (RSS) hardly moves when tensors are freed, because
/// the C allocator keeps freed memory for reuse; the allocator itself knows how many bytes it has handed out
/// right now (glibc's mallinfo2), and libtorch allocates CPU tensors through it.
/// </summary>
internal static class NativeMemory
{
    [StructLayout(LayoutKind.Sequential)]
    struct MallInfo2 { public nuint Arena, OrdBlks, SmBlks, HBlks, HBlkHd, UsmBlks, FsmBlks, UordBlks, FordBlks, KeepCost; }

    [DllImport("libc", EntryPoint = "mallinfo2")]
    static extern MallInfo2 MallInfo();

    /// <summary>Bytes the C allocator has handed out and not got back (heap plus mmap-ed blocks); -1 without glibc (not Linux).</summary>
    public static long InUse()
    {
        if (!OperatingSystem.IsLinux()) return -1;
        try { var m = MallInfo(); return (long)m.UordBlks + (long)m.HBlkHd; }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return -1; }
    }
}
