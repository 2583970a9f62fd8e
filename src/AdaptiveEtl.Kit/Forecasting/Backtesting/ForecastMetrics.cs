namespace AdaptiveEtl.Kit.Forecasting.Backtesting;

/// <summary>Point-forecast accuracy measures.</summary>
public static class ForecastMetrics
{
    /// <summary>Mean absolute error.</summary>
    public static double Mae(IReadOnlyList<double> actual, IReadOnlyList<double> forecast)
    {
        Check(actual, forecast);
        return actual.Select((a, i) => Math.Abs(a - forecast[i])).Average();
    }

    /// <summary>Root mean squared error.</summary>
    public static double Rmse(IReadOnlyList<double> actual, IReadOnlyList<double> forecast)
    {
        Check(actual, forecast);
        return Math.Sqrt(actual.Select((a, i) => (a - forecast[i]) * (a - forecast[i])).Average());
    }

    /// <summary>
    /// Symmetric MAPE in percent, 100/n Σ 2|y − f| / (|y| + |f|) (Hyndman &amp; Koehler 2006, "Another look at measures of
    /// forecast accuracy", IJF 22(4), section 3.3; range 0–200). A term with y = f = 0 counts as 0.
    /// </summary>
    public static double Smape(IReadOnlyList<double> actual, IReadOnlyList<double> forecast)
    {
        Check(actual, forecast);
        return 100.0 * actual.Select((a, i) =>
        {
            double d = Math.Abs(a) + Math.Abs(forecast[i]);
            return d == 0 ? 0 : 2 * Math.Abs(a - forecast[i]) / d;
        }).Average();
    }

    /// <summary>
    /// The MASE scale of Hyndman &amp; Koehler (2006, eq. 3 with the seasonal-naive variant): the in-sample mean absolute
    /// error of the seasonal naive forecast, (1/(n−m)) Σ_{t=m+1..n} |y_t − y_{t−m}|, on the training data.
    /// Falls back to m = 1 when the training data is shorter than two seasons.
    /// </summary>
    public static double MaseScale(IReadOnlyList<double> training, int seasonalPeriod)
    {
        int m = seasonalPeriod >= 1 && training.Count > seasonalPeriod ? seasonalPeriod : 1;
        if (training.Count <= m) throw new ArgumentException($"MASE needs more than {m} training observations, got {training.Count}.", nameof(training));
        double sum = 0;
        for (int t = m; t < training.Count; t++) sum += Math.Abs(training[t] - training[t - m]);
        return sum / (training.Count - m);
    }

    /// <summary>Mean absolute scaled error: MAE of the forecast divided by <see cref="MaseScale"/> of the training data.</summary>
    public static double Mase(IReadOnlyList<double> actual, IReadOnlyList<double> forecast, IReadOnlyList<double> training, int seasonalPeriod) =>
        Mae(actual, forecast) / MaseScale(training, seasonalPeriod);

    private static void Check(IReadOnlyList<double> actual, IReadOnlyList<double> forecast)
    {
        if (actual.Count == 0) throw new ArgumentException("no observations to score.", nameof(actual));
        if (actual.Count != forecast.Count) throw new ArgumentException($"{actual.Count} actual values but {forecast.Count} forecasts.");
    }
}
