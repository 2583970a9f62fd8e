namespace AdaptiveEtl.Kit.Triggers;

/// <summary>A conformal interval of the next run's volume.</summary>
/// <param name="Level">Nominal coverage.</param>
/// <param name="Lower">Lower bound (≥ 0).</param>
/// <param name="Upper">Upper bound.</param>
public sealed record VolumeInterval(double Level, double Lower, double Upper);
