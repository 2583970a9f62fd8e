namespace AdaptiveEtl.Kit.Forecasting.Backtesting;

/// <summary>Progress of <see cref="Backtester.RunMany"/>: a series finished.</summary>
/// <param name="Series">Name of the series just finished.</param>
/// <param name="Completed">Series finished so far.</param>
/// <param name="Total">Series in the run.</param>
public sealed record BacktestProgress(string Series, int Completed, int Total);
