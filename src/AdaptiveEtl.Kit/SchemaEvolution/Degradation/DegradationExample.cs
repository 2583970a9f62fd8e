namespace AdaptiveEtl.Kit.SchemaEvolution.Degradation;

/// <summary>
/// One training or prediction case: a query family at one period, described by what was known then (summary
/// <see cref="Features"/> for tree models, the raw <see cref="Window"/> for recurrent ones), and whether the family degraded
/// within the horizon after it (<see cref="Label"/>; null when the horizon runs past the end of the data).
/// </summary>
/// <param name="Family">The query family.</param>
/// <param name="Period">The period index the case stands at (data up to and including it is known).</param>
/// <param name="Features">Summary features, named by <see cref="DegradationFeatureBuilder.FeatureNames"/>.</param>
/// <param name="Window">The last <see cref="DegradationOptions.Lookback"/> periods, row-major [period, channel], channels named by <see cref="DegradationFeatureBuilder.ChannelNames"/>.</param>
/// <param name="Label">True when latency exceeds the threshold within the horizon; null when not yet known.</param>
public sealed record DegradationExample(string Family, int Period, float[] Features, float[] Window, bool? Label);
