namespace AdaptiveEtl.Kit.Forecasting.Backtesting;

/// <summary>Backtest metrics of one model on one series (a leaderboard row). Metrics are NaN when the model failed.</summary>
/// <param name="Model">Candidate name.</param>
/// <param name="Mae">Mean absolute error.</param>
/// <param name="Rmse">Root mean squared error.</param>
/// <param name="Mase">Mean absolute scaled error: mean of |error| / (in-sample seasonal-naive MAE of each training window).</param>
/// <param name="Smape">Symmetric MAPE in percent (0–200).</param>
/// <param name="Coverage">Share of actual values inside the scored interval.</param>
/// <param name="MeanWidth">Mean width of the scored interval.</param>
/// <param name="Winkler">Mean Winkler score of the scored interval.</param>
/// <param name="Forecasts">Number of scored forecasts.</param>
/// <param name="Fits">Number of model fits.</param>
/// <param name="Error">Why the model failed, or null.</param>
public sealed record ModelScore(string Model, double Mae, double Rmse, double Mase, double Smape, double Coverage, double MeanWidth,
    double Winkler, int Forecasts, int Fits, string? Error)
{
    /// <summary>True when the model could be fitted and scored at every origin.</summary>
    public bool Succeeded => Error is null;

    /// <summary>The value of a selection metric.</summary>
    public double Metric(SelectionMetric metric) => metric switch
    {
        SelectionMetric.Mase => Mase,
        SelectionMetric.Mae => Mae,
        SelectionMetric.Rmse => Rmse,
        SelectionMetric.Smape => Smape,
        SelectionMetric.Winkler => Winkler,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, null),
    };
}
