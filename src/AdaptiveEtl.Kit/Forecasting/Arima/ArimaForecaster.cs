using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Forecasting.Statistics;

namespace AdaptiveEtl.Kit.Forecasting.Arima;

/// <summary>
/// A regression with seasonal ARIMA(p,d,q)(P,D,Q)[m] errors of a given order, estimated by exact Gaussian maximum
/// likelihood as R's <c>forecast::Arima</c> (conditional-sum-of-squares start, Kalman-filter likelihood with a diffuse
/// prior on the differencing states). Exogenous regressors come from <see cref="TimeSeries.Exogenous"/>; their future
/// values from <see cref="ForecastOptions.FutureExogenous"/>.
/// </summary>
/// <example><code>
/// var model = new ArimaForecaster(new ArimaOptions { Order = new ArimaOrder(0, 1, 1, 0, 1, 1, 12) }).Fit(series);
/// var forecast = model.Forecast(24);
/// </code></example>
public sealed class ArimaForecaster : ForecasterBase
{
    private TimeSeries? _series;

    /// <summary>Creates an unfitted model with the given settings (default ARIMA(0,1,1) with drift).</summary>
    public ArimaForecaster(ArimaOptions? options = null)
    {
        Options = options ?? new ArimaOptions();
        Options.Order.Validate();
    }

    /// <summary>The settings.</summary>
    public ArimaOptions Options { get; }

    /// <summary>The fitted model, or null before <see cref="ForecasterBase.Fit"/>.</summary>
    public ArimaModel? Model { get; private set; }

    /// <inheritdoc />
    public override string Name => "ARIMA";

    /// <inheritdoc />
    public override bool IsFitted => Model is not null;

    /// <inheritdoc />
    public override ForecasterCapabilities Capabilities => ForecasterCapabilities.Exogenous | ForecasterCapabilities.Seasonality | ForecasterCapabilities.PredictionIntervals;

    /// <inheritdoc />
    protected override IForecaster FitCore(TimeSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var order = Options.Order;
        if (order.Period == 1 && order.SeasonalP + order.SeasonalD + order.SeasonalQ > 0)
        {
            if (series.SeasonalPeriod < 2)
                throw new KitDataException($"ARIMA order {order.SeasonalP},{order.SeasonalD},{order.SeasonalQ} has a seasonal part but the series has no seasonal period; set TimeSeries.seasonalPeriod or ArimaOrder.Period.", series.Name);
            order = order with { Period = series.SeasonalPeriod };
        }
        int minimum = order.TotalDifferences + Math.Max(order.P + order.Period * order.SeasonalP, 1) + ArimaStateSpace.ArmaCount(order) + 2;
        series.RequireLength(minimum, $"{Name} {order}");
        try
        {
            Model = ArimaFitting.Fit(series, order, Options.IncludeConstant, Options.Method);
        }
        catch (ArimaEstimator.FitFailedException e)
        {
            throw new KitDataException($"{order} could not be estimated: {e.Message}.", series.Name, inner: e);
        }
        _series = series;
        return this;
    }

    /// <inheritdoc />
    protected override ForecastResult ForecastCore(int horizon, ForecastOptions options)
    {
        if (horizon <= 0) throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "The forecast horizon must be positive.");
        if (Model is null || _series is null) throw new InvalidOperationException($"{Name}: call Fit before Forecast.");
        return ArimaFitting.Forecast(Model.Name, Model, _series, horizon, options);
    }

    /// <inheritdoc />
    public override string Describe() => Model is null ? $"{Name} {Options.Order} (not fitted)" : $"{Model} Fitted to {_series!.Name} ({_series.Length} observations).";

    /// <inheritdoc />
    public override void Save(Stream stream)
    {
        if (Model is null || _series is null) throw new InvalidOperationException($"{Name}: call Fit before Save.");
        var state = new JsonObject
        {
            ["options"] = new JsonObject
            {
                ["order"] = ArimaFitting.WriteOrder(Options.Order),
                ["includeConstant"] = Options.IncludeConstant,
                ["method"] = Options.Method.ToString(),
            },
            ["series"] = SeriesJson.Write(_series),
            ["model"] = ArimaFitting.WriteModel(Model),
        };
        ForecasterPersistence.Write(stream, ForecasterPersistence.TypeNameOf(typeof(ArimaForecaster)), state);
    }

    /// <summary>Restores a model written by <see cref="Save"/> (the Kalman filter is re-run with the saved coefficients).</summary>
    public static ArimaForecaster FromState(JsonNode state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var o = state["options"] ?? throw new KitDataException("saved ARIMA model has no \"options\".", "forecaster file");
        var options = new ArimaOptions
        {
            Order = ArimaFitting.ReadOrder(o["order"]!),
            IncludeConstant = o["includeConstant"]!.GetValue<bool>(),
            Method = Enum.Parse<ArimaEstimationMethod>(o["method"]!.GetValue<string>()),
        };
        var series = SeriesJson.Read(state["series"] ?? throw new KitDataException("saved ARIMA model has no \"series\".", "forecaster file"));
        return new ArimaForecaster(options)
        {
            _series = series,
            Model = ArimaFitting.ReadModel(state["model"] ?? throw new KitDataException("saved ARIMA model has no \"model\".", "forecaster file"), series),
        };
    }
}
