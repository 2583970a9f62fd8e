namespace AdaptiveEtl.Kit.Forecasting.Conformal;

/// <summary>
/// Conformal prediction intervals for any forecaster (as StatsForecast's <c>prediction_intervals=ConformalIntervals(h,
/// n_windows)</c>): the model is refit at the last <see cref="Windows"/> origins, its errors at steps 1…<see cref="Horizon"/>
/// become the calibration sets of a <see cref="SplitConformalCalibrator"/>, and the intervals of the final fit are
/// replaced by the conformal ones.
/// </summary>
/// <param name="Horizon">Steps calibrated; longer forecasts reuse the last step's calibration.</param>
/// <param name="Windows">Rolling origins (calibration residuals per step); the 95 % interval needs ≥ 19, the 80 % ≥ 4 (else it is infinite).</param>
public sealed record ConformalIntervalOptions(int Horizon = 1, int Windows = 20)
{
    internal void Validate()
    {
        if (Horizon < 1) throw new ArgumentOutOfRangeException(nameof(Horizon), Horizon, "must be ≥ 1");
        if (Windows < 2) throw new ArgumentOutOfRangeException(nameof(Windows), Windows, "must be ≥ 2");
    }
}
