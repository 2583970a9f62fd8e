namespace AdaptiveEtl.Kit.Proactive;

/// <summary>What happened at a point of the <see cref="ProactiveRunReport.Timeline"/>.</summary>
public enum TimelineEventKind
{
    /// <summary>A pre-fetch plan was made or re-made from a refreshed prediction.</summary>
    Planned,
    /// <summary>A pre-fetch round read new data and committed it to staging.</summary>
    Prefetched,
    /// <summary>A pre-fetch in flight when the trigger came was dropped (the run does not wait for it).</summary>
    PrefetchAbandoned,
    /// <summary>The source failed; the round is retried with backoff.</summary>
    SourceDown,
    /// <summary>The plan's window passed without a trigger; staged data was dropped.</summary>
    Expired,
    /// <summary>A real trigger fired.</summary>
    Trigger,
    /// <summary>The run finished; its data is published.</summary>
    DataReady,
    /// <summary>The run failed.</summary>
    RunFailed,
    /// <summary>No prediction could be made (too little history); the loop runs reactively until there is one.</summary>
    NoPrediction,
}
