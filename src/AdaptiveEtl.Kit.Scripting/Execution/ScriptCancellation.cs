using System.ComponentModel;

namespace AdaptiveEtl.Kit.Scripting.Execution;

/// <summary>
/// The cancellation check the engine weaves into every loop body and local function/lambda block of a cell (see
/// <see cref="CancellationInjector"/>). Roslyn cannot abort a thread, so interrupting <c>while (true) { }</c> needs the cell's
/// own code to look at the token. Public only because cell code calls it; not meant for direct use.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ScriptCancellation
{
    private static readonly AsyncLocal<CancellationToken> Current = new();

    /// <summary>Throws <see cref="OperationCanceledException"/> when the running cell has been interrupted.</summary>
    public static void ThrowIfCancellationRequested() => Current.Value.ThrowIfCancellationRequested();

    /// <summary>The token of the cell running on this logical flow.</summary>
    public static CancellationToken Token => Current.Value;

    internal static void Set(CancellationToken token) => Current.Value = token;
}
