namespace AdaptiveEtl.Kit.Forecasting.Backtesting;

/// <summary>A named way to create a fresh, unfitted forecaster, e.g. <c>new ForecasterCandidate("Prophet", () =&gt; new ProphetForecaster())</c>.</summary>
/// <param name="Name">Name shown in the leaderboard; unique within one backtest.</param>
/// <param name="Create">Creates a new unfitted model each time it is called.</param>
public sealed record ForecasterCandidate(string Name, Func<IForecaster> Create);
