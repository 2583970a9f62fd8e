using System.Globalization;
using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Forecasting.Statistics;

namespace AdaptiveEtl.Kit.Forecasting.Arima;

/// <summary>
/// Glue shared by <see cref="ArimaForecaster"/> and <see cref="AutoArimaForecaster"/>: builds the regressor matrix
/// (intercept or drift first, then the series' exogenous columns, as <c>forecast::Arima</c>), names coefficients,
/// forecasts with future regressors, and (de)serialises fitted models.
/// </summary>
internal static class ArimaFitting
{
    public static ArimaConstant ConstantFor(ArimaOrder order, bool includeConstant) =>
        !includeConstant ? ArimaConstant.None
        : order.TotalDifferences == 0 ? ArimaConstant.Intercept
        : order.TotalDifferences == 1 ? ArimaConstant.Drift
        : ArimaConstant.None;

    public static ArimaModel Fit(TimeSeries series, ArimaOrder order, bool includeConstant, ArimaEstimationMethod method,
        double[]? fixedCoefficients = null)
    {
        var constant = ConstantFor(order, includeConstant);
        var (xreg, names) = Regressors(series, constant, 0, series.Length);
        var fit = ArimaEstimator.Estimate(series.Values.ToArray(), order, xreg, method, fixedCoefficients);
        var coefNames = new List<string>();
        for (int i = 1; i <= order.P; i++) coefNames.Add($"ar{i}");
        for (int i = 1; i <= order.Q; i++) coefNames.Add($"ma{i}");
        for (int i = 1; i <= order.SeasonalP; i++) coefNames.Add($"sar{i}");
        for (int i = 1; i <= order.SeasonalQ; i++) coefNames.Add($"sma{i}");
        coefNames.AddRange(names);
        return new ArimaModel(fit, coefNames, constant, series.Length);
    }

    /// <summary>Regressor rows [from, from + count) of the series (or future rows when from ≥ n, taking values from <paramref name="future"/>).</summary>
    public static (double[,]? X, List<string> Names) Regressors(TimeSeries series, ArimaConstant constant, int from, int count, double[,]? future = null)
    {
        var names = new List<string>();
        if (constant == ArimaConstant.Intercept) names.Add("intercept");
        if (constant == ArimaConstant.Drift) names.Add("drift");
        int k0 = names.Count;
        int kx = series.Exogenous?.GetLength(1) ?? 0;
        if (kx > 0) names.AddRange(series.ExogenousNames!);
        if (names.Count == 0) return (null, names);
        var x = new double[count, names.Count];
        for (int i = 0; i < count; i++)
        {
            int t = from + i;
            if (constant == ArimaConstant.Intercept) x[i, 0] = 1;
            if (constant == ArimaConstant.Drift) x[i, 0] = t + 1;
            for (int j = 0; j < kx; j++) x[i, k0 + j] = t < series.Length ? series.Exogenous![t, j] : future![t - series.Length, j];
        }
        return (x, names);
    }

    public static ForecastResult Forecast(string modelName, ArimaModel model, TimeSeries series, int horizon, ForecastOptions? options)
    {
        if (horizon <= 0) throw new ArgumentOutOfRangeException(nameof(horizon), horizon, $"{modelName}: the forecast horizon must be positive.");
        options ??= ForecastOptions.Default;
        int kx = series.Exogenous?.GetLength(1) ?? 0;
        if (kx > 0)
        {
            if (options.FutureExogenous is null)
                throw new KitDataException($"{modelName} was fitted with {kx} exogenous regressors ({string.Join(", ", series.ExogenousNames!)}); pass their {horizon} future rows in ForecastOptions.FutureExogenous.", series.Name);
            if (options.FutureExogenous.GetLength(0) < horizon || options.FutureExogenous.GetLength(1) != kx)
                throw new KitDataException($"ForecastOptions.FutureExogenous is {options.FutureExogenous.GetLength(0)} × {options.FutureExogenous.GetLength(1)}; expected {horizon} rows × {kx} columns ({string.Join(", ", series.ExogenousNames!)}).", series.Name);
        }
        var fit = model.Fit;
        var (mean, variance) = ArimaStateSpace.Forecast(fit.State, fit.Phi, fit.Theta, fit.Delta, horizon);
        var (xf, _) = Regressors(series, model.Constant, series.Length, horizon, options.FutureExogenous);
        if (xf is not null)
            for (int i = 0; i < horizon; i++)
                for (int j = 0; j < xf.GetLength(1); j++) mean[i] += xf[i, j] * fit.Coefficients[fit.ArmaCount + j];
        var sd = variance.Select(v => Math.Sqrt(v * model.Sigma2)).ToArray();
        return ForecastResult.FromGaussian(modelName, series.Name, mean, sd, options, FutureTimestamps.After(series.Timestamps, horizon, options, series.Name));
    }

    public static JsonObject WriteOrder(ArimaOrder o) => new()
    {
        ["p"] = o.P, ["d"] = o.D, ["q"] = o.Q, ["P"] = o.SeasonalP, ["D"] = o.SeasonalD, ["Q"] = o.SeasonalQ, ["period"] = o.Period,
    };

    public static ArimaOrder ReadOrder(JsonNode n) => new(n["p"]!.GetValue<int>(), n["d"]!.GetValue<int>(), n["q"]!.GetValue<int>(),
        n["P"]!.GetValue<int>(), n["D"]!.GetValue<int>(), n["Q"]!.GetValue<int>(), n["period"]!.GetValue<int>());

    public static JsonObject WriteModel(ArimaModel m) => new()
    {
        ["order"] = WriteOrder(m.Order),
        ["constant"] = m.Constant.ToString(),
        ["coefficients"] = new JsonArray(m.Fit.Coefficients.Select(v => (JsonNode)JsonValue.Create(v)).ToArray()),
    };

    public static ArimaModel ReadModel(JsonNode n, TimeSeries series)
    {
        var order = ReadOrder(n["order"]!);
        var constant = Enum.Parse<ArimaConstant>(n["constant"]!.GetValue<string>());
        var coef = n["coefficients"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        return Fit(series, order, constant != ArimaConstant.None, ArimaEstimationMethod.MaximumLikelihood, fixedCoefficients: coef);
    }
}
