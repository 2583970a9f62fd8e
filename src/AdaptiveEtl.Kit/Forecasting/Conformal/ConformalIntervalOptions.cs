namespace AdaptiveEtl.Kit.Forecasting.Conformal;

/// <summary>
/// Conformal prediction intervals for any forecaster (as StatsForecast's <c>prediction_intervals=ConformalIntervals(h,
/// n_windows)</c>): the model is refit at the last <see cref="Windows"/> origins, its errors at steps 1…<see cref="Horizon"/>
/// become the calibration sets of a <see cref="SplitConformalCalibrator"/>, and the intervals of the final fit are
/// replaced by the conformal ones.
/// </summary>
/// <param name="Horizon">Steps calibrated; longer forecasts reuse the last step's calibration.</param>
/// <param name="Windows">Rolling origins (calibration residuals per step); with <see cref="ConformalScore.Absolute"/> the 95 % interval
/// needs ≥ 19, the 80 % ≥ 4 (else it is infinite); <see cref="ConformalScore.Studentized"/> pools windows × horizon scores.</param>
/// <param name="Score">The nonconformity score: per-step absolute errors (default) or errors scaled by the model's own
/// standard deviation (<see cref="ConformalScore.Studentized"/>), which holds coverage better on series whose errors grow with
/// their level or the horizon.</param>
public sealed record ConformalIntervalOptions(int Horizon = 1, int Windows = 20, ConformalScore Score = ConformalScore.Absolute)
{
    internal void Validate()
    {
        if (Horizon < 1) throw new ArgumentOutOfRangeException(nameof(Horizon), Horizon, "must be ≥ 1");
        if (Windows < 2) throw new ArgumentOutOfRangeException(nameof(Windows), Windows, "must be ≥ 2");
        if (!Enum.IsDefined(Score)) throw new ArgumentOutOfRangeException(nameof(Score), Score, "not a ConformalScore");
    }
}
