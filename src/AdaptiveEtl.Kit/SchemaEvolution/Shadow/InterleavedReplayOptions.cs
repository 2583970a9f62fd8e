namespace AdaptiveEtl.Kit.SchemaEvolution.Shadow;

/// <summary>
/// How <see cref="InterleavedReplay"/> times a change on two identical shadows: rounds alternate between the copy without
/// and the copy with the change until the gain's confidence interval is narrow enough or a limit is reached.
/// </summary>
/// <param name="MinRounds">Rounds always run (each round times every family once on each copy); ≥ 2.</param>
/// <param name="MaxRounds">Rounds at most; ≥ <paramref name="MinRounds"/>.</param>
/// <param name="Tolerance">Stop once the 95 % confidence interval of the gain is at most ± this (default 0.02 = ±2 points).</param>
/// <param name="Budget">Stop after this much measuring time even if the interval is wider (default 2 minutes).</param>
public sealed record InterleavedReplayOptions(int MinRounds = 5, int MaxRounds = 30, double Tolerance = 0.02, TimeSpan? Budget = null)
{
    /// <summary>5 to 30 rounds, ±2 points, 2 minutes.</summary>
    public static InterleavedReplayOptions Default { get; } = new();

    internal TimeSpan EffectiveBudget => Budget ?? TimeSpan.FromMinutes(2);

    internal void Validate()
    {
        if (MinRounds < 2) throw new ArgumentOutOfRangeException(nameof(MinRounds), MinRounds, "must be ≥ 2 (an interval needs two rounds)");
        if (MaxRounds < MinRounds) throw new ArgumentOutOfRangeException(nameof(MaxRounds), MaxRounds, $"must be ≥ MinRounds ({MinRounds})");
        if (!(Tolerance > 0)) throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "must be > 0");
        if (Budget is { } b && b <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Budget), b, "must be positive");
    }
}
