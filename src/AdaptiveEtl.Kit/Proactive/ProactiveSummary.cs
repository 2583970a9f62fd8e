using System.Globalization;

namespace AdaptiveEtl.Kit.Proactive;

/// <summary>Figures over the triggers of one pipeline (or all, when <see cref="Pipeline"/> is <c>*</c>).</summary>
/// <param name="Pipeline">The pipeline, or <c>*</c>.</param>
/// <param name="Triggers">Triggers counted.</param>
/// <param name="MedianProactive">Median trigger→data-ready, hybrid.</param>
/// <param name="P95Proactive">95th percentile trigger→data-ready, hybrid.</param>
/// <param name="MedianReactive">Median trigger→data-ready, reactive.</param>
/// <param name="P95Reactive">95th percentile trigger→data-ready, reactive.</param>
/// <param name="PrefetchedBytes">Bytes pre-fetched over all triggers.</param>
/// <param name="WastedBytes">Pre-fetched bytes wasted.</param>
/// <param name="InWindowShare">Share of validated triggers inside a predicted interval.</param>
/// <param name="PlausibleVolumeShare">Share of validated triggers whose volume lay inside the widest predicted interval.</param>
public sealed record ProactiveSummary(string Pipeline, int Triggers, TimeSpan MedianProactive, TimeSpan P95Proactive, TimeSpan MedianReactive, TimeSpan P95Reactive,
    long PrefetchedBytes, long WastedBytes, double InWindowShare, double PlausibleVolumeShare)
{
    /// <summary>Share of pre-fetched bytes wasted (0 when nothing was pre-fetched).</summary>
    public double WastedShare => PrefetchedBytes > 0 ? (double)WastedBytes / PrefetchedBytes : 0;

    /// <summary>Median reactive over median proactive trigger→data-ready.</summary>
    public double MedianSpeedup => MedianProactive > TimeSpan.Zero ? MedianReactive / MedianProactive : double.PositiveInfinity;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Pipeline}: {Triggers} triggers, trigger→ready median {MedianProactive.TotalSeconds:0.0} s (p95 {P95Proactive.TotalSeconds:0.0} s) proactive vs {MedianReactive.TotalSeconds:0.0} s (p95 {P95Reactive.TotalSeconds:0.0} s) reactive = {MedianSpeedup:0.0}x; {WastedShare:P1} of {PrefetchedBytes:N0} pre-fetched bytes wasted");
}
