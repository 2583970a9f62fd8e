using AdaptiveEtl.Kit.Proactive.Sources;

namespace AdaptiveEtl.Kit.Proactive;

/// <summary>
/// What <see cref="ProactiveLoop"/> drives for one pipeline: pre-fetch what is new from its source into staging, drop the
/// staged data of an expired plan, and run the pipeline at trigger time (staged data plus an on-demand fetch). The loop
/// owns the timing; the workload owns the data. Implement it in a notebook cell to plug in your own source.
/// </summary>
public interface IProactiveWorkload
{
    /// <summary>The pipeline name (as in the run history).</summary>
    string Pipeline { get; }

    /// <summary>The source name (per-source concurrency limits key on it).</summary>
    string Source { get; }

    /// <summary>The source's current speed estimate (updated from measured fetches).</summary>
    SourceSpeed Speed { get; }

    /// <summary>Reads what is new since the staged watermark, up to <paramref name="now"/>; null when nothing is new.</summary>
    Task<FetchTicket?> FetchAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Drops the staged (not yet published) data and rewinds the watermark to the last published one; returns the rows and bytes dropped.</summary>
    Task<(long Rows, long Bytes)> DiscardStagedAsync(CancellationToken cancellationToken);

    /// <summary>Runs the pipeline for a trigger at <paramref name="trigger"/>: staged data plus an on-demand fetch of the rest, transform, publish atomically.</summary>
    Task<HybridRunOutcome> RunAsync(DateTimeOffset trigger, CancellationToken cancellationToken);

}
