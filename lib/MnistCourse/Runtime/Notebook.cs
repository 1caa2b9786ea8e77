namespace MnistCourse.Runtime;

/// <summary>
/// What the course's notebooks need from the library before anything else; notebooks/_setup.dib calls it, so no
/// notebook repeats it. Nothing here depends on a notebook kernel: the set-up registers the kernel's formatters.
/// </summary>
public static class Notebook
{
    /// <summary>
    /// Call first, before any torch or chart code: keeps Plotly.NET on the kernel's FSharp.Core and loads
    /// TorchSharp's natives by full path (see <see cref="TorchRuntime"/>), with one CPU thread.
    /// </summary>
    /// <summary>
    /// Whether the host keeps every update of a displayed value as an output of its own: dotnet-repl (headless runs)
    /// does, where VS Code and Jupyter redraw the display in place.
    /// </summary>
    public static bool RecordsEveryUpdate { get; } = System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name == "dotnet-repl";

    public static void Start(int threads = 1)
    {
        FSharpCoreBinding.UseHostVersion();
        TorchRuntime.EnsureLoaded(threads);
    }
}
