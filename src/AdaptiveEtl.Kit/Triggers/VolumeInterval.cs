namespace AdaptiveEtl.Kit.Triggers;

/// <summary>A conformal interval of the next run's volume.</summary>
/// <param name="Level">Nominal coverage.</param>
/// <param name="Lower">Lower bound (≥ 0).</param>
/// <param name="Upper">Upper bound; +∞ when the calibration residuals are too few to bound the level (see <see cref="TriggerPrediction.Intervals"/>).</param>
public sealed record VolumeInterval(double Level, double Lower, double Upper);
