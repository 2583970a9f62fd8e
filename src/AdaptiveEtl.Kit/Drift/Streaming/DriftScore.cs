namespace AdaptiveEtl.Kit.Drift.Streaming;

/// <summary>One row of the <c>drift_scores</c> history table.</summary>
/// <param name="Pipeline">Pipeline name.</param>
/// <param name="WindowEnd">End of the evaluated window.</param>
/// <param name="Column">Column name, or <see cref="DriftScoreStore.DatasetColumn"/> for the dataset row.</param>
/// <param name="Method">Method name (<see cref="DriftMethod"/>, or <c>dataset</c>).</param>
/// <param name="Statistic">The method's statistic (for the dataset row: the share of drifted columns).</param>
/// <param name="Signal">Drift signal in [0, 1].</param>
/// <param name="Drifted">Verdict.</param>
public sealed record DriftScore(string Pipeline, DateTimeOffset WindowEnd, string Column, string Method, double Statistic, double Signal, bool Drifted);
