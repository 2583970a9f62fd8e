namespace AdaptiveEtl.Kit.Drift.Streaming;

/// <summary>The drift evaluation of one window of batches.</summary>
/// <param name="Pipeline">Pipeline name.</param>
/// <param name="WindowStart">Time of the window's first batch.</param>
/// <param name="WindowEnd">Time of the window's last batch.</param>
/// <param name="Batches">Batches in the window.</param>
/// <param name="Report">The per-column comparison of the window against the reference profile.</param>
/// <param name="Alerted">True when the window raised an alert.</param>
public sealed record DriftWindowResult(string Pipeline, DateTimeOffset WindowStart, DateTimeOffset WindowEnd, int Batches, DriftReport Report, bool Alerted);
