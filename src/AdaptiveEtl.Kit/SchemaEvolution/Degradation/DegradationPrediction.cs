namespace AdaptiveEtl.Kit.SchemaEvolution.Degradation;

/// <summary>A model's probability that <paramref name="Family"/> degrades within the horizon after <paramref name="Period"/>.</summary>
/// <param name="Family">The query family.</param>
/// <param name="Period">The period the prediction was made at.</param>
/// <param name="Probability">Predicted probability in [0, 1].</param>
/// <param name="Label">What happened (null when the horizon runs past the data).</param>
public sealed record DegradationPrediction(string Family, int Period, double Probability, bool? Label);
