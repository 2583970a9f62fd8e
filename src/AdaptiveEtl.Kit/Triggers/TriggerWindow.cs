namespace AdaptiveEtl.Kit.Triggers;

/// <summary>A time window for the next trigger with its nominal coverage or probability.</summary>
/// <param name="Level">Nominal coverage (for an interval) or estimated probability (for the most likely window).</param>
/// <param name="From">Start of the window (UTC).</param>
/// <param name="To">End of the window (UTC).</param>
public sealed record TriggerWindow(double Level, DateTimeOffset From, DateTimeOffset To);
