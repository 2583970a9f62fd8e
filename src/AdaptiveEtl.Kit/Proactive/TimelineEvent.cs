namespace AdaptiveEtl.Kit.Proactive;

/// <summary>One event of the loop's timeline.</summary>
/// <param name="Time">When it happened (virtual time in a replay).</param>
/// <param name="Pipeline">The pipeline.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Rows">Rows involved (fetched, dropped, ingested), or 0.</param>
/// <param name="Bytes">Bytes involved, or 0.</param>
/// <param name="Detail">A human-readable detail (the plan, the error).</param>
public sealed record TimelineEvent(DateTimeOffset Time, string Pipeline, TimelineEventKind Kind, long Rows, long Bytes, string Detail);
