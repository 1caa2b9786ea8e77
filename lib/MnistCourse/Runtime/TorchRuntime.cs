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
    // Dependencies first, so that dlopen of each library finds the ones it needs already loaded.
    static readonly string[] LoadOrder = { "libc10.so", "libtorch_cpu.so", "libtorch.so", "libLibTorchSharp.so" };
    static readonly object Gate = new();
    static IntPtr libTorchSharp;

    /// <summary>The folder the native libraries were loaded from (null before <see cref="EnsureLoaded"/>).</summary>
    public static string? NativeDirectory { get; private set; }

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
            try
            {
                IntPtr handle = NativeLibrary.Load(path);
                if (name == "libLibTorchSharp.so") libTorchSharp = handle;
            }
            catch (DllNotFoundException e) when (e.Message.Contains("GLIBCXX", StringComparison.Ordinal))
            {
                throw new TorchLoadException(
                    $"{path} needs a newer libstdc++ than this system has. Rebuild with `dotnet build` (the build " +
                    "patches the copy in bin/; see README, Troubleshooting) or run `bash environment/setup.sh`.", e);
            }
            catch (DllNotFoundException e)
            {
                throw new TorchLoadException($"Could not load {path}: {e.Message}", e);
            }
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
            if (LoadOrder.All(n => File.Exists(Path.Combine(dir, n)))) return dir;
        throw new TorchLoadException(
            "TorchSharp's native libraries (libtorch.so, libLibTorchSharp.so) were not found beside TorchSharp.dll. " +
            $"Looked in: {string.Join(", ", candidates.Distinct())}. Build with `dotnet build` so they are copied to bin/.");
    }
}
