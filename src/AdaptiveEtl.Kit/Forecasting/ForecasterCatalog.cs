using AdaptiveEtl.Kit.Forecasting.Arima;
using AdaptiveEtl.Kit.Forecasting.Backtesting;
using AdaptiveEtl.Kit.Forecasting.Baselines;
using AdaptiveEtl.Kit.Forecasting.Ets;
using AdaptiveEtl.Kit.Forecasting.Prophet;

namespace AdaptiveEtl.Kit.Forecasting;

/// <summary>
/// Every forecaster of the core in one place (<c>kit.Forecasters.</c> + Tab): each method returns a new, unfitted model with
/// sane defaults. All implement <see cref="IForecaster"/>, so any of them can be fitted, backtested and saved the same way.
/// The LSTM of <c>AdaptiveEtl.Kit.DeepLearning</c> joins through an extension method (<c>kit.Forecasters.Lstm()</c>).
/// </summary>
public sealed class ForecasterCatalog
{
    /// <summary>Repeats the last observation (random walk).</summary>
    public NaiveForecaster Naive() => new();

    /// <summary>Repeats the value one season earlier.</summary>
    public SeasonalNaiveForecaster SeasonalNaive() => new();

    /// <summary>Forecasts the historical mean.</summary>
    public MeanForecaster Mean() => new();

    /// <summary>Exponential smoothing (ETS), model chosen automatically by AICc unless <paramref name="options"/> fixes it.</summary>
    public EtsForecaster Ets(EtsOptions? options = null) => options is null ? new() : new(options);

    /// <summary>Auto-ARIMA with the Hyndman–Khandakar stepwise search (agrees with R's <c>forecast::auto.arima</c>).</summary>
    public AutoArimaForecaster AutoArima(AutoArimaOptions? options = null) => options is null ? new() : new(options);

    /// <summary>An ARIMA model of a given order.</summary>
    public ArimaForecaster Arima(ArimaOptions options) => new(options);

    /// <summary>The Prophet-style additive model (trend changepoints, Fourier seasonalities, holidays).</summary>
    public ProphetForecaster Prophet(ProphetOptions? options = null) => options is null ? new() : new(options);

    /// <summary>
    /// The candidates the trigger predictor backtests by default besides its Prophet-style model: seasonal naive, ETS and
    /// auto-ARIMA.
    /// </summary>
    public IReadOnlyList<ForecasterCandidate> DefaultCandidates() =>
    [
        new("SeasonalNaive", () => new SeasonalNaiveForecaster()),
        new("ETS", () => new EtsForecaster()),
        new("AutoARIMA", () => new AutoArimaForecaster()),
    ];
}
