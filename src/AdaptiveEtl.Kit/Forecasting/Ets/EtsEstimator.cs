using AdaptiveEtl.Kit.Forecasting.Statistics;

namespace AdaptiveEtl.Kit.Forecasting.Ets;

/// <summary>
/// Fits one ETS model as R's <c>forecast:::etsmodel</c> does: heuristic initial states (<c>initstate</c>: classical
/// decomposition, then a regression on the first seasonally adjusted values), starting smoothing parameters
/// (<c>initparam</c>), then Nelder–Mead on R's likelihood criterion over parameters and initial states with the "both"
/// bounds (usual 1e-4 ≤ β ≤ α ≤ 0.9999, γ ≤ 1 − α, 0.8 ≤ φ ≤ 0.98, and the admissible region of Hyndman et al. 2008, ch. 10).
/// </summary>
internal static class EtsEstimator
{
    private static readonly double[] Lower = [1e-4, 1e-4, 1e-4, 0.8];
    private static readonly double[] Upper = [0.9999, 0.9999, 0.9999, 0.98];

    /// <summary>A fitted model (or a failure with infinite criteria).</summary>
    public sealed record Fit(EtsSpec Spec, int Period, EtsRecursions.Parameters Parameters, double[] InitialState, double[] FinalState,
        double Lik, double Aic, double Aicc, double Bic, double Sigma2, double[] Residuals, double[] Fitted, int ParameterCount);

    public static Fit? Estimate(double[] y, EtsSpec spec, int frequency, int maxit)
    {
        int n = y.Length;
        int m = spec.Season != EtsComponent.None ? frequency : 1;
        bool trend = spec.Trend != EtsComponent.None, season = spec.Season != EtsComponent.None;

        // initparam
        var par = new List<double>();
        double alpha = Lower[0] + 0.2 * (Upper[0] - Lower[0]) / m;
        if (alpha > 1 || alpha < 0) alpha = Lower[0] + 2e-3;
        par.Add(alpha);
        if (trend)
        {
            double up = Math.Min(Upper[1], alpha);
            double beta = Lower[1] + 0.1 * (up - Lower[1]);
            if (beta < 0 || beta > alpha) beta = alpha - 1e-3;
            par.Add(beta);
        }
        if (season)
        {
            double up = Math.Min(Upper[2], 1 - alpha);
            double gamma = Lower[2] + 0.05 * (up - Lower[2]);
            if (gamma < 0 || gamma > 1 - alpha) gamma = 1 - alpha - 1e-3;
            par.Add(gamma);
        }
        if (spec.Damped)
        {
            double phi = Lower[3] + 0.99 * (Upper[3] - Lower[3]);
            if (phi < 0 || phi > 1) phi = Upper[3] - 1e-3;
            par.Add(phi);
        }
        int nSmooth = par.Count;
        var init = InitialState(y, spec, frequency);
        if (init is null) return null;
        par.AddRange(init);
        int np = par.Count;
        if (np >= n - 1) return null;
        int nstate = init.Length;

        var stateBuf = new double[1 + (trend ? 1 : 0) + m];
        EtsRecursions.Parameters Unpack(ReadOnlySpan<double> p)
        {
            int k = 0;
            double a = p[k++], b = trend ? p[k++] : 0, g = season ? p[k++] : 0, f = spec.Damped ? p[k++] : 1;
            return new EtsRecursions.Parameters(a, b, g, f);
        }
        bool FillState(ReadOnlySpan<double> p, Span<double> state)
        {
            p.Slice(nSmooth, nstate).CopyTo(state);
            if (season)
            {
                int start = trend ? 2 : 1;
                double sum = 0;
                for (int i = start; i < nstate; i++) sum += state[i];
                state[nstate] = (spec.Season == EtsComponent.Multiplicative ? m : 0) - sum;
                if (spec.Season == EtsComponent.Multiplicative)
                    for (int i = start; i <= nstate; i++) if (state[i] < 0) return false;
            }
            return true;
        }
        double Objective(double[] p)
        {
            var pr = Unpack(p);
            if (!ParametersOk(pr, spec, m)) return double.PositiveInfinity;
            if (!FillState(p, stateBuf)) return double.PositiveInfinity;
            double lik = EtsRecursions.Likelihood(y, spec, m, pr, stateBuf);
            if (double.IsNaN(lik)) return double.PositiveInfinity;
            if (lik < -1e10) lik = -1e10;
            return lik;
        }

        (double[] best, _, _) = NelderMeadMinimizer.Minimize(Objective, par.ToArray(), maxit);
        var finalPar = Unpack(best);
        var initial = new double[stateBuf.Length];
        if (!FillState(best, initial)) return null;
        var final = (double[])initial.Clone();
        var e = new double[n];
        var fitted = new double[n];
        double likv = EtsRecursions.Likelihood(y, spec, m, finalPar, final, e, fitted);
        if (!double.IsFinite(likv)) return null;
        int k = np + 1;
        double aic = likv + 2 * k;
        double bic = likv + Math.Log(n) * k;
        double aicc = aic + 2.0 * k * (k + 1) / (n - k - 1);
        double sse = e.Sum(v => v * v);
        double sigma2 = sse / (n - np);
        return new Fit(spec, m, finalPar, initial, final, likv, aic, aicc, bic, sigma2, e, fitted, np);
    }

    /// <summary>R's <c>check.param</c> with bounds = "both": usual bounds, then admissibility.</summary>
    private static bool ParametersOk(EtsRecursions.Parameters p, EtsSpec spec, int m)
    {
        bool trend = spec.Trend != EtsComponent.None, season = spec.Season != EtsComponent.None;
        if (p.Alpha < Lower[0] || p.Alpha > Upper[0]) return false;
        if (trend && (p.Beta < Lower[1] || p.Beta > p.Alpha || p.Beta > Upper[1])) return false;
        if (spec.Damped && (p.Phi < Lower[3] || p.Phi > Upper[3])) return false;
        if (season && (p.Gamma < Lower[2] || p.Gamma > 1 - p.Alpha || p.Gamma > Upper[2])) return false;
        return Admissible(p.Alpha, trend ? p.Beta : null, season ? p.Gamma : null, spec.Damped ? p.Phi : 1.0, m);
    }

    /// <summary>R's <c>forecast:::admissible</c>: the characteristic roots of the linear model lie inside the unit circle.</summary>
    private static bool Admissible(double alpha, double? beta, double? gamma, double phi, int m)
    {
        if (phi < 0 || phi > 1 + 1e-8) return false;
        if (gamma is null)
        {
            if (alpha < 1 - 1 / phi || alpha > 1 + 1 / phi) return false;
            if (beta is double b && (b < alpha * (phi - 1) || b > (1 + phi) * (2 - alpha))) return false;
        }
        else if (m > 1)
        {
            double b = beta ?? 0, g = gamma.Value;
            if (g < Math.Max(1 - 1 / phi - alpha, 0) || g > 1 + 1 / phi - alpha) return false;
            if (alpha < 1 - 1 / phi - g * (1 - m + phi + phi * m) / (2 * phi * m)) return false;
            if (b < -(1 - phi) * (g / m + alpha)) return false;
            var c = new double[m + 2];
            c[0] = phi * (1 - alpha - g);
            c[1] = alpha + b - alpha * phi + g - 1;
            for (int i = 2; i < m; i++) c[i] = alpha + b - alpha * phi;
            c[m] = alpha + b - phi;
            c[m + 1] = 1;
            // R: max(abs(polyroot(c))) <= 1 + 1e-10; a Schur–Cohn test of the same polynomial avoids an eigen-solve per evaluation.
            if (!SeriesMath.AllRootsInsideUnitCircle(Shrink(c, 1 + 1e-10))) return false;
        }
        return true;
    }

    // Roots of c(z) inside |z| ≤ ρ  ⇔  roots of c(ρz) inside the unit circle.
    private static double[] Shrink(double[] c, double rho)
    {
        var r = new double[c.Length];
        double f = 1;
        for (int i = 0; i < c.Length; i++) { r[i] = c[i] * f; f *= rho; }
        return r;
    }

    /// <summary>R's <c>forecast:::initstate</c>: initial level, growth and m − 1 seasonal states.</summary>
    public static double[]? InitialState(double[] y, EtsSpec spec, int frequency)
    {
        int n = y.Length;
        var list = new List<double>();
        double[] ysa = y;
        double[]? initSeas = null;
        int m = 1;
        if (spec.Season != EtsComponent.None)
        {
            m = frequency;
            if (n < 4) return null;
            double[] seasonal;
            bool additive = spec.Season == EtsComponent.Additive;
            if (n < 3 * m)
            {
                // Fourier regression y ~ trend + sin + cos (first harmonic), as R's tslm(y ~ trend + fourier(y, 1)).
                var cols = new List<double[]> { Enumerable.Repeat(1.0, n).ToArray(), Enumerable.Range(1, n).Select(t => (double)t).ToArray() };
                var sin = Enumerable.Range(1, n).Select(t => Math.Sin(2 * Math.PI * t / m)).ToArray();
                if (sin.Any(v => Math.Abs(v) > 1e-10)) cols.Add(sin);
                cols.Add(Enumerable.Range(1, n).Select(t => Math.Cos(2 * Math.PI * t / m)).ToArray());
                var X = new double[n, cols.Count];
                for (int i = 0; i < n; i++) for (int j = 0; j < cols.Count; j++) X[i, j] = cols[j][i];
                var (beta, _) = SeriesMath.LeastSquares(X, y);
                seasonal = Enumerable.Range(0, n).Select(i => additive ? y[i] - beta[0] - beta[1] * (i + 1) : y[i] / (beta[0] + beta[1] * (i + 1))).ToArray();
            }
            else seasonal = Decompose(y, m, additive);
            initSeas = new double[m - 1];
            for (int k = 0; k < m - 1; k++) initSeas[k] = seasonal[m - 1 - k];   // rev(seasonal[2:m])
            if (additive) ysa = y.Select((v, i) => v - seasonal[i]).ToArray();
            else
            {
                for (int k = 0; k < initSeas.Length; k++) initSeas[k] = Math.Max(initSeas[k], 1e-2);
                if (initSeas.Sum() > m)
                {
                    double s = initSeas.Sum(v => v + 1e-2);
                    for (int k = 0; k < initSeas.Length; k++) initSeas[k] /= s;
                }
                ysa = y.Select((v, i) => v / Math.Max(seasonal[i], 1e-2)).ToArray();
            }
        }
        int maxn = Math.Min(Math.Max(10, 2 * m), n);
        if (spec.Trend == EtsComponent.None) list.Add(ysa.Take(maxn).Average());
        else
        {
            double mx = (maxn + 1) / 2.0, my = ysa.Take(maxn).Average(), sxy = 0, sxx = 0;
            for (int i = 0; i < maxn; i++) { sxy += (i + 1 - mx) * (ysa[i] - my); sxx += (i + 1 - mx) * (i + 1 - mx); }
            double slope = sxy / sxx, intercept = my - slope * mx;
            if (spec.Trend == EtsComponent.Additive)
            {
                double l0 = intercept, b0 = slope;
                if (Math.Abs(l0 + b0) < 1e-8) { l0 *= 1 + 1e-3; b0 *= 1 - 1e-3; }
                list.Add(l0); list.Add(b0);
            }
            else
            {
                double l0 = intercept + slope;
                if (Math.Abs(l0) < 1e-8) l0 = 1e-7;
                double b0 = (intercept + 2 * slope) / l0;
                l0 /= b0;
                if (Math.Abs(b0) > 1e10) b0 = Math.Sign(b0) * 1e10;
                if (!(l0 >= 1e-8) || !(b0 >= 1e-8)) { l0 = Math.Max(ysa[0], 1e-3); b0 = Math.Max(ysa[1] / ysa[0], 1e-3); }
                list.Add(l0); list.Add(b0);
            }
        }
        if (initSeas is not null) list.AddRange(initSeas);
        return list.ToArray();
    }

    /// <summary>Seasonal component of R's classical <c>decompose</c> (centred moving-average trend, averaged and centred seasonal indices).</summary>
    private static double[] Decompose(double[] x, int f, bool additive)
    {
        int l = x.Length;
        double[] filter = f % 2 == 0
            ? Enumerable.Range(0, f + 1).Select(i => (i == 0 || i == f ? 0.5 : 1.0) / f).ToArray()
            : Enumerable.Repeat(1.0 / f, f).ToArray();
        int nf = filter.Length, o = nf / 2;
        var season = new double[l];
        for (int t = 0; t < l; t++)
        {
            if (t + o - (nf - 1) < 0 || t + o >= l) { season[t] = double.NaN; continue; }
            double tr = 0;
            for (int j = 0; j < nf; j++) tr += filter[j] * x[t + o - j];
            season[t] = additive ? x[t] - tr : x[t] / tr;
        }
        var figure = new double[f];
        for (int i = 0; i < f; i++)
        {
            double s = 0; int c = 0;
            for (int t = i; t < l; t += f) if (!double.IsNaN(season[t])) { s += season[t]; c++; }
            figure[i] = s / c;
        }
        double mean = figure.Average();
        for (int i = 0; i < f; i++) figure[i] = additive ? figure[i] - mean : figure[i] / mean;
        return Enumerable.Range(0, l).Select(t => figure[t % f]).ToArray();
    }
}
