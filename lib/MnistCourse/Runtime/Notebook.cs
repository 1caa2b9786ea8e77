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
    /// Whether the kernel's host redraws an updated display in place. VS Code starts the kernel with `stdio` and
    /// does; Jupyter (this kernel sends updates under another display id) and dotnet-repl (records every update as
    /// a new output) do not.
    /// </summary>
    public static bool UpdatesDisplaysInPlace { get; } = Environment.GetCommandLineArgs().Contains("stdio");

    public static void Start(int threads = 1)
    {
        FSharpCoreBinding.UseHostVersion();
        TorchRuntime.EnsureLoaded(threads);
    }
}
