namespace AdaptiveEtl.Kit.Forecasting.Backtesting;

/// <summary>The backtest metric that picks the best model (lower is better for all of them).</summary>
public enum SelectionMetric
{
    /// <summary>Mean absolute scaled error (default): scale-free, comparable across pipelines.</summary>
    Mase,
    /// <summary>Mean absolute error.</summary>
    Mae,
    /// <summary>Root mean squared error.</summary>
    Rmse,
    /// <summary>Symmetric mean absolute percentage error.</summary>
    Smape,
    /// <summary>Mean Winkler interval score: rewards narrow intervals that still cover.</summary>
    Winkler,
}
