namespace AdaptiveEtl.Kit.Proactive;

/// <summary>Where <see cref="ProactiveLoop"/> learns that real triggers fired: a replayed trace, marker files, a scheduler.</summary>
public interface ITriggerFeed
{
    /// <summary>For a replayed trace, the time of the next trigger (so virtual time can jump to it); null for a live feed.</summary>
    DateTimeOffset? NextKnownTrigger { get; }

    /// <summary>The triggers that fired at or before <paramref name="now"/> and were not returned before, in time order.</summary>
    IReadOnlyList<TriggerEvent> Poll(DateTimeOffset now);
}
