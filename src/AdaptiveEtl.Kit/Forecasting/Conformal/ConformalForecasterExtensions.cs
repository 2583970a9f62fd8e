using AdaptiveEtl.Kit.Forecasting.Backtesting;

namespace AdaptiveEtl.Kit.Forecasting.Conformal;

/// <summary>The one option that gives any forecaster conformal intervals.</summary>
public static class ConformalForecasterExtensions
{
    /// <summary>A candidate whose models carry split-conformal intervals (<see cref="ConformalForecaster"/>), named "&lt;name&gt;+conformal".</summary>
    /// <example><code>var candidates = kit.Forecasters.DefaultCandidates().Select(c => c.WithConformalIntervals(new(Horizon: 1, Windows: 20)));</code></example>
    public static ForecasterCandidate WithConformalIntervals(this ForecasterCandidate candidate, ConformalIntervalOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return new ForecasterCandidate(candidate.Name + "+conformal", () => new ConformalForecaster(candidate.Create, options));
    }
}
