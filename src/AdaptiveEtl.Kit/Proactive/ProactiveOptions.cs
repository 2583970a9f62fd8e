using AdaptiveEtl.Kit.Proactive.Scheduling;
using AdaptiveEtl.Kit.Triggers;

namespace AdaptiveEtl.Kit.Proactive;

/// <summary>How <see cref="ProactiveLoop"/> predicts, plans, retries and feeds back.</summary>
public sealed record ProactiveOptions
{
    /// <summary>How plans are made from predictions (window level, lead time, workers).</summary>
    public PrefetchOptions Prefetch { get; init; } = new();

    /// <summary>
    /// The prediction options; their <see cref="TriggerPredictionOptions.Levels"/> must contain the plan's window, expiry and
    /// volume levels. Predictions are not saved to the store by default (the loop makes many).
    /// </summary>
    public TriggerPredictionOptions Prediction { get; init; } = new() { Levels = [0.8, 0.95], SaveToStore = false };

    /// <summary>While waiting for a trigger, how often the prediction is refreshed (and the plan re-made). Default 1 hour.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Whether each verdict is fed back into the predictor's adaptive-conformal calibration. Default true.</summary>
    public bool FeedCalibration { get; init; } = true;

    /// <summary>Whether each run is appended to the run-history store (actual trigger, volume, duration). Default true.</summary>
    public bool RecordRuns { get; init; } = true;

    /// <summary>First retry delay after a source failure; doubled per consecutive failure. Default 30 s.</summary>
    public TimeSpan RetryBase { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest retry delay. Default 15 minutes.</summary>
    public TimeSpan RetryMax { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>For a live feed, how often it is polled for triggers. Default 5 s.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);
}
