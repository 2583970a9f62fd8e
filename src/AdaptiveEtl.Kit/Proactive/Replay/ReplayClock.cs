namespace AdaptiveEtl.Kit.Proactive.Replay;

/// <summary>
/// A clock that only moves when told to: <see cref="ProactiveLoop"/> jumps it from event to event when it replays a trace,
/// so a year of triggers replays in seconds. Hand-written rather than FakeTimeProvider (Microsoft.Extensions.TimeProvider.Testing)
/// because the replay is product code, not a test, and needs only <see cref="GetUtcNow"/> plus a monotonic jump.
/// </summary>
public sealed class ReplayClock : TimeProvider
{
    private DateTimeOffset _now;

    /// <summary>A clock standing at <paramref name="start"/>.</summary>
    public ReplayClock(DateTimeOffset start) => _now = start.ToUniversalTime();

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => _now;

    /// <summary>Moves the clock forward to <paramref name="time"/> (never backwards: an earlier time is ignored).</summary>
    public void AdvanceTo(DateTimeOffset time)
    {
        if (time > _now) _now = time.ToUniversalTime();
    }
}
