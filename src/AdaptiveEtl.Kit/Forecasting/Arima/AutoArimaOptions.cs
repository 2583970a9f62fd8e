namespace AdaptiveEtl.Kit.Forecasting.Arima;

/// <summary>
/// Settings of <see cref="AutoArimaForecaster"/>, with the defaults of R's <c>forecast::auto.arima</c>.
/// </summary>
public sealed record AutoArimaOptions
{
    /// <summary>Consider seasonal models when the series has a seasonal period (default true).</summary>
    public bool Seasonal { get; init; } = true;

    /// <summary>Hyndman–Khandakar stepwise search (default) instead of trying every model within the limits.</summary>
    public bool Stepwise { get; init; } = true;

    /// <summary>Maximum p (default 5).</summary>
    public int MaxP { get; init; } = 5;

    /// <summary>Maximum q (default 5).</summary>
    public int MaxQ { get; init; } = 5;

    /// <summary>Maximum seasonal P (default 2).</summary>
    public int MaxSeasonalP { get; init; } = 2;

    /// <summary>Maximum seasonal Q (default 2).</summary>
    public int MaxSeasonalQ { get; init; } = 2;

    /// <summary>
    /// Maximum p + q + P + Q (default 5) in the exhaustive search (<see cref="Stepwise"/> = false). Like forecast 8.x, the
    /// stepwise search bounds each order separately and does not apply this limit.
    /// </summary>
    public int MaxOrder { get; init; } = 5;

    /// <summary>Maximum number of first differences chosen by the KPSS tests (default 2).</summary>
    public int MaxD { get; init; } = 2;

    /// <summary>Maximum number of seasonal differences (default 1).</summary>
    public int MaxSeasonalD { get; init; } = 1;

    /// <summary>Fixed number of first differences; null chooses it by repeated KPSS tests.</summary>
    public int? D { get; init; }

    /// <summary>Fixed number of seasonal differences; null chooses it by the seasonal-strength test.</summary>
    public int? SeasonalD { get; init; }

    /// <summary>Only stationary models (d = D = 0).</summary>
    public bool Stationary { get; init; }

    /// <summary>Criterion to minimise (default AICc).</summary>
    public InformationCriterion Criterion { get; init; } = InformationCriterion.Aicc;

    /// <summary>Allow a drift when d + D = 1 (default true).</summary>
    public bool AllowDrift { get; init; } = true;

    /// <summary>Allow a non-zero mean when d + D = 0 (default true).</summary>
    public bool AllowMean { get; init; } = true;

    /// <summary>
    /// Search with conditional-sum-of-squares fits and re-fit the winners by maximum likelihood; null uses R's rule
    /// (series longer than 150 or period above 12).
    /// </summary>
    public bool? Approximation { get; init; }

    /// <summary>Maximum number of models the stepwise search fits (default 94).</summary>
    public int MaxModels { get; init; } = 94;

    /// <summary>Significance level of the KPSS tests (default 0.05).</summary>
    public double Alpha { get; init; } = 0.05;
}
