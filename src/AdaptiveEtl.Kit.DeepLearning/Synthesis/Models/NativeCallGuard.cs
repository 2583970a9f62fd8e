using System.Runtime;

namespace AdaptiveEtl.Kit.DeepLearning.Synthesis.Models;

/// <summary>
/// Keeps the .NET garbage collector out of one training or sampling step (<see cref="GC.TryStartNoGCRegion(long)"/>).
/// TorchSharp 0.107 passes temporary <c>Scalar</c> objects (e.g. the implicit alpha = 1 of every tensor + tensor) to
/// native calls without keeping them alive; a collection during such a call can finalise the Scalar mid-call and libtorch
/// then fails with "Unknown scalar type" or "Expected false to be true" (seen after ~100 epochs; TorchSharp PR #1434 is
/// the upstream fix). With no collection inside a step, the temporaries of that step are only collected afterwards.
/// If the region cannot be entered (already in one, budget too large) or is left early, the step runs unguarded.
/// </summary>
internal readonly struct NativeCallGuard : IDisposable
{
    private const long Budget = 64L * 1024 * 1024;
    private readonly bool _entered;

    private NativeCallGuard(bool entered) => _entered = entered;

    /// <summary>Enters a no-GC region for the current step.</summary>
    public static NativeCallGuard Enter()
    {
        try
        {
            return new NativeCallGuard(GCSettings.LatencyMode != GCLatencyMode.NoGCRegion && GC.TryStartNoGCRegion(Budget));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentOutOfRangeException)
        {
            return new NativeCallGuard(false);
        }
    }

    /// <summary>Leaves the region (if it is still active).</summary>
    public void Dispose()
    {
        if (!_entered || GCSettings.LatencyMode != GCLatencyMode.NoGCRegion) return;
        try
        {
            GC.EndNoGCRegion();
        }
        catch (InvalidOperationException)
        {
            // The budget was exceeded and the runtime already left the region.
        }
    }
}
