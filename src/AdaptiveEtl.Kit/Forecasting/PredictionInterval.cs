namespace AdaptiveEtl.Kit.Forecasting;

/// <summary>A central prediction interval at one coverage level (e.g. 0.8 or 0.95) for every forecast step.</summary>
/// <param name="Level">Nominal coverage in (0, 1).</param>
/// <param name="Lower">Lower bound per step.</param>
/// <param name="Upper">Upper bound per step.</param>
public sealed record PredictionInterval(double Level, IReadOnlyList<double> Lower, IReadOnlyList<double> Upper);
