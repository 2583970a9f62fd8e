using AdaptiveEtl.Kit.Proactive.Validation;

namespace AdaptiveEtl.Kit.Proactive;

/// <summary>
/// What pre-fetching bought for one trigger: rows and bytes pre-fetched, used by the run and wasted (dropped on expiry or
/// abandoned in flight), the lead time, and trigger→data-ready of the hybrid run next to a purely reactive one.
/// </summary>
/// <param name="Pipeline">The pipeline.</param>
/// <param name="Trigger">When the trigger fired.</param>
/// <param name="Plans">How many plans (first + re-plans) the cycle had.</param>
/// <param name="Lead">Trigger time minus the start of the first pre-fetch of the cycle; null when nothing was pre-fetched.</param>
/// <param name="PrefetchedRows">Rows pre-fetched in the cycle (committed or abandoned).</param>
/// <param name="PrefetchedBytes">Bytes pre-fetched in the cycle.</param>
/// <param name="UsedRows">Pre-fetched rows the run used.</param>
/// <param name="UsedBytes">Pre-fetched bytes the run used.</param>
/// <param name="WastedRows">Pre-fetched rows dropped (expiry) or abandoned (in flight at the trigger).</param>
/// <param name="WastedBytes">Pre-fetched bytes dropped or abandoned.</param>
/// <param name="OnDemandRows">Rows fetched at trigger time.</param>
/// <param name="OnDemandBytes">Bytes fetched at trigger time.</param>
/// <param name="ProactiveReady">Trigger→data-ready of the hybrid run.</param>
/// <param name="ReactiveReady">Trigger→data-ready of a reactive run (fetch all at the source's speed + the same transformation).</param>
/// <param name="SourceFailures">Failed pre-fetch requests in the cycle.</param>
/// <param name="Verdict">The validation verdict, null when there was no prediction.</param>
public sealed record TriggerMetrics(
    string Pipeline, DateTimeOffset Trigger, int Plans, TimeSpan? Lead,
    long PrefetchedRows, long PrefetchedBytes, long UsedRows, long UsedBytes, long WastedRows, long WastedBytes,
    long OnDemandRows, long OnDemandBytes, TimeSpan ProactiveReady, TimeSpan ReactiveReady, int SourceFailures, TriggerVerdict? Verdict)
{
    /// <summary>Reactive over proactive trigger→data-ready (how many times faster the hybrid run was ready).</summary>
    public double Speedup => ProactiveReady > TimeSpan.Zero ? ReactiveReady / ProactiveReady : double.PositiveInfinity;
}
