namespace AdaptiveEtl.Kit.SchemaEvolution.Degradation;

/// <summary>
/// What "degradation" means and how far ahead it is predicted: a family degrades when its latency exceeds
/// <see cref="Threshold"/> × its baseline (the median latency of its first <see cref="BaselinePeriods"/> periods); the target
/// at period t is "that happens within the next <see cref="Horizon"/> periods".
/// </summary>
public sealed record DegradationOptions
{
    /// <summary>Latency multiple of the baseline that counts as degraded (default 1.5).</summary>
    public double Threshold { get; init; } = 1.5;

    /// <summary>Periods ahead the prediction covers (default 5).</summary>
    public int Horizon { get; init; } = 5;

    /// <summary>Periods of history each prediction sees (default 8).</summary>
    public int Lookback { get; init; } = 8;

    /// <summary>First periods whose median latency is the family's baseline (default 8).</summary>
    public int BaselinePeriods { get; init; } = 8;

    /// <summary>Predicted probability from which a prediction counts as an alarm (default 0.5).</summary>
    public double AlarmProbability { get; init; } = 0.5;

    /// <summary>The defaults.</summary>
    public static DegradationOptions Default { get; } = new();

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        if (!(Threshold > 1)) throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "The degradation threshold is a latency multiple above 1 (e.g. 1.5).");
        if (Horizon < 1) throw new ArgumentOutOfRangeException(nameof(Horizon), Horizon, "The horizon must be at least 1 period.");
        if (Lookback < 2) throw new ArgumentOutOfRangeException(nameof(Lookback), Lookback, "The lookback must be at least 2 periods.");
        if (BaselinePeriods < 1) throw new ArgumentOutOfRangeException(nameof(BaselinePeriods), BaselinePeriods, "The baseline needs at least 1 period.");
        if (!(AlarmProbability is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(AlarmProbability), AlarmProbability, "The alarm probability must lie in (0, 1).");
    }
}
