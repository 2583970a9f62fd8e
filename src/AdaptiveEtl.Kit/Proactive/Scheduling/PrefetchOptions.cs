namespace AdaptiveEtl.Kit.Proactive.Scheduling;

/// <summary>How the pre-fetch scheduler turns a trigger prediction into a plan.</summary>
public sealed record PrefetchOptions
{
    /// <summary>The interval level whose window the plan targets (must be one of the prediction's levels). Default 0.8.</summary>
    public double WindowLevel { get; init; } = 0.8;

    /// <summary>The interval level whose end is the expiry of the plan (the widest window trusted). Default 0.95.</summary>
    public double ExpiryLevel { get; init; } = 0.95;

    /// <summary>Which upper volume bound sizes the lead time: the upper end of the bytes interval at this level. Default 0.8.</summary>
    public double VolumeLevel { get; init; } = 0.8;

    /// <summary>Multiplier on the estimated fetch time of the predicted volume (head room for a slower source). Default 1.5.</summary>
    public double SafetyFactor { get; init; } = 1.5;

    /// <summary>Lead time never shorter than this. Default 2 minutes.</summary>
    public TimeSpan MinimumLead { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Time between incremental pre-fetch rounds inside the plan (each round fetches only what is new since the watermark).
    /// Null: a twentieth of the planned span, between <see cref="MinimumRoundInterval"/> and one hour.
    /// </summary>
    public TimeSpan? RoundInterval { get; init; }

    /// <summary>Lower bound of the automatic round interval. Default 1 minute.</summary>
    public TimeSpan MinimumRoundInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long after the expiry window ends a plan stays alive before it is expired. Default zero.</summary>
    public TimeSpan ExpiryGrace { get; init; } = TimeSpan.Zero;

    /// <summary>Pre-fetch requests in flight at once over all sources. Default 4.</summary>
    public int MaxWorkers { get; init; } = 4;

    /// <summary>Pre-fetch requests in flight at once against one source. Default 1.</summary>
    public int MaxPerSource { get; init; } = 1;

    /// <summary>Checks the options; throws an <see cref="ArgumentException"/> naming the bad one.</summary>
    public void Validate()
    {
        if (!(WindowLevel > 0 && WindowLevel < 1)) throw new ArgumentException($"WindowLevel {WindowLevel} is not in (0, 1).");
        if (!(ExpiryLevel > 0 && ExpiryLevel < 1)) throw new ArgumentException($"ExpiryLevel {ExpiryLevel} is not in (0, 1).");
        if (!(VolumeLevel > 0 && VolumeLevel < 1)) throw new ArgumentException($"VolumeLevel {VolumeLevel} is not in (0, 1).");
        if (!(SafetyFactor >= 1) || !double.IsFinite(SafetyFactor)) throw new ArgumentException($"SafetyFactor {SafetyFactor} must be >= 1.");
        if (MinimumLead < TimeSpan.Zero) throw new ArgumentException("MinimumLead must not be negative.");
        if (RoundInterval is { } r && r <= TimeSpan.Zero) throw new ArgumentException("RoundInterval must be positive.");
        if (MinimumRoundInterval <= TimeSpan.Zero) throw new ArgumentException("MinimumRoundInterval must be positive.");
        if (ExpiryGrace < TimeSpan.Zero) throw new ArgumentException("ExpiryGrace must not be negative.");
        if (MaxWorkers < 1) throw new ArgumentException("MaxWorkers must be at least 1.");
        if (MaxPerSource < 1) throw new ArgumentException("MaxPerSource must be at least 1.");
    }
}
