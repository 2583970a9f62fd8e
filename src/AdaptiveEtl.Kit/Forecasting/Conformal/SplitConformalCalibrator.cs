namespace AdaptiveEtl.Kit.Forecasting.Conformal;

/// <summary>
/// Split-conformal prediction intervals from out-of-sample residuals (e.g. the rolling-origin residuals of a backtest),
/// one calibration set per horizon step. For a miscoverage α the half-width at step h is the
/// ⌈(n+1)(1−α)⌉-th smallest absolute residual of step h — the empirical quantile at level (n+1)(1−α)/n, the finite-sample
/// correction that makes coverage ≥ 1−α for exchangeable residuals (Vovk, Gammerman &amp; Shafer 2005; Lei et al. 2018,
/// "Distribution-free predictive inference for regression", JASA, Theorem 2.2). When (n+1)(1−α) &gt; n the interval is infinite.
/// The signed residuals also give a full predictive distribution (point forecast + residual), used for quantiles.
/// </summary>
public sealed class SplitConformalCalibrator
{
    private readonly double[][] _absSorted;
    private readonly double[][] _signedSorted;

    /// <summary>Creates the calibrator from signed residuals (actual − forecast), one list per horizon step.</summary>
    /// <exception cref="ArgumentException">A step has no residual, or a residual is not finite.</exception>
    public SplitConformalCalibrator(IReadOnlyList<IReadOnlyList<double>> residualsPerStep)
    {
        ArgumentNullException.ThrowIfNull(residualsPerStep);
        if (residualsPerStep.Count == 0) throw new ArgumentException("at least one horizon step of residuals is needed.", nameof(residualsPerStep));
        _absSorted = new double[residualsPerStep.Count][];
        _signedSorted = new double[residualsPerStep.Count][];
        for (int h = 0; h < residualsPerStep.Count; h++)
        {
            var r = residualsPerStep[h];
            if (r.Count == 0) throw new ArgumentException($"horizon step {h + 1} has no calibration residual.", nameof(residualsPerStep));
            if (r.Any(x => !double.IsFinite(x))) throw new ArgumentException($"horizon step {h + 1} has a non-finite residual.", nameof(residualsPerStep));
            _signedSorted[h] = r.OrderBy(x => x).ToArray();
            _absSorted[h] = r.Select(Math.Abs).OrderBy(x => x).ToArray();
        }
    }

    /// <summary>Number of horizon steps calibrated.</summary>
    public int Horizon => _absSorted.Length;

    /// <summary>Number of calibration residuals of step <paramref name="step"/> (zero-based).</summary>
    public int CalibrationSize(int step) => _absSorted[step].Length;

    /// <summary>The half-width for miscoverage <paramref name="alpha"/> at step <paramref name="step"/> (zero-based); +∞ when too few residuals, 0 when α ≥ 1.</summary>
    public double HalfWidth(double alpha, int step)
    {
        if (double.IsNaN(alpha)) throw new ArgumentOutOfRangeException(nameof(alpha));
        var s = _absSorted[step];
        if (alpha >= 1) return 0;
        if (alpha <= 0) return double.PositiveInfinity;
        int n = s.Length;
        int k = (int)Math.Ceiling((n + 1) * (1 - alpha) - 1e-12); // rank of the order statistic, 1-based
        if (k > n) return double.PositiveInfinity;
        return s[Math.Max(k, 1) - 1];
    }

    /// <summary>Empirical quantile of the signed residuals of a step (type 7 interpolation), for predictive quantiles.</summary>
    public double ResidualQuantile(double p, int step) =>
        MathNet.Numerics.Statistics.SortedArrayStatistics.Quantile(_signedSorted[step], p);

    /// <summary>The sorted signed residuals of a step.</summary>
    public IReadOnlyList<double> SignedResiduals(int step) => _signedSorted[step];

    /// <summary>
    /// Replaces the intervals of a forecast by conformal ones (point ± half-width at each level) and its quantiles by
    /// point + residual quantile. Steps beyond <see cref="Horizon"/> use the last calibrated step.
    /// </summary>
    public ForecastResult Calibrate(ForecastResult forecast, ForecastOptions? options = null) => Calibrate(forecast, options, scale: null);

    /// <summary>
    /// As <see cref="Calibrate(ForecastResult, ForecastOptions?)"/> for scores that were divided by a scale (normalized,
    /// <see cref="ConformalScore.Studentized"/>): step i gets point ± half-width × <paramref name="scale"/>[i] and quantiles
    /// point + residual quantile × scale[i].
    /// </summary>
    /// <exception cref="ArgumentException">The scale has fewer entries than the forecast has steps, or one is not finite and positive.</exception>
    public ForecastResult Calibrate(ForecastResult forecast, ForecastOptions? options, IReadOnlyList<double>? scale)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        options ??= ForecastOptions.Default;
        if (scale is not null)
        {
            if (scale.Count < forecast.Mean.Count) throw new ArgumentException($"{scale.Count} scales for {forecast.Mean.Count} forecast steps.", nameof(scale));
            for (int i = 0; i < forecast.Mean.Count; i++)
                if (!(double.IsFinite(scale[i]) && scale[i] > 0)) throw new ArgumentException($"the scale of step {i + 1} is {scale[i]}; it must be finite and > 0.", nameof(scale));
        }
        int Step(int i) => Math.Min(i, Horizon - 1);
        double Scale(int i) => scale is null ? 1 : scale[i];
        var intervals = options.Levels.Select(level => new PredictionInterval(level,
            forecast.Mean.Select((m, i) => m - HalfWidth(1 - level, Step(i)) * Scale(i)).ToArray(),
            forecast.Mean.Select((m, i) => m + HalfWidth(1 - level, Step(i)) * Scale(i)).ToArray())).ToArray();
        var quantiles = options.Quantiles.ToDictionary(p => p,
            p => (IReadOnlyList<double>)forecast.Mean.Select((m, i) => m + ResidualQuantile(p, Step(i)) * Scale(i)).ToArray());
        return new ForecastResult(forecast.Model + "+conformal", forecast.Series, forecast.Mean, intervals, quantiles, forecast.Timestamps);
    }
}
