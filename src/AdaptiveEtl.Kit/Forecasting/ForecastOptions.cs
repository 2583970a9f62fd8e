namespace AdaptiveEtl.Kit.Forecasting;

/// <summary>What a forecast call returns besides the point forecast.</summary>
public sealed record ForecastOptions
{
    /// <summary>Coverage levels of the central intervals, default 0.8 and 0.95.</summary>
    public IReadOnlyList<double> Levels { get; init; } = [0.8, 0.95];

    /// <summary>Quantile probabilities to report, default 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95.</summary>
    public IReadOnlyList<double> Quantiles { get; init; } = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95];

    /// <summary>Future values of the exogenous regressors (horizon rows), required when the model was fitted with regressors.</summary>
    public double[,]? FutureExogenous { get; init; }

    /// <summary>
    /// Timestamps of the forecast steps (at least horizon, strictly increasing, after the last observation); null places them
    /// by calendar months when the history is month/quarter/year regular, otherwise at the median spacing. Prophet-style
    /// models evaluate their trend and seasonality at these instants.
    /// </summary>
    public IReadOnlyList<DateTimeOffset>? FutureTimestamps { get; init; }

    /// <summary>Seed for models whose intervals are simulated (Prophet-style, LSTM); null picks a fixed default.</summary>
    public int? Seed { get; init; }

    /// <summary>The default options.</summary>
    public static ForecastOptions Default { get; } = new();
}
