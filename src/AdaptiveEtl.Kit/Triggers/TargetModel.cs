using AdaptiveEtl.Kit.Forecasting.Backtesting;

namespace AdaptiveEtl.Kit.Triggers;

/// <summary>The model chosen for one prediction target and how well it did out of sample.</summary>
/// <param name="Target"><c>phase_minutes</c> (offset from the schedule slot), <c>gap_hours</c>, <c>rows_in</c> or <c>bytes_in</c>.</param>
/// <param name="Model">Name of the selected candidate.</param>
/// <param name="Backtest">Its backtest scores (raw model intervals).</param>
/// <param name="ConformalCoverage">Out-of-sample coverage of the conformal interval at the first requested level (sequential split over the backtest residuals).</param>
/// <param name="ConformalWidth">Mean width of those conformal intervals.</param>
/// <param name="ConformalWinkler">Mean Winkler score of those conformal intervals.</param>
/// <param name="CalibrationSize">Number of residuals the final intervals are calibrated on.</param>
/// <param name="Description">The fitted model's <c>Describe()</c>.</param>
/// <param name="Leaderboard">The full backtest of the target.</param>
public sealed record TargetModel(string Target, string Model, ModelScore Backtest, double ConformalCoverage, double ConformalWidth,
    double ConformalWinkler, int CalibrationSize, string Description, BacktestReport Leaderboard);
