using MathNet.Numerics;

namespace AdaptiveEtl.Kit.Drift.Statistics;

/// <summary>
/// Null distributions of the two-sided Kolmogorov–Smirnov statistic, following SciPy 1.10 (<c>scipy/stats/_stats_py.py</c>
/// and <c>_ksstats.py</c>) so that p-values agree with <c>ks_2samp</c>.
/// </summary>
/// <remarks>
/// Exact: Hodges, J.L. Jr. (1958), "The Significance Probability of the Smirnov Two-Sample Test", Arkiv för Matematik 3,
/// 469–486 (lattice paths that stay inside |x/m − y/n| &lt; d), computed with the numerically stable recursion for 1 − p of
/// Viehmann, T. (2021), arXiv:2102.08037; for n = m the closed-form alternating binomial sum evaluated with a Horner scheme.
/// Asymptotic: the one-sample Kolmogorov distribution of size round(nm/(n+m)) as SciPy does — Pelz &amp; Good (1976) for
/// the body and the exact Smirnov one-sided tail (Birnbaum &amp; Tingey 1951), doubled, for the far tail, with
/// Simard &amp; L'Ecuyer (2011)'s switching rule (n·d² ≥ 2.2 → tail formula; ≥ 370 → 0).
/// Deviation from SciPy: when SciPy would use the asymptotic branch with round(nm/(n+m)) ≤ 140 (a tiny sample against a
/// huge one) we use the exact recursion, which is more accurate than SciPy's small-n Kolmogorov approximations.
/// </remarks>
internal static class KolmogorovDistribution
{
    /// <summary>P(D ≥ d) for sample sizes n, m; also whether the exact distribution was used.</summary>
    public static (double P, bool Exact) TwoSampleSurvival(long n, long m, double d)
    {
        long g = Gcd(n, m);
        double lcm = (double)(n / g) * m;
        bool exact = Math.Max(n, m) <= KolmogorovSmirnov.MaxExactSampleSize;
        double en = Math.Round((double)n * m / ((double)n + m));
        if (!exact && en <= 140 && lcm < int.MaxValue) exact = true;
        if (exact)
        {
            long h = (long)Math.Round(d * lcm);
            if (h == 0) return (1.0, true);
            double p = n == m ? OutsideSquare((int)n, h) : OutsideInsideMethod((int)n, (int)m, g, h);
            if (double.IsFinite(p) && p >= 0 && p <= 1) return (p, true);
        }
        return (Math.Clamp(KolmogorovSurvival((int)Math.Min(en, int.MaxValue), d), 0, 1), false);
    }

    /// <summary>Above this effective size the O(n) exact Smirnov tail sum is replaced by Pelz–Good (the tail p-values are then ≈ 0 anyway).</summary>
    private const int MaxSmirnovTailN = 10_000_000;

    /// <summary>P(D_{n,n} ≥ h/n): 2·Σ_k (−1)^(k+1) C(2n, n−kh)/C(2n, n), Horner form (SciPy <c>_compute_prob_outside_square</c>).</summary>
    private static double OutsideSquare(int n, long h)
    {
        double p = 0.0;
        long k = n / h;
        while (k >= 0)
        {
            double p1 = 1.0;
            for (long j = 0; j < h; j++) p1 = (n - k * h - j) * p1 / (n + k * h + j + 1);
            p = p1 * (1.0 - p);
            k--;
        }
        return 2 * p;
    }

    /// <summary>
    /// 1 − (share of lattice paths from (0,0) to (m,n) staying strictly inside |x·n/g − y·m/g| &lt; h), with Viehmann's
    /// recursion that carries 1 − A directly (SciPy <c>_compute_outer_prob_inside_method</c>). One sliding column.
    /// </summary>
    private static double OutsideInsideMethod(int m, int n, long g, long h)
    {
        if (m < n) (m, n) = (n, m);
        long mg = m / g, ng = n / g;
        int minj = 0, maxj = (int)Math.Min((long)Math.Ceiling((double)h / mg), n + 1);
        int curlen = maxj - minj;
        var a = new double[n + 2];
        Array.Fill(a, 1.0);
        for (int j = minj; j < maxj; j++) a[j] = 0.0;
        for (int i = 1; i <= m; i++)
        {
            int lastminj = minj, lastlen = curlen;
            minj = (int)Math.Max((long)Math.Floor((double)(ng * i - h) / mg) + 1, 0);
            minj = Math.Min(minj, n);
            maxj = (int)Math.Min((long)Math.Ceiling((double)(ng * i + h) / mg), n + 1);
            if (maxj <= minj) return 1.0;
            double val = minj == 0 ? 0.0 : 1.0;
            for (int jj = 0; jj < maxj - minj; jj++)
            {
                int j = jj + minj;
                val = (a[jj + minj - lastminj] * i + val * j) / (i + j);
                a[jj] = val;
            }
            curlen = maxj - minj;
            if (lastlen > curlen)
                for (int t = maxj - minj; t < maxj - minj + (lastlen - curlen); t++) a[t] = 1.0;
        }
        return a[maxj - minj - 1];
    }

    /// <summary>P(D_n ≥ x) of the one-sample two-sided statistic for large n (SciPy <c>kstwo.sf</c> for n &gt; 140).</summary>
    internal static double KolmogorovSurvival(int n, double x)
    {
        if (x >= 1.0) return 0.0;
        if (x <= 0.0) return 1.0;
        double t = n * x;
        if (t <= 0.5) return 1.0;
        if (t >= n - 1) return 2 * Math.Pow(1.0 - x, n); // Ruben–Gambino
        double nx2 = t * x;
        if (nx2 >= 370.0) return 0.0;
        if ((x >= 0.5 || nx2 >= 2.2) && n <= MaxSmirnovTailN)
            return 2 * SmirnovSurvival(n, x);
        return 1.0 - PelzGoodCdf(n, x);
    }

    /// <summary>
    /// P(D⁺_n ≥ x), exact: x·Σ_{j=0}^{⌊n(1−x)⌋} C(n,j) (1−x−j/n)^(n−j) (x+j/n)^(j−1) (Birnbaum &amp; Tingey 1951),
    /// summed in log space (all terms are positive, so no cancellation).
    /// </summary>
    internal static double SmirnovSurvival(int n, double x)
    {
        // One pass with a running log-sum-exp; ln C(n, j) is updated incrementally (ln(n − j) − ln(j + 1)) instead of
        // three log-gamma calls per term, which matters for n in the millions; it is re-anchored exactly every 1024 terms
        // so rounding does not accumulate.
        int last = (int)Math.Floor(n * (1 - x));
        double lnBinom = 0, maxLog = double.NegativeInfinity, sum = 0;
        for (int j = 0; j <= last; j++)
        {
            if ((j & 1023) == 0) lnBinom = SpecialFunctions.FactorialLn(n) - SpecialFunctions.FactorialLn(j) - SpecialFunctions.FactorialLn(n - j);
            else lnBinom += Math.Log((double)(n - j + 1) / j);
            double u = 1 - x - (double)j / n, v = x + (double)j / n;
            double lt = lnBinom + (u > 0 ? (n - j) * Math.Log(u) : (n - j == 0 ? 0 : double.NegativeInfinity)) + (j - 1) * Math.Log(v);
            if (double.IsNegativeInfinity(lt)) continue;
            if (lt > maxLog)
            {
                sum = sum * Math.Exp(maxLog - lt) + 1.0;
                maxLog = lt;
            }
            else sum += Math.Exp(lt - maxLog);
        }
        if (double.IsNegativeInfinity(maxLog)) return 0.0;
        return Math.Min(1.0, x * Math.Exp(maxLog) * sum);
    }

    /// <summary>Pelz &amp; Good (1976) approximation of P(D_n ≤ x) (transcribed from SciPy's <c>_kolmogn_PelzGood</c>).</summary>
    internal static double PelzGoodCdf(int n, double x)
    {
        const double sqrt2Pi = 2.5066282746310002;
        double pi2 = Math.PI * Math.PI, pi4 = pi2 * pi2, pi6 = pi4 * pi2;
        double z = Math.Sqrt(n) * x;
        double z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2;
        double qlog = -pi2 / 8 / z2;
        if (qlog < -708) return 0.0;
        double q = Math.Exp(qlog);
        double k1a = -z2, k1b = pi2 / 4;
        double k2a = 6 * z6 + 2 * z4, k2b = (2 * z4 - 5 * z2) * pi2 / 4, k2c = pi4 * (1 - 2 * z2) / 16;
        double k3d = pi6 * (5 - 30 * z2) / 64, k3c = pi4 * (-60 * z2 + 212 * z4) / 16;
        double k3b = pi2 * (135 * z4 - 96 * z6) / 4, k3a = -30 * z6 - 90 * z4 * z4;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int maxk = (int)Math.Ceiling(16 * z / Math.PI);
        for (int k = maxk; k >= 1; k--)
        {
            double mm = 2 * k - 1, m2 = mm * mm, m4 = m2 * m2, m6 = m4 * m2;
            double qp = Math.Pow(q, 8 * k);
            s0 = s0 * qp + 1.0;
            s1 = s1 * qp + (k1a + k1b * m2);
            s2 = s2 * qp + (k2a + k2b * m2 + k2c * m4);
            s3 = s3 * qp + (k3a + k3b * m2 + k3c * m4 + k3d * m6);
        }
        double scale = q * sqrt2Pi;
        s0 *= scale / z; s1 *= scale / (6 * z4); s2 *= scale / (72 * z6 * z); s3 *= scale / (6480 * z6 * z4);
        double q2 = Math.Exp(-pi2 / 2 / z2), sqrt3z = Math.Sqrt(3) * z, k2extra = 0, k3extra = 0;
        for (int k = maxk; k >= 1; k--)
        {
            double ks = (double)k * k, qk = Math.Pow(q2, ks), kpi = Math.PI * k;
            k2extra += ks * qk;
            k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * ks * qk;
        }
        s2 += k2extra * pi2 * sqrt2Pi / (-36 * z3);
        s3 += k3extra * pi2 * sqrt2Pi / (216 * z6);
        double rn = Math.Sqrt(n);
        return s0 + s1 / rn + s2 / n + s3 / (n * rn);
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
