using System.ComponentModel;

namespace AdaptiveEtl.Kit.Scripting.Execution;

/// <summary>
/// The cancellation check the engine weaves into every loop body and local function/lambda block of a cell (see
/// <see cref="CancellationInjector"/>). Roslyn cannot abort a thread, so interrupting <c>while (true) { }</c> needs the cell's
/// own code to look at the token. The same check guards the stack: a stack overflow cannot be caught in .NET and would kill
/// the kernel (or the headless runner) with no reply, so a runaway recursion in a cell becomes an
/// <see cref="InsufficientExecutionStackException"/> on that cell instead. Public only because cell code calls it; not meant
/// for direct use.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ScriptCancellation
{
    private static readonly AsyncLocal<CancellationToken> Current = new();

    /// <summary>
    /// Throws <see cref="OperationCanceledException"/> when the running cell has been interrupted, and
    /// <see cref="InsufficientExecutionStackException"/> when the thread's stack is nearly exhausted (runaway recursion).
    /// </summary>
    public static void ThrowIfCancellationRequested()
    {
        Current.Value.ThrowIfCancellationRequested();
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
    }

    /// <summary>The token of the cell running on this logical flow.</summary>
    public static CancellationToken Token => Current.Value;

    internal static void Set(CancellationToken token) => Current.Value = token;
}
