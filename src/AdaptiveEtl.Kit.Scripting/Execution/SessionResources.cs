using System.ComponentModel;

namespace AdaptiveEtl.Kit.Scripting.Execution;

/// <summary>
/// Resources declared with a top-level <c>using var x = …;</c> in a cell. Roslyn scripting rejects using declarations at the top
/// level of a submission, so the engine rewrites them (see <see cref="TopLevelUsingRewriter"/>) into plain declarations that
/// register the value here; the session disposes them, last first, when it is disposed (for a script: when it ends). Public
/// only because cell code calls it; not meant for direct use.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SessionResources
{
    private static readonly AsyncLocal<List<object>?> Current = new();

    /// <summary>Registers <paramref name="resource"/> for disposal when the running session ends (null is ignored).</summary>
    public static void Track(object? resource)
    {
        if (resource is null || Current.Value is not { } list) return;
        lock (list) list.Add(resource);
    }

    internal static void Set(List<object> sessionResources) => Current.Value = sessionResources;

    /// <summary>Disposes the resources in reverse order of registration.</summary>
    internal static async Task DisposeAllAsync(List<object> resources)
    {
        List<object> snapshot;
        lock (resources)
        {
            snapshot = [.. resources];
            resources.Clear();
        }
        for (var i = snapshot.Count - 1; i >= 0; i--)
        {
            switch (snapshot[i])
            {
                case IAsyncDisposable a: await a.DisposeAsync().ConfigureAwait(false); break;
                case IDisposable d: d.Dispose(); break;
            }
        }
    }
}
