namespace AdaptiveEtl.Kit.Forecasting.Statistics;

/// <summary>
/// The KPSS test of level stationarity (Kwiatkowski, Phillips, Schmidt &amp; Shin 1992) as computed by R's
/// <c>urca::ur.kpss(type = "mu")</c>, and the repeated-test choice of the number of differences of R's
/// <c>forecast::ndiffs(test = "kpss")</c>. Hand-written because no served .NET package offers it; the formulas follow
/// urca's source (residuals from the mean, Bartlett-weighted long-run variance).
/// </summary>
public static class KpssTest
{
    /// <summary>Critical values of the level-stationarity statistic at 10 %, 5 %, 2.5 % and 1 % (Kwiatkowski et al. 1992, Table 1).</summary>
    private static readonly double[] CriticalValues = [0.347, 0.463, 0.574, 0.739];
    private static readonly double[] Probabilities = [0.10, 0.05, 0.025, 0.01];

    /// <summary>The KPSS level statistic with <paramref name="lags"/> Bartlett lags (null: R's ndiffs default trunc(3·√n/13)).</summary>
    public static double Statistic(IReadOnlyList<double> x, int? lags = null)
    {
        int n = x.Count;
        if (n < 2) throw new ArgumentException("The KPSS test needs at least 2 observations.", nameof(x));
        int l = lags ?? (int)Math.Truncate(3 * Math.Sqrt(n) / 13);
        double mean = 0;
        for (int i = 0; i < n; i++) mean += x[i];
        mean /= n;
        var e = new double[n];
        for (int i = 0; i < n; i++) e[i] = x[i] - mean;
        double s = 0, num = 0, s2 = 0;
        for (int i = 0; i < n; i++) { s += e[i]; num += s * s; s2 += e[i] * e[i]; }
        num /= (double)n * n;
        s2 /= n;
        double lrv = s2;
        for (int k = 1; k <= l; k++)
        {
            double cov = 0;
            for (int t = k; t < n; t++) cov += e[t] * e[t - k];
            lrv += 2.0 / n * (1 - k / (l + 1.0)) * cov;
        }
        return num / lrv;
    }

    /// <summary>
    /// Interpolated p-value of a KPSS level statistic, clamped to [0.01, 0.10] as urca's table allows (R: <c>approx(cval, p, stat, rule = 2)</c>).
    /// </summary>
    public static double PValue(double statistic)
    {
        if (statistic <= CriticalValues[0]) return Probabilities[0];
        for (int i = 1; i < CriticalValues.Length; i++)
            if (statistic <= CriticalValues[i])
            {
                double w = (statistic - CriticalValues[i - 1]) / (CriticalValues[i] - CriticalValues[i - 1]);
                return Probabilities[i - 1] + w * (Probabilities[i] - Probabilities[i - 1]);
            }
        return Probabilities[^1];
    }

    /// <summary>
    /// Number of first differences needed for level stationarity: difference while the KPSS p-value is below
    /// <paramref name="alpha"/>, at most <paramref name="maxD"/> times (R: <c>forecast::ndiffs(x, alpha, test = "kpss", max.d)</c>).
    /// </summary>
    public static int NumberOfDifferences(IReadOnlyList<double> x, double alpha = 0.05, int maxD = 2)
    {
        alpha = Math.Clamp(alpha, 0.01, 0.1);
        var current = x.ToArray();
        int d = 0;
        if (SeriesMath.IsConstant(current) || current.Length < 2) return 0;
        bool diff = PValue(Statistic(current)) < alpha;
        while (diff && d < maxD)
        {
            d++;
            current = SeriesMath.Difference(current, 1);
            if (current.Length < 2 || SeriesMath.IsConstant(current)) return d;
            diff = PValue(Statistic(current)) < alpha;
        }
        return d;
    }
}
