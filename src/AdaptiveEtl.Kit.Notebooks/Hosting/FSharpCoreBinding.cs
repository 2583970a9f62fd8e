using System.Reflection;
using System.Runtime.Loader;

namespace AdaptiveEtl.Kit.Notebooks.Hosting;

/// <summary>
/// Lets Plotly.NET run inside hosts that already loaded an older FSharp.Core than the one it was built against.
/// </summary>
/// <remarks>
/// Plotly.NET 6.0.0 references FSharp.Core 10.1. Microsoft's <c>dotnet-interactive</c> 1.0.712001 loads its own FSharp.Core
/// 10.0 into the default load context at start-up (for its F# kernel); the default context then refuses 10.1 and every
/// chart fails with <c>FileNotFoundException: FSharp.Core, Version=10.1.0.0</c>. Loading 10.1 beside it does not help:
/// Plotly.NET's dependencies (Giraffe.ViewEngine, DynamicObj) are already bound to 10.0, and F# function types from two
/// copies do not mix (<c>MissingMethodException</c>). So when the default context cannot bind FSharp.Core, this handler
/// answers with the copy the process already has, the way a binding redirect would on .NET Framework; the notebook suite
/// runs every notebook under the real dotnet-interactive to prove Plotly.NET works on it. In the kit's own engine and
/// kernel and under <c>dotnet run</c>, FSharp.Core 10.1 binds normally and the handler is never asked. No served library
/// does this (it is a host-specific binding fix), hence hand-written.
/// </remarks>
internal static class FSharpCoreBinding
{
    private const string FSharpCore = "FSharp.Core";
    private static int installed;

    /// <summary>Installs the handler once per process.</summary>
    public static void Install()
    {
        if (Interlocked.Exchange(ref installed, 1) == 1) return;
        AssemblyLoadContext.Default.Resolving += OnResolving;
    }

    /// <summary>The FSharp.Core this process already loaded (the newest when there are several), for a failed FSharp.Core bind.</summary>
    internal static Assembly? OnResolving(AssemblyLoadContext context, AssemblyName name)
    {
        if (!string.Equals(name.Name, FSharpCore, StringComparison.Ordinal)) return null;
        return AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => string.Equals(a.GetName().Name, FSharpCore, StringComparison.Ordinal))
            .OrderByDescending(a => a.GetName().Version)
            .FirstOrDefault();
    }
}
