namespace AdaptiveEtl.Kit.Forecasting.Backtesting;

/// <summary>Rolling-origin evaluation settings of the <see cref="Backtester"/>.</summary>
public sealed record BacktestOptions
{
    /// <summary>Observations in the first training window; null = half of the series (at least 3).</summary>
    public int? InitialWindow { get; init; }

    /// <summary>Observations the origin moves forward between forecasts, default 1.</summary>
    public int Step { get; init; } = 1;

    /// <summary>Steps forecast from each origin, default 1.</summary>
    public int Horizon { get; init; } = 1;

    /// <summary>
    /// Refit every k-th origin, default 1 (refit at every origin). In between, the last fitted model forecasts further ahead
    /// from its own end and the steps that fall after the current origin are scored (the kit's forecasters have no
    /// online update, so this is what "forecast from the last fit" means).
    /// </summary>
    public int RefitEvery { get; init; } = 1;

    /// <summary>Keep only the last N origins (bounds the cost on long series); null = all.</summary>
    public int? MaxOrigins { get; init; }

    /// <summary>Level of the interval scored for coverage, width and Winkler, default 0.8.</summary>
    public double Level { get; init; } = 0.8;

    /// <summary>Metric that ranks the models, default <see cref="SelectionMetric.Mase"/>.</summary>
    public SelectionMetric SelectBy { get; init; } = SelectionMetric.Mase;

    /// <summary>Series evaluated in parallel by <see cref="Backtester.RunMany"/>, default all cores.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Seed passed to simulation-based models; results are deterministic for a given seed.</summary>
    public int Seed { get; init; } = 42;
}
