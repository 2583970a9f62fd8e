using System.Numerics;

namespace AdaptiveEtl.Kit.Forecasting.Arima;

/// <summary>
/// The state-space form of a (seasonal) ARIMA model as R's <c>stats::arima</c> builds it (<c>makeARIMA</c>): Harvey's
/// ARMA state of dimension r = max(p, q + 1) extended by the d + D·m lags needed to undo the differencing, a diffuse prior
/// (variance κ = 1e6) on those, and the Kalman filter of <c>ARIMA_Like</c> (Gardner, Harvey &amp; Phillips 1980; Durbin &amp;
/// Koopman 2012, §3.4 and §5). Hand-written because no served package has an exact ARIMA likelihood; the inner loop
/// uses plain arrays and the sparsity of the transition matrix, never a matrix library.
/// </summary>
internal static class ArimaStateSpace
{
    /// <summary>Variance of the diffuse prior on the differencing states (R: kappa = 1e6).</summary>
    public const double Kappa = 1e6;

    /// <summary>Coefficients Δ with y_t = Σ Δ_i y_{t−i} + w_t for (1 − B)^d (1 − B^m)^D (R: <c>Delta</c> in arima).</summary>
    public static double[] Delta(ArimaOrder o)
    {
        var poly = new List<double> { 1.0 };
        for (int i = 0; i < o.D; i++) poly = Multiply(poly, [1.0, -1.0]);
        if (o.Period > 1)
            for (int i = 0; i < o.SeasonalD; i++)
            {
                var s = new double[o.Period + 1];
                s[0] = 1; s[o.Period] = -1;
                poly = Multiply(poly, s);
            }
        return poly.Skip(1).Select(v => -v).ToArray();
    }

    private static List<double> Multiply(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var r = new double[a.Count + b.Count - 1];
        for (int i = 0; i < a.Count; i++)
            for (int j = 0; j < b.Count; j++) r[i + j] += a[i] * b[j];
        return r.ToList();
    }

    /// <summary>Number of ARMA coefficients p + q + P + Q.</summary>
    public static int ArmaCount(ArimaOrder o) => o.P + o.Q + o.SeasonalP + o.SeasonalQ;

    /// <summary>
    /// Expands (p, q, P, Q) coefficients into the full AR polynomial φ (length p + m·P) and MA polynomial θ (length q + m·Q),
    /// optionally mapping the AR parts from the unconstrained scale first (R: <c>ARIMA_transPars</c>).
    /// </summary>
    public static (double[] Phi, double[] Theta) Expand(ReadOnlySpan<double> par, ArimaOrder o, bool transform)
    {
        int mp = o.P, mq = o.Q, msp = o.SeasonalP, msq = o.SeasonalQ, ns = o.Period;
        int p = mp + ns * msp, q = mq + ns * msq;
        var prm = par[..(mp + mq + msp + msq)].ToArray();
        if (transform)
        {
            if (mp > 0) PacfToAr(prm.AsSpan(0, mp));
            if (msp > 0) PacfToAr(prm.AsSpan(mp + mq, msp));
        }
        var phi = new double[p];
        var theta = new double[q];
        for (int i = 0; i < mp; i++) phi[i] = prm[i];
        for (int i = 0; i < mq; i++) theta[i] = prm[i + mp];
        for (int j = 0; j < msp; j++)
        {
            phi[(j + 1) * ns - 1] += prm[j + mp + mq];
            for (int i = 0; i < mp; i++) phi[(j + 1) * ns + i] -= prm[i] * prm[j + mp + mq];
        }
        for (int j = 0; j < msq; j++)
        {
            theta[(j + 1) * ns - 1] += prm[j + mp + mq + msp];
            for (int i = 0; i < mq; i++) theta[(j + 1) * ns + i] += prm[i + mp] * prm[j + mp + mq + msp];
        }
        return (phi, theta);
    }

    /// <summary>Maps unconstrained values to a stationary AR polynomial: tanh to partial autocorrelations, then Durbin–Levinson (R: <c>partrans</c>; Jones 1980).</summary>
    public static void PacfToAr(Span<double> raw)
    {
        int p = raw.Length;
        Span<double> work = stackalloc double[p];
        Span<double> res = stackalloc double[p];
        for (int j = 0; j < p; j++) work[j] = res[j] = Math.Tanh(raw[j]);
        for (int j = 1; j < p; j++)
        {
            double a = res[j];
            for (int k = 0; k < j; k++) work[k] -= a * res[j - k - 1];
            for (int k = 0; k < j; k++) res[k] = work[k];
        }
        res.CopyTo(raw);
    }

    /// <summary>Inverse of <see cref="PacfToAr"/> (R: <c>invpartrans</c>).</summary>
    public static void ArToPacf(Span<double> phi)
    {
        int p = phi.Length;
        Span<double> work = stackalloc double[p];
        Span<double> res = stackalloc double[p];
        for (int j = 0; j < p; j++) work[j] = res[j] = phi[j];
        for (int j = p - 1; j > 0; j--)
        {
            double a = res[j];
            for (int k = 0; k < j; k++) work[k] = (res[k] + a * res[j - k - 1]) / (1 - a * a);
            for (int k = 0; k < j; k++) res[k] = work[k];
        }
        for (int j = 0; j < p; j++) phi[j] = Math.Atanh(res[j]);
    }

    /// <summary>Applies <see cref="PacfToAr"/> to the AR blocks of a full coefficient vector (R: <c>ARIMA_undoPars</c>).</summary>
    public static double[] UndoTransform(double[] par, ArimaOrder o)
    {
        var r = (double[])par.Clone();
        if (o.P > 0) PacfToAr(r.AsSpan(0, o.P));
        if (o.SeasonalP > 0) PacfToAr(r.AsSpan(o.P + o.Q, o.SeasonalP));
        return r;
    }

    /// <summary>Applies <see cref="ArToPacf"/> to the AR blocks (R: <c>ARIMA_Invtrans</c>).</summary>
    public static double[] InverseTransform(double[] par, ArimaOrder o)
    {
        var r = (double[])par.Clone();
        if (o.P > 0) ArToPacf(r.AsSpan(0, o.P));
        if (o.SeasonalP > 0) ArToPacf(r.AsSpan(o.P + o.Q, o.SeasonalP));
        return r;
    }

    /// <summary>True when 1 − φ₁z − … − φ_p z^p has all roots outside the unit circle (R: <c>arCheck</c>).</summary>
    public static bool IsStationary(ReadOnlySpan<double> ar)
    {
        int p = ar.Length;
        while (p > 0 && ar[p - 1] == 0) p--;
        if (p == 0) return true;
        var c = new double[p + 1];
        c[0] = 1;
        for (int i = 0; i < p; i++) c[i + 1] = -ar[i];
        return MathNet.Numerics.FindRoots.Polynomial(c).All(z => z.Magnitude > 1);
    }

    /// <summary>Reflects MA roots inside the unit circle to make the MA part invertible (R: <c>maInvert</c>).</summary>
    public static void InvertMa(Span<double> ma)
    {
        int q = ma.Length, q0 = q;
        while (q0 > 0 && ma[q0 - 1] == 0) q0--;
        if (q0 == 0) return;
        var c = new double[q0 + 1];
        c[0] = 1;
        for (int i = 0; i < q0; i++) c[i + 1] = ma[i];
        var roots = MathNet.Numerics.FindRoots.Polynomial(c);
        if (roots.All(z => z.Magnitude >= 1)) return;
        if (q0 == 1)
        {
            ma[0] = 1 / ma[0];
            for (int i = 1; i < q; i++) ma[i] = 0;
            return;
        }
        for (int i = 0; i < roots.Length; i++) if (roots[i].Magnitude < 1) roots[i] = 1 / roots[i];
        var x = new List<Complex> { Complex.One };
        foreach (var r in roots)
        {
            var next = new Complex[x.Count + 1];
            for (int i = 0; i < x.Count; i++) next[i] += x[i];
            for (int i = 0; i < x.Count; i++) next[i + 1] -= x[i] / r;
            x = next.ToList();
        }
        for (int i = 0; i < q0; i++) ma[i] = x[i + 1].Real;
        for (int i = q0; i < q; i++) ma[i] = 0;
    }

    /// <summary>
    /// Stationary covariance (r × r, column-major) of Harvey's ARMA state α_{t+1} = T α_t + R ε_t with Var ε = 1, i.e. the
    /// solution of P = T P T' + R R'. R computes it with Gardner et al.'s algorithm (<c>getQ0</c>); this solves the same
    /// equation by the doubling recursion P ← P + A P A', A ← A² (Anderson &amp; Moore 1979, §6.2), which is exact at convergence
    /// and terminates after r steps for pure MA models.
    /// </summary>
    public static double[] StationaryCovariance(double[] phi, double[] theta, int r)
    {
        int p = phi.Length, q = theta.Length;
        var P = new double[r * r];
        var R = new double[r];
        R[0] = 1;
        for (int i = 1; i < r; i++) R[i] = i - 1 < q ? theta[i - 1] : 0;
        if (p == 0)
        {
            // T is a shift: P_ij = Σ_k R_{i+k} R_{j+k}.
            for (int i = 0; i < r; i++)
                for (int j = 0; j < r; j++)
                {
                    double s = 0;
                    for (int k = 0; i + k < r && j + k < r; k++) s += R[i + k] * R[j + k];
                    P[i + r * j] = s;
                }
            return P;
        }
        // Fast path: P = Σ_k g_k g_k' with g_0 = R, g_{k+1} = T g_k (the state's MA(∞) weights), when they die out within a
        // few hundred steps; near-unit-root models fall through to the doubling recursion below.
        {
            var g = (double[])R.Clone();
            var gn = new double[r];
            int maxTerms = Math.Max(400, 8 * r);
            double first = 0;
            bool converged = false;
            for (int k = 0; k < maxTerms; k++)
            {
                double norm = 0;
                for (int i = 0; i < r; i++) norm += g[i] * g[i];
                if (k == 0) first = norm;
                for (int j = 0; j < r; j++)
                {
                    double gj = g[j];
                    if (gj == 0) continue;
                    int cj = r * j;
                    for (int i = j; i < r; i++) P[i + cj] += g[i] * gj;
                }
                if (k >= r && norm <= 1e-17 * first) { converged = true; break; }
                double g0 = g[0];
                for (int i = 0; i < r; i++) gn[i] = (i < r - 1 ? g[i + 1] : 0) + (i < p ? phi[i] * g0 : 0);
                (g, gn) = (gn, g);
            }
            if (converged)
            {
                for (int j = 0; j < r; j++)
                    for (int i = j + 1; i < r; i++) P[j + r * i] = P[i + r * j];
                return P;
            }
            Array.Clear(P);
        }
        var A = new double[r * r];
        for (int i = 0; i < r; i++)
        {
            if (i < p) A[i] = phi[i];
            if (i < r - 1) A[i + r * (i + 1)] = 1;
        }
        for (int i = 0; i < r; i++)
            for (int j = 0; j < r; j++) P[i + r * j] = R[i] * R[j];
        var tmp = new double[r * r];
        var tmp2 = new double[r * r];
        for (int iter = 0; iter < 100; iter++)
        {
            // tmp = A P ; tmp2 = tmp A' ; P += tmp2
            MatMul(A, P, tmp, r);
            MatMulTransposeRight(tmp, A, tmp2, r);
            double change = 0, size = 0;
            for (int k = 0; k < r * r; k++) { P[k] += tmp2[k]; change = Math.Max(change, Math.Abs(tmp2[k])); size = Math.Max(size, Math.Abs(P[k])); }
            if (change <= 1e-15 * size) break;
            MatMul(A, A, tmp, r);
            Array.Copy(tmp, A, r * r);
        }
        return P;
    }

    private static void MatMul(double[] a, double[] b, double[] c, int r)
    {
        Array.Clear(c);
        for (int j = 0; j < r; j++)
            for (int k = 0; k < r; k++)
            {
                double bkj = b[k + r * j];
                if (bkj == 0) continue;
                for (int i = 0; i < r; i++) c[i + r * j] += a[i + r * k] * bkj;
            }
    }

    private static void MatMulTransposeRight(double[] a, double[] b, double[] c, int r)
    {
        Array.Clear(c);
        for (int j = 0; j < r; j++)
            for (int k = 0; k < r; k++)
            {
                double bjk = b[j + r * k];
                if (bjk == 0) continue;
                for (int i = 0; i < r; i++) c[i + r * j] += a[i + r * k] * bjk;
            }
    }

    /// <summary>Filtered state after a pass of the Kalman filter: mean a and covariance P (rd × rd, column-major).</summary>
    public sealed record FilterState(double[] A, double[] P);

    /// <summary>Sufficient statistics of the Gaussian likelihood: Σ v²/F, Σ log F and the number of non-diffuse steps.</summary>
    public readonly record struct Likelihood(double Ssq, double SumLog, int Count);

    /// <summary>
    /// Runs R's <c>ARIMA_Like</c> Kalman filter over <paramref name="y"/> (regression part already removed) from the prior
    /// a = 0, P = diag(Q0, κ I). Steps whose innovation variance is ≥ 1e4 (diffuse) are left out of the likelihood.
    /// </summary>
    public static Likelihood Filter(double[] y, double[] phi, double[] theta, double[] delta, double[]? standardizedResiduals = null,
        FilterState? finalState = null)
    {
        int n = y.Length, p = phi.Length, q = theta.Length, d = delta.Length;
        int r = Math.Max(p, q + 1), rd = r + d;
        var a = finalState?.A ?? new double[rd];
        var P = finalState?.P ?? new double[rd * rd];
        Array.Clear(a);
        var Pnew = new double[rd * rd];
        var q0 = StationaryCovariance(phi, theta, r);
        for (int i = 0; i < r; i++)
            for (int j = 0; j < r; j++) Pnew[i + rd * j] = q0[i + r * j];
        for (int i = r; i < rd; i++) Pnew[i + rd * i] = Kappa;
        var anew = new double[rd];
        var M = new double[rd];
        var mm = d > 0 ? new double[rd * rd] : null;
        double ssq = 0, sumlog = 0;
        int nu = 0;
        for (int l = 0; l < n; l++)
        {
            for (int i = 0; i < r; i++)
            {
                double tmp = i < r - 1 ? a[i + 1] : 0.0;
                if (i < p) tmp += phi[i] * a[0];
                anew[i] = tmp;
            }
            if (d > 0)
            {
                for (int i = r + 1; i < rd; i++) anew[i] = a[i - 1];
                double tmp = a[0];
                for (int i = 0; i < d; i++) tmp += delta[i] * a[r + i];
                anew[r] = tmp;
            }
            if (l > 0)
            {
                if (d == 0)
                {
                    for (int i = 0; i < r; i++)
                    {
                        double vi = i == 0 ? 1.0 : i - 1 < q ? theta[i - 1] : 0.0;
                        for (int j = 0; j < r; j++)
                        {
                            double tmp = j == 0 ? 1.0 : j - 1 < q ? theta[j - 1] : 0.0;
                            tmp *= vi;
                            if (i < p && j < p) tmp += phi[i] * phi[j] * P[0];
                            if (i < r - 1 && j < r - 1) tmp += P[i + 1 + r * (j + 1)];
                            if (i < p && j < r - 1) tmp += phi[i] * P[j + 1];
                            if (j < p && i < r - 1) tmp += phi[j] * P[i + 1];
                            Pnew[i + r * j] = tmp;
                        }
                    }
                }
                else
                {
                    for (int i = 0; i < r; i++)
                        for (int j = 0; j < rd; j++)
                        {
                            double tmp = 0.0;
                            if (i < p) tmp += phi[i] * P[rd * j];
                            if (i < r - 1) tmp += P[i + 1 + rd * j];
                            mm![i + rd * j] = tmp;
                        }
                    for (int j = 0; j < rd; j++)
                    {
                        double tmp = P[rd * j];
                        for (int k = 0; k < d; k++) tmp += delta[k] * P[r + k + rd * j];
                        mm![r + rd * j] = tmp;
                    }
                    for (int i = 1; i < d; i++)
                        for (int j = 0; j < rd; j++) mm![r + i + rd * j] = P[r + i - 1 + rd * j];
                    for (int i = 0; i < r; i++)
                        for (int j = 0; j < rd; j++)
                        {
                            double tmp = 0.0;
                            if (i < p) tmp += phi[i] * mm![j];
                            if (i < r - 1) tmp += mm![rd * (i + 1) + j];
                            Pnew[j + rd * i] = tmp;
                        }
                    for (int j = 0; j < rd; j++)
                    {
                        double tmp = mm![j];
                        for (int k = 0; k < d; k++) tmp += delta[k] * mm[rd * (r + k) + j];
                        Pnew[j + rd * r] = tmp;
                    }
                    for (int i = 1; i < d; i++)
                        for (int j = 0; j < rd; j++) Pnew[j + rd * (r + i)] = mm![rd * (r + i - 1) + j];
                    for (int i = 0; i <= q; i++)
                    {
                        double vi = i == 0 ? 1.0 : theta[i - 1];
                        for (int j = 0; j <= q; j++) Pnew[i + rd * j] += vi * (j == 0 ? 1.0 : theta[j - 1]);
                    }
                }
            }
            double resid0 = y[l] - anew[0];
            for (int i = 0; i < d; i++) resid0 -= delta[i] * anew[r + i];
            double gain = Pnew[0];
            for (int i = 0; i < d; i++) gain += delta[i] * Pnew[r + i];
            for (int i = 0; i < rd; i++)
            {
                double tmp = Pnew[i];
                for (int k = 0; k < d; k++) tmp += Pnew[i + rd * (r + k)] * delta[k];
                M[i] = tmp;
            }
            for (int i = 0; i < d; i++) gain += delta[i] * M[r + i];
            if (gain < 1e4)
            {
                nu++;
                ssq += resid0 * resid0 / gain;
                sumlog += Math.Log(gain);
            }
            if (standardizedResiduals is not null) standardizedResiduals[l] = resid0 / Math.Sqrt(gain);
            for (int i = 0; i < rd; i++) a[i] = anew[i] + M[i] * resid0 / gain;
            for (int i = 0; i < rd; i++)
                for (int j = 0; j < rd; j++) P[i + rd * j] = Pnew[i + rd * j] - M[i] * M[j] / gain;
        }
        return new Likelihood(ssq, sumlog, nu);
    }

    /// <summary>
    /// Exact likelihood of a stationary ARMA series (the differenced data): the d = 0 path of <see cref="Filter"/>, with
    /// padded arrays instead of branches and a steady-state shortcut — once the predicted covariance stops changing
    /// (max change ≤ 1e-12 relative) the gain is frozen and only the state is updated (Harvey 1989, §3.3.4). With a diffuse
    /// prior the likelihood of the undifferenced series equals this one (Ansley &amp; Kohn 1985), so the optimiser uses it and
    /// only the final pass runs R's full filter.
    /// </summary>
    public static Likelihood FilterStationary(double[] w, double[] phi, double[] theta)
    {
        int n = w.Length, p = phi.Length, q = theta.Length;
        int r = Math.Max(p, q + 1), s = r + 1;
        var ph = new double[s];
        var v = new double[s];
        for (int i = 0; i < p; i++) ph[i] = phi[i];
        v[0] = 1;
        for (int i = 1; i < r; i++) v[i] = i - 1 < q ? theta[i - 1] : 0;
        var q0 = StationaryCovariance(phi, theta, r);
        var P = new double[s * s];      // posterior covariance with a zero border row/column at index r
        var Pn = new double[s * s];     // predicted covariance
        for (int i = 0; i < r; i++)
            for (int j = 0; j < r; j++) Pn[i + s * j] = q0[i + r * j];
        var a = new double[s];
        var anew = new double[s];
        var M = new double[r];
        double ssq = 0, sumlog = 0;
        int nu = 0;
        bool steady = false;
        double gain = 0;
        for (int l = 0; l < n; l++)
        {
            double a0 = a[0];
            for (int i = 0; i < r; i++) anew[i] = a[i + 1] + ph[i] * a0;
            if (l > 0 && !steady)
            {
                double p00 = P[0], change = 0, size = 0;
                for (int j = 0; j < r; j++)
                {
                    double vj = v[j], phj = ph[j], pj0 = P[j + 1];
                    int cj = s * j, cj1 = s * (j + 1);
                    for (int i = 0; i < r; i++)
                    {
                        double tmp = v[i] * vj + ph[i] * phj * p00 + P[i + 1 + cj1] + ph[i] * pj0 + phj * P[i + 1];
                        double old = Pn[i + cj];
                        change = Math.Max(change, Math.Abs(tmp - old));
                        size = Math.Max(size, Math.Abs(tmp));
                        Pn[i + cj] = tmp;
                    }
                }
                if (change <= 1e-12 * size && l > r) steady = true;
            }
            if (!steady || l == 0)
            {
                gain = Pn[0];
                for (int i = 0; i < r; i++) M[i] = Pn[i];
            }
            double resid = w[l] - anew[0];
            if (gain < 1e4)
            {
                nu++;
                ssq += resid * resid / gain;
                sumlog += Math.Log(gain);
            }
            double k = resid / gain;
            for (int i = 0; i < r; i++) a[i] = anew[i] + M[i] * k;
            if (!steady)
                for (int j = 0; j < r; j++)
                {
                    double mj = M[j] / gain;
                    int cj = s * j;
                    for (int i = 0; i < r; i++) P[i + cj] = Pn[i + cj] - M[i] * mj;
                }
        }
        return new Likelihood(ssq, sumlog, nu);
    }

    /// <summary>
    /// Conditional sum of squares (R: <c>ARIMA_CSS</c>): differences the series, then runs the ARMA recursion from
    /// observation <paramref name="ncond"/> with zero pre-sample innovations; returns the mean squared innovation.
    /// </summary>
    public static double ConditionalSumOfSquares(double[] x, ArimaOrder o, double[] phi, double[] theta, int ncond, double[]? residuals = null)
    {
        int n = x.Length, p = phi.Length, q = theta.Length;
        var w = (double[])x.Clone();
        for (int i = 0; i < o.D; i++)
            for (int l = n - 1; l > 0; l--) w[l] -= w[l - 1];
        int ns = o.Period;
        if (ns > 1)
            for (int i = 0; i < o.SeasonalD; i++)
                for (int l = n - 1; l >= ns; l--) w[l] -= w[l - ns];
        var resid = residuals ?? new double[n];
        for (int l = 0; l < ncond && l < n; l++) resid[l] = 0;
        // Seasonal polynomials are mostly zeros: loop over the non-zero lags only.
        var arLag = new List<int>(); var arCoef = new List<double>();
        for (int j = 0; j < p; j++) if (phi[j] != 0) { arLag.Add(j + 1); arCoef.Add(phi[j]); }
        var maLag = new List<int>(); var maCoef = new List<double>();
        for (int j = 0; j < q; j++) if (theta[j] != 0) { maLag.Add(j + 1); maCoef.Add(theta[j]); }
        double ssq = 0;
        int nu = 0;
        for (int l = ncond; l < n; l++)
        {
            double tmp = w[l];
            for (int k = 0; k < arLag.Count; k++) tmp -= arCoef[k] * w[l - arLag[k]];
            int jmax = l - ncond;
            for (int k = 0; k < maLag.Count && maLag[k] <= jmax; k++) tmp -= maCoef[k] * resid[l - maLag[k]];
            resid[l] = tmp;
            if (!double.IsNaN(tmp)) { nu++; ssq += tmp * tmp; }
        }
        return ssq / nu;
    }

    /// <summary>
    /// Forecasts h steps from a filtered state (R: <c>KalmanForecast</c>): means and variances in units of σ².
    /// </summary>
    public static (double[] Mean, double[] Variance) Forecast(FilterState state, double[] phi, double[] theta, double[] delta, int h)
    {
        int p = phi.Length, q = theta.Length, d = delta.Length;
        int r = Math.Max(p, q + 1), rd = r + d;
        var T = new double[rd * rd];
        for (int i = 0; i < r; i++)
        {
            if (i < p) T[i] = phi[i];
            if (i < r - 1) T[i + rd * (i + 1)] = 1;
        }
        if (d > 0)
        {
            T[r] = 1;
            for (int k = 0; k < d; k++) T[r + rd * (r + k)] = delta[k];
            for (int i = 1; i < d; i++) T[r + i + rd * (r + i - 1)] = 1;
        }
        var Z = new double[rd];
        Z[0] = 1;
        for (int k = 0; k < d; k++) Z[r + k] = delta[k];
        var Rv = new double[rd];
        Rv[0] = 1;
        for (int i = 1; i < r; i++) Rv[i] = i - 1 < q ? theta[i - 1] : 0;
        var a = (double[])state.A.Clone();
        var P = (double[])state.P.Clone();
        var anew = new double[rd];
        var tmp = new double[rd * rd];
        var mean = new double[h];
        var variance = new double[h];
        for (int l = 0; l < h; l++)
        {
            for (int i = 0; i < rd; i++)
            {
                double s = 0;
                for (int k = 0; k < rd; k++) s += T[i + rd * k] * a[k];
                anew[i] = s;
            }
            Array.Copy(anew, a, rd);
            double fc = 0;
            for (int i = 0; i < rd; i++) fc += Z[i] * a[i];
            mean[l] = fc;
            MatMul(T, P, tmp, rd);
            MatMulTransposeRight(tmp, T, P, rd);
            for (int i = 0; i < rd; i++)
                for (int j = 0; j < rd; j++) P[i + rd * j] += Rv[i] * Rv[j];
            double v = 0;
            for (int i = 0; i < rd; i++)
                for (int j = 0; j < rd; j++) v += Z[i] * P[i + rd * j] * Z[j];
            variance[l] = v;
        }
        return (mean, variance);
    }
}
