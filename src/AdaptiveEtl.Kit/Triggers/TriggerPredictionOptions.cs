using AdaptiveEtl.Kit.Forecasting.Backtesting;

namespace AdaptiveEtl.Kit.Triggers;

/// <summary>Settings of <see cref="TriggerPredictor.PredictNextTrigger"/>.</summary>
public sealed record TriggerPredictionOptions
{
    /// <summary>Coverage levels of the intervals, default 0.8 and 0.95; the first is the one the backtest scores.</summary>
    public IReadOnlyList<double> Levels { get; init; } = [0.8, 0.95];

    /// <summary>Quantiles to report, default 0.1, 0.25, 0.5, 0.75, 0.9.</summary>
    public IReadOnlyList<double> Quantiles { get; init; } = [0.1, 0.25, 0.5, 0.75, 0.9];

    /// <summary>Width of the most likely window; null = the interquartile range of the predicted trigger time (at least one minute).</summary>
    public TimeSpan? WindowWidth { get; init; }

    /// <summary>Fewest runs before <c>asOf</c> a pipeline needs, default 10.</summary>
    public int MinimumRuns { get; init; } = 10;

    /// <summary>Use only the most recent N runs, default 1000 (bounds the cost of hourly pipelines).</summary>
    public int MaxHistory { get; init; } = 1000;

    /// <summary>Backtest that selects the model and provides the conformal residuals: by default the last 60 one-step origins, refit every 5.</summary>
    public BacktestOptions Backtest { get; init; } = new() { MaxOrigins = 60, RefitEvery = 5, Horizon = 1 };

    /// <summary>Step size γ of adaptive conformal inference, default 0.05 (fast enough to react within tens of triggers).</summary>
    public double AciGamma { get; init; } = 0.05;

    /// <summary>
    /// Forecast the logarithm of the gaps (default true): residuals and intervals become multiplicative, which suits the
    /// skewed gaps of event-driven feeds and keeps every predicted gap positive. Backtest MASE of the gap target is then on the
    /// log scale; the conformal coverage, width and Winkler score are reported in hours.
    /// </summary>
    public bool LogGaps { get; init; } = true;

    /// <summary>
    /// Detect schedule-driven pipelines (default true): when the gaps are regular (most within 10% of P, 2P, 3P or 4P for the
    /// median gap P, and the trigger phases concentrated), the trigger time is predicted as the next grid slot that is not off
    /// (a position of the week that never held a run, or a skipped holiday; see <see cref="TriggerPredictor"/>) plus a forecast
    /// offset (target <c>phase_minutes</c>), so a one-off late run does not shift the predicted schedule. False, or an
    /// irregular pipeline, forecasts the gaps (target <c>gap_hours</c>).
    /// </summary>
    public bool DetectSchedule { get; init; } = true;

    /// <summary>Save the models and the prediction in the store, default true.</summary>
    public bool SaveToStore { get; init; } = true;
}
