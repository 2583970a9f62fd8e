namespace AdaptiveEtl.Kit.Proactive;

/// <summary>
/// One pre-fetch request that has been read from the source but not yet committed to staging. The loop commits it when
/// its (measured or simulated) duration has passed, or abandons it when the real trigger arrives first, so a slow
/// pre-fetch never holds up the run and never leaves half a batch behind.
/// </summary>
public abstract class FetchTicket
{
    /// <summary>Creates a ticket for <paramref name="rows"/> rows and <paramref name="bytes"/> bytes that took <paramref name="duration"/>.</summary>
    protected FetchTicket(long rows, long bytes, TimeSpan duration)
    {
        Rows = rows;
        Bytes = bytes;
        Duration = duration;
    }

    /// <summary>Rows read.</summary>
    public long Rows { get; }

    /// <summary>Bytes read.</summary>
    public long Bytes { get; }

    /// <summary>How long the fetch took (measured for a real source, computed for a simulated one).</summary>
    public TimeSpan Duration { get; }

    /// <summary>
    /// True when the read itself already committed the rows to staging (a staging store that stages part by part): an
    /// abandoned ticket then stays staged and is used by the run, so it is not counted as waste.
    /// </summary>
    public virtual bool IsStaged => false;

    /// <summary>Stages the rows and advances the watermark in one transaction.</summary>
    public abstract Task CommitAsync(CancellationToken cancellationToken);

    /// <summary>Drops the rows without touching staging or the watermark.</summary>
    public abstract void Abandon();
}
