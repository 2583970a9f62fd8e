namespace AdaptiveEtl.Kit.SchemaEvolution.Shadow;

/// <summary>How a workload is replayed and timed.</summary>
/// <param name="WarmUpRuns">Untimed runs of each query first (caches, plans).</param>
/// <param name="Repeats">Timed runs of each query; its time is their median.</param>
/// <param name="QueryTimeout">Longest a single run may take; a slower one fails the replay.</param>
public sealed record ReplayOptions(int WarmUpRuns = 1, int Repeats = 5, TimeSpan? QueryTimeout = null)
{
    /// <summary>One warm-up, five timed repeats, 60 s timeout.</summary>
    public static ReplayOptions Default { get; } = new();

    internal void Validate()
    {
        if (WarmUpRuns < 0) throw new ArgumentOutOfRangeException(nameof(WarmUpRuns), WarmUpRuns, "must be ≥ 0");
        if (Repeats < 1) throw new ArgumentOutOfRangeException(nameof(Repeats), Repeats, "must be ≥ 1");
    }

    internal int TimeoutSeconds => (int)Math.Ceiling((QueryTimeout ?? TimeSpan.FromSeconds(60)).TotalSeconds);
}
