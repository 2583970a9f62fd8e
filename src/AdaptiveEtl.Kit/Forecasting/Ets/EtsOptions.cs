using AdaptiveEtl.Kit.Forecasting.Arima;

namespace AdaptiveEtl.Kit.Forecasting.Ets;

/// <summary>Settings of <see cref="EtsForecaster"/>, with the defaults of R's <c>forecast::ets</c>.</summary>
public sealed record EtsOptions
{
    /// <summary>A fixed model (e.g. <c>EtsSpec.Parse("AAdA")</c>); null selects automatically among the admissible models.</summary>
    public EtsSpec? Model { get; init; }

    /// <summary>Criterion of the automatic selection (default AICc).</summary>
    public InformationCriterion Criterion { get; init; } = InformationCriterion.Aicc;

    /// <summary>Consider multiplicative trends in the automatic selection (default false, as R).</summary>
    public bool AllowMultiplicativeTrend { get; init; }

    /// <summary>Only additive models in the automatic selection.</summary>
    public bool AdditiveOnly { get; init; }

    /// <summary>Maximum number of likelihood evaluations of the Nelder–Mead optimiser per model (default 2000).</summary>
    public int MaxIterations { get; init; } = 2000;

    /// <summary>Sample paths for the intervals of models without an analytic variance (default 5000).</summary>
    public int SimulationPaths { get; init; } = 5000;
}
