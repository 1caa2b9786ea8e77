using System.Reflection;
using System.Runtime.Loader;

namespace MnistCourse.Runtime;

/// <summary>
/// Makes Plotly.NET run on the FSharp.Core its host already has. Notebook kernels (VS Code's
/// dotnet-interactive 1.0.712001, dotnet-repl 0.3.259) ship FSharp.Core 10.0 in their own folder, while
/// Plotly.NET 6.0.0 asks for 10.1. The default load context then refuses the request; without this, the
/// kernel's script loader finds FSharp.Core 10.1 beside our dll and loads a second copy, and Plotly.NET
/// (on 10.1) and Giraffe.ViewEngine (bound to the kernel's 10.0) stop agreeing on F# types
/// (MissingMethodException). Answering every failed FSharp.Core request with the host's copy keeps one.
/// </summary>
internal static class FSharpCoreBinding
{
    const string Name = "FSharp.Core";
    static int installed;
    [ThreadStatic] static bool resolving;

    /// <summary>Installs the answer once per process. Call before any Plotly.NET code runs.</summary>
    public static void UseHostVersion()
    {
        if (Interlocked.Exchange(ref installed, 1) == 1) return;
        AssemblyLoadContext.Default.Resolving += Resolve;
    }

    static Assembly? Resolve(AssemblyLoadContext context, AssemblyName name)
    {
        if (name.Name != Name || resolving) return null;
        foreach (var loaded in context.Assemblies)
            if (loaded.GetName().Name == Name) return loaded;
        // The host has FSharp.Core but has not loaded it yet: ask for it without a version.
        resolving = true;
        try { return context.LoadFromAssemblyName(new AssemblyName(Name)); }
        catch (FileNotFoundException) { return null; }
        finally { resolving = false; }
    }
}
