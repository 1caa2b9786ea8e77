using System.Reflection;
using System.Runtime.Loader;
using MnistCourse.Runtime;

namespace MnistCourse.Tests.Runtime;

/// <summary>
/// The answer FSharpCoreBinding gives when a load context cannot find an assembly. It is called directly: in this
/// test host xunit's own resolver already answers every request by name, so a failing load cannot be staged
/// (the notebook tests cover the installed handler in a real kernel).
/// </summary>
public class FSharpCoreBindingTests
{
    static readonly Func<AssemblyLoadContext, AssemblyName, Assembly?> Resolve = typeof(FSharpCoreBinding)
        .GetMethod("Resolve", BindingFlags.NonPublic | BindingFlags.Static)!
        .CreateDelegate<Func<AssemblyLoadContext, AssemblyName, Assembly?>>();

    static readonly Assembly Loaded = typeof(Microsoft.FSharp.Core.Unit).Assembly;

    static AssemblyName Newer => new($"FSharp.Core, Version={Loaded.GetName().Version!.Major + 1}.0.0.0");

    [Fact]
    public void A_request_for_a_newer_FSharp_Core_gets_the_one_already_loaded()
    {
        // As in a notebook kernel: Plotly.NET asks for a newer FSharp.Core than the host loaded.
        Assert.Same(Loaded, Resolve(AssemblyLoadContext.Default, Newer));
    }

    [Fact]
    public void A_context_that_has_not_loaded_FSharp_Core_yet_gets_the_hosts_copy_by_name()
    {
        var context = new AssemblyLoadContext("no FSharp.Core yet", isCollectible: true);
        Assert.DoesNotContain(context.Assemblies, a => a.GetName().Name == "FSharp.Core");
        Assert.Same(Loaded, Resolve(context, Newer));
        context.Unload();
    }

    [Fact]
    public void Other_assemblies_are_left_to_other_resolvers()
    {
        Assert.Null(Resolve(AssemblyLoadContext.Default, new AssemblyName("Giraffe.ViewEngine, Version=1.0.0.0")));
        Assert.Null(Resolve(AssemblyLoadContext.Default, new AssemblyName("FSharp.Core.Extras, Version=1.0.0.0")));
    }
}
