using AdaptiveEtl.Kit.Forecasting.Backtesting;
using AdaptiveEtl.Kit.Proactive.Sources;
using AdaptiveEtl.Kit.Triggers;

namespace AdaptiveEtl.Kit.Proactive.Replay;

/// <summary>How <see cref="TraceReplayer"/> simulates the source and the pipeline, and which loop options it uses.</summary>
public sealed record TraceReplayOptions
{
    /// <summary>The simulated slow source: latency 2 s, 256 KiB/s by default.</summary>
    public SourceSpeed Speed { get; init; } = new(TimeSpan.FromSeconds(2), 256 * 1024, 1);

    /// <summary>Fixed cost of one pipeline execution. Default 1 s.</summary>
    public TimeSpan TransformFixed { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Cost per row of the pipeline execution. Default 2 µs.</summary>
    public TimeSpan TransformPerRow { get; init; } = TimeSpan.FromTicks(20);

    /// <summary>Source outages (fetches fail, runs wait), per pipeline; none by default.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)>> Outages { get; init; } =
        new Dictionary<string, IReadOnlyList<(DateTimeOffset, DateTimeOffset)>>();

    /// <summary>
    /// The forecasters the replay's predictor uses. Default: seasonal naive only, without the Prophet-style model, so a
    /// replay of hundreds of triggers with hourly refreshes takes seconds; pass <c>kit.Forecasters.DefaultCandidates()</c> for the full set.
    /// </summary>
    public IReadOnlyList<ForecasterCandidate>? Candidates { get; init; }

    /// <summary>Include the Prophet-style model (slow; default false).</summary>
    public bool IncludeProphet { get; init; }

    /// <summary>
    /// The loop options (plan, refresh cadence, feedback). Default: refresh every 6 hours, predictions from the last 200 runs
    /// with a 20-origin backtest, so a replay stays fast.
    /// </summary>
    public ProactiveOptions Loop { get; init; } = new()
    {
        RefreshInterval = TimeSpan.FromHours(6),
        Prediction = new TriggerPredictionOptions
        {
            Levels = [0.8, 0.95], SaveToStore = false, MaxHistory = 200,
            Backtest = new BacktestOptions { MaxOrigins = 20, RefitEvery = 10, Horizon = 1 },
        },
    };
}
