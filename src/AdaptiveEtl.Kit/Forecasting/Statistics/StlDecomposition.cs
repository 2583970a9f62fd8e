namespace AdaptiveEtl.Kit.Forecasting.Statistics;

/// <summary>
/// Seasonal-trend decomposition by loess (STL) of Cleveland, Cleveland, McRae &amp; Terpenning (1990, <i>J. Official
/// Statistics</i> 6:3–73), a port of the non-robust path of the Fortran code behind R's <c>stats::stl</c> (inner loop with
/// cycle-subseries smoothing, low-pass filter and trend smoothing, with the same window, degree and jump defaults).
/// Hand-written because no served .NET package implements STL; R's <c>forecast::nsdiffs</c> measures seasonal strength on it.
/// </summary>
public sealed class StlDecomposition
{
    private StlDecomposition(double[] seasonal, double[] trend, double[] remainder)
    {
        Seasonal = seasonal;
        Trend = trend;
        Remainder = remainder;
    }

    /// <summary>Seasonal component.</summary>
    public IReadOnlyList<double> Seasonal { get; }

    /// <summary>Trend-cycle component.</summary>
    public IReadOnlyList<double> Trend { get; }

    /// <summary>Remainder = data − seasonal − trend.</summary>
    public IReadOnlyList<double> Remainder { get; }

    /// <summary>
    /// Decomposes <paramref name="x"/> with period <paramref name="period"/> (≥ 2, at least two full periods) and seasonal
    /// window <paramref name="seasonalWindow"/> (odd, ≥ 3; <c>forecast::mstl</c> uses 11). Other settings are R's defaults:
    /// s.degree 0, t.window = nextodd(ceiling(1.5·period / (1 − 1.5/s.window))), t.degree 1, l.window = nextodd(period),
    /// jumps = ceiling(window/10), two inner iterations, no robustness iterations.
    /// </summary>
    public static StlDecomposition Decompose(IReadOnlyList<double> x, int period, int seasonalWindow = 11, int innerIterations = 2)
    {
        int n = x.Count;
        if (period < 2) throw new ArgumentOutOfRangeException(nameof(period), "STL needs a period of at least 2.");
        if (n <= 2 * period) throw new ArgumentException($"STL needs more than two periods ({2 * period} observations), got {n}.", nameof(x));
        int ns = NextOdd(Math.Max(3, seasonalWindow));
        int nt = NextOdd((int)Math.Ceiling(1.5 * period / (1 - 1.5 / ns)));
        int nl = NextOdd(period);
        int isdeg = 0, itdeg = 1, ildeg = 1;
        int nsjump = (int)Math.Ceiling(ns / 10.0), ntjump = (int)Math.Ceiling(nt / 10.0), nljump = (int)Math.Ceiling(nl / 10.0);
        var y = x.ToArray();
        var season = new double[n];
        var trend = new double[n];
        int np = period;
        int len = n + 2 * np;
        var w1 = new double[len];
        var w2 = new double[len];
        var w3 = new double[len];
        var w4 = new double[len];
        var w5 = new double[len];
        for (int it = 0; it < innerIterations; it++)
        {
            for (int i = 0; i < n; i++) w1[i] = y[i] - trend[i];
            CycleSubseriesSmooth(w1, n, np, ns, isdeg, nsjump, w2, w3, w4, w5);
            LowPass(w2, len, np, w3, w1);
            Loess(w3, n, nl, ildeg, nljump, w1, w5);
            for (int i = 0; i < n; i++) season[i] = w2[np + i] - w1[i];
            for (int i = 0; i < n; i++) w1[i] = y[i] - season[i];
            Loess(w1, n, nt, itdeg, ntjump, trend, w3);
        }
        var remainder = new double[n];
        for (int i = 0; i < n; i++) remainder[i] = y[i] - season[i] - trend[i];
        return new StlDecomposition(season, trend, remainder);
    }

    /// <summary>
    /// Strength of seasonality max(0, min(1, 1 − Var(R)/Var(R + S))) on the STL decomposition with s.window 11, as
    /// <c>forecast:::seas.heuristic</c> computes it on <c>mstl(x)</c> (Wang, Smith &amp; Hyndman 2006).
    /// </summary>
    public static double SeasonalStrength(IReadOnlyList<double> x, int period)
    {
        var stl = Decompose(x, period, 11);
        var rs = new double[x.Count];
        for (int i = 0; i < rs.Length; i++) rs[i] = stl.Remainder[i] + stl.Seasonal[i];
        double vr = SeriesMath.Variance(stl.Remainder), vrs = SeriesMath.Variance(rs);
        return Math.Max(0, Math.Min(1, 1 - vr / vrs));
    }

    /// <summary>
    /// Number of seasonal differences (0 or 1) by R's default <c>forecast::nsdiffs(test = "seas")</c>: difference when the seasonal
    /// strength exceeds 0.64; 0 when the series is constant or has fewer than two full periods plus one.
    /// </summary>
    public static int NumberOfSeasonalDifferences(IReadOnlyList<double> x, int period, int maxD = 1)
    {
        int d = 0;
        var cur = x.ToArray();
        if (period < 2 || SeriesMath.IsConstant(cur) || period >= cur.Length) return 0;
        while (d < maxD)
        {
            if (cur.Length <= 2 * period || SeriesMath.IsConstant(cur)) return d;
            if (SeasonalStrength(cur, period) <= 0.64) return d;
            d++;
            cur = SeriesMath.Difference(cur, period);
        }
        return d;
    }

    private static int NextOdd(int k) => k % 2 == 0 ? k + 1 : k;

    // stlss: smooths each cycle-subseries and extends it by one point at each end; season has n + 2·np values.
    private static void CycleSubseriesSmooth(double[] y, int n, int np, int ns, int isdeg, int nsjump, double[] season,
        double[] work1, double[] work2, double[] work3)
    {
        var sub = new double[n / np + 3];
        var smooth = new double[n / np + 3];
        for (int j = 1; j <= np; j++)
        {
            int k = (n - j) / np + 1;
            for (int i = 1; i <= k; i++) sub[i - 1] = y[(i - 1) * np + j - 1];
            Loess(sub, k, ns, isdeg, nsjump, smooth.AsSpan(1), work3);
            int nright = Math.Min(ns, k);
            if (!Estimate(sub, k, ns, isdeg, 0, out double left, 1, nright, work3)) left = smooth[1];
            smooth[0] = left;
            int nleft = Math.Max(1, k - ns + 1);
            if (!Estimate(sub, k, ns, isdeg, k + 1, out double right, nleft, k, work3)) right = smooth[k];
            smooth[k + 1] = right;
            for (int m = 1; m <= k + 2; m++) season[(m - 1) * np + j - 1] = smooth[m - 1];
        }
    }

    // stlfts: moving averages of lengths np, np and 3.
    private static void LowPass(double[] x, int n, int np, double[] trend, double[] work)
    {
        MovingAverage(x, n, np, trend);
        MovingAverage(trend, n - np + 1, np, work);
        MovingAverage(work, n - 2 * np + 2, 3, trend);
    }

    private static void MovingAverage(double[] x, int n, int len, double[] ave)
    {
        int newn = n - len + 1;
        double v = 0;
        for (int i = 0; i < len; i++) v += x[i];
        ave[0] = v / len;
        for (int j = 1; j < newn; j++)
        {
            v = v - x[j - 1] + x[len + j - 1];
            ave[j] = v / len;
        }
    }

    // stless: loess smoothing evaluated every njump points with linear interpolation in between (1-based indices as in the Fortran).
    private static void Loess(double[] y, int n, int len, int ideg, int njump, Span<double> ys, double[] res)
    {
        if (n < 2) { ys[0] = y[0]; return; }
        int newnj = Math.Min(njump, n - 1);
        int nleft = 0, nright = 0;
        if (len >= n)
        {
            nleft = 1; nright = n;
            for (int i = 1; i <= n; i += newnj)
                ys[i - 1] = Estimate(y, n, len, ideg, i, out double v, nleft, nright, res) ? v : y[i - 1];
        }
        else if (newnj == 1)
        {
            int nsh = (len + 1) / 2;
            nleft = 1; nright = len;
            for (int i = 1; i <= n; i++)
            {
                if (i > nsh && nright != n) { nleft++; nright++; }
                ys[i - 1] = Estimate(y, n, len, ideg, i, out double v, nleft, nright, res) ? v : y[i - 1];
            }
        }
        else
        {
            int nsh = (len + 1) / 2;
            for (int i = 1; i <= n; i += newnj)
            {
                if (i < nsh) { nleft = 1; nright = len; }
                else if (i >= n - nsh + 1) { nleft = n - len + 1; nright = n; }
                else { nleft = i - nsh + 1; nright = len + i - nsh; }
                ys[i - 1] = Estimate(y, n, len, ideg, i, out double v, nleft, nright, res) ? v : y[i - 1];
            }
        }
        if (newnj != 1)
        {
            for (int i = 1; i <= n - newnj; i += newnj)
            {
                double delta = (ys[i + newnj - 1] - ys[i - 1]) / newnj;
                for (int j = i + 1; j <= i + newnj - 1; j++) ys[j - 1] = ys[i - 1] + delta * (j - i);
            }
            int k = (n - 1) / newnj * newnj + 1;
            if (k != n)
            {
                ys[n - 1] = Estimate(y, n, len, ideg, n, out double v, nleft, nright, res) ? v : y[n - 1];
                if (k != n - 1)
                {
                    double delta = (ys[n - 1] - ys[k - 1]) / (n - k);
                    for (int j = k + 1; j <= n - 1; j++) ys[j - 1] = ys[k - 1] + delta * (j - k);
                }
            }
        }
    }

    // stlest: tricube-weighted local constant/linear fit at xs over y[nleft..nright] (1-based).
    private static bool Estimate(double[] y, int n, int len, int ideg, double xs, out double ys, int nleft, int nright, double[] w)
    {
        double range = n - 1.0;
        double h = Math.Max(xs - nleft, nright - xs);
        if (len > n) h += (len - n) / 2;
        double h9 = 0.999 * h, h1 = 0.001 * h;
        double a = 0;
        for (int j = nleft; j <= nright; j++)
        {
            w[j - 1] = 0;
            double r = Math.Abs(j - xs);
            if (r <= h9)
            {
                w[j - 1] = r <= h1 ? 1 : Math.Pow(1 - Math.Pow(r / h, 3), 3);
                a += w[j - 1];
            }
        }
        ys = 0;
        if (a <= 0) return false;
        for (int j = nleft; j <= nright; j++) w[j - 1] /= a;
        if (h > 0 && ideg > 0)
        {
            a = 0;
            for (int j = nleft; j <= nright; j++) a += w[j - 1] * j;
            double b = xs - a, c = 0;
            for (int j = nleft; j <= nright; j++) c += w[j - 1] * (j - a) * (j - a);
            if (Math.Sqrt(c) > 0.001 * range)
            {
                b /= c;
                for (int j = nleft; j <= nright; j++) w[j - 1] *= b * (j - a) + 1;
            }
        }
        for (int j = nleft; j <= nright; j++) ys += w[j - 1] * y[j - 1];
        return true;
    }
}
