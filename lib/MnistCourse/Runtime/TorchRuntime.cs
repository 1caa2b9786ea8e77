using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;

namespace MnistCourse.Runtime;

/// <summary>Thrown when TorchSharp's native libraries cannot be loaded; the message says what to do.</summary>
public sealed class TorchLoadException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Loads TorchSharp's native libraries from our own build output, by full path, before TorchSharp looks
/// for them by name. By-name probing can pick up a system libtorch (Debian's python3-torch puts
/// libtorch 1.13 in /usr/lib) and then fails with an undefined-symbol error; and when TorchSharp's own
/// probing fails it copies ~480 MB of natives into a cpu/ folder beside TorchSharp.dll.
/// </summary>
public static class TorchRuntime
{
    // Dependencies first, so that dlopen of each library finds the ones it needs already loaded. The CUDA ones
    // exist only in a TorchBackend=cuda build.
    static readonly string[] LoadOrder = { "libc10.so", "libc10_cuda.so", "libtorch_cpu.so", "libtorch_cuda.so", "libtorch.so", "libLibTorchSharp.so" };
    static readonly string[] Required = { "libc10.so", "libtorch_cpu.so", "libtorch.so", "libLibTorchSharp.so" };
    static readonly object Gate = new();
    static IntPtr libTorchSharp;

    /// <summary>The folder the native libraries were loaded from (null before <see cref="EnsureLoaded"/>).</summary>
    public static string? NativeDirectory { get; private set; }

    /// <summary>Where libLibTorchSharp.so was loaded from: in <see cref="NativeDirectory"/>, or a patched copy (see <see cref="PatchedLibraryCache"/>).</summary>
    public static string? LibTorchSharpPath { get; private set; }

    /// <summary>The libtorch build this library was compiled against: "cpu" or "cuda" (MSBuild property TorchBackend).</summary>
    public static string Backend { get; } =
        typeof(TorchRuntime).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "TorchBackend")?.Value ?? "cpu";

    /// <summary>Loads the natives once per process and sets the number of CPU threads torch uses.</summary>
    public static void EnsureLoaded(int threads = 1)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), "threads must be at least 1");
        lock (Gate)
        {
            if (libTorchSharp == IntPtr.Zero) Load();
        }
        torch.set_num_threads(threads);
    }

    static void Load()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            // Elsewhere TorchSharp's own probing works; nothing to work around.
            torch.InitializeDeviceType(DeviceType.CPU);
            libTorchSharp = new IntPtr(1);
            return;
        }

        string dir = FindNativeDirectory();
        foreach (string name in LoadOrder)
        {
            string path = Path.Combine(dir, name);
            if (!File.Exists(path)) continue;
            if (name == "libLibTorchSharp.so") (libTorchSharp, LibTorchSharpPath) = LoadLibTorchSharp(path);
            else LoadOrThrow(path);
        }
        NativeDirectory = dir;

        // Answer TorchSharp's [DllImport("LibTorchSharp")] with the library loaded above.
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(torch).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // A resolver is already set (a second load context in a notebook kernel); the full-path
            // loads above are still in place, and dlopen returns the same handles by soname.
        }
    }

    static IntPtr LoadOrThrow(string path)
    {
        try { return NativeLibrary.Load(path); }
        catch (DllNotFoundException e) { throw new TorchLoadException($"Could not load {path}: {e.Message}", e); }
    }

    /// <summary>
    /// Loads libLibTorchSharp.so; where this system's libstdc++ is too old for it (Debian 12), loads a copy with the
    /// one harmless version need marked weak instead (see <see cref="ElfVersionNeeds"/>). Builds in this repository
    /// patch their bin/ already; this covers every other host: a `dotnet run app.cs` anywhere on disk, a notebook.
    /// </summary>
    static (IntPtr Handle, string Path) LoadLibTorchSharp(string path)
    {
        try { return (NativeLibrary.Load(path), path); }
        catch (DllNotFoundException e) when (e.Message.Contains("GLIBCXX", StringComparison.Ordinal))
        {
            string patched = PatchedLibraryCache.GetOrCreate(path);
            try { return (NativeLibrary.Load(patched), patched); }
            catch (DllNotFoundException again)
            {
                throw new TorchLoadException(
                    $"{path} needs a newer libstdc++ than this system has, and the patched copy {patched} did not load " +
                    $"either ({again.Message}). Use a distribution with GCC 13's libstdc++ or newer (Debian 13, Ubuntu 24.04).", again);
            }
        }
        catch (DllNotFoundException e)
        {
            throw new TorchLoadException($"Could not load {path}: {e.Message}", e);
        }
    }

    static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name is "LibTorchSharp" or "libLibTorchSharp" or "libLibTorchSharp.so" ? libTorchSharp : IntPtr.Zero;

    static string FindNativeDirectory()
    {
        var candidates = new List<string>();
        foreach (string? root in new[] { Path.GetDirectoryName(typeof(torch).Assembly.Location), Path.GetDirectoryName(typeof(TorchRuntime).Assembly.Location), AppContext.BaseDirectory })
        {
            if (string.IsNullOrEmpty(root)) continue;
            candidates.Add(root);
            candidates.Add(Path.Combine(root, "runtimes", "linux-x64", "native"));
        }
        foreach (string dir in candidates)
            if (Required.All(n => File.Exists(Path.Combine(dir, n)))) return dir;
        throw new TorchLoadException(
            "TorchSharp's native libraries (libtorch.so, libLibTorchSharp.so) were not found beside TorchSharp.dll. " +
            $"Looked in: {string.Join(", ", candidates.Distinct())}. Build with `dotnet build` so they are copied to bin/.");
    }
}
