namespace AdaptiveEtl.Kit.Forecasting.Ets;

/// <summary>
/// The ETS recursions of Hyndman et al. (2008, Tables 2.2–2.3), ported from <c>etscalc</c>/<c>forecast</c>/<c>update</c> in
/// R's forecast package (src/etscalc.c) so that likelihoods agree with R's <c>ets</c>. State: level l, growth b, seasonal
/// s[0..m−1] with s[0] the newest and s[m−1] the one used for the next observation.
/// </summary>
internal static class EtsRecursions
{
    private const double Tol = 1.0e-10;
    private const double Huge = 1.0e10;

    /// <summary>Smoothing parameters.</summary>
    public readonly record struct Parameters(double Alpha, double Beta, double Gamma, double Phi);

    /// <summary>
    /// Runs the filter over y from the initial state <paramref name="state"/> (length 1 + trend + m, updated in place to the
    /// final state); fills <paramref name="e"/> with the one-step errors (relative for multiplicative errors) and returns
    /// R's criterion n·log(Σe²) (+ 2·Σ log|ŷ| for multiplicative errors), or NaN when a forecast is undefined.
    /// </summary>
    public static double Likelihood(ReadOnlySpan<double> y, EtsSpec spec, int m, Parameters par, Span<double> state, Span<double> e = default,
        Span<double> fitted = default)
    {
        int n = y.Length;
        bool hasTrend = spec.Trend != EtsComponent.None, hasSeason = spec.Season != EtsComponent.None;
        if (!hasSeason) m = 1;
        double l = state[0], b = hasTrend ? state[1] : 0;
        int s0 = hasTrend ? 2 : 1;
        // Seasonal states in a ring buffer: s[j] = ring[(head + j) % m]. The update "s[0] = f(old s[m−1]); s[j] = old s[j−1]"
        // then only moves the head back by one and overwrites that slot, instead of shifting m values per observation.
        Span<double> ring = stackalloc double[Math.Max(m, 1)];
        if (hasSeason) state.Slice(s0, m).CopyTo(ring);
        int head = 0;
        double phi = spec.Damped ? par.Phi : 1.0;
        double alpha = par.Alpha, beta = par.Beta, gamma = par.Gamma;
        double lik = 0, lik2 = 0;
        bool addTrend = spec.Trend == EtsComponent.Additive, multTrend = spec.Trend == EtsComponent.Multiplicative;
        bool addSeason = spec.Season == EtsComponent.Additive, multSeason = spec.Season == EtsComponent.Multiplicative;
        bool addError = spec.Error == EtsComponent.Additive;
        bool phiIsOne = Math.Abs(phi - 1.0) < Tol;
        for (int i = 0; i < n; i++)
        {
            int last = head + m - 1;
            if (last >= m) last -= m;
            double sOld = hasSeason ? ring[last] : 0;
            // One-step forecast.
            double q, phib;
            if (!hasTrend) { q = l; phib = 0; }
            else if (addTrend) { phib = phi * b; q = l + phib; }
            else
            {
                if (b < 0) return double.NaN;
                phib = phiIsOne ? b : Math.Pow(b, phi);
                q = l * phib;
            }
            double f = addSeason ? q + sOld : multSeason ? q * sOld : q;
            double yi = y[i];
            double err = addError ? yi - f : (yi - f) / f;
            if (!e.IsEmpty) e[i] = err;
            if (!fitted.IsEmpty) fitted[i] = f;
            // State update (R: update() in etscalc.c).
            double p = !hasSeason ? yi : addSeason ? yi - sOld : Math.Abs(sOld) < Tol ? Huge : yi / sOld;
            double oldl = l;
            l = q + alpha * (p - q);
            if (hasTrend)
            {
                double r = addTrend ? l - oldl : Math.Abs(oldl) < Tol ? Huge : l / oldl;
                b = phib + beta / alpha * (r - phib);
            }
            if (hasSeason)
            {
                double t = addSeason ? yi - q : Math.Abs(q) < Tol ? Huge : yi / q;
                head = last;
                ring[head] = sOld + gamma * (t - sOld);
            }
            lik += err * err;
            lik2 += Math.Log(Math.Abs(f));
        }
        state[0] = l;
        if (hasTrend) state[1] = b;
        if (hasSeason)
            for (int j = 0; j < m; j++) state[s0 + j] = ring[(head + j) % m];
        double result = n * Math.Log(lik);
        if (spec.Error == EtsComponent.Multiplicative) result += 2 * lik2;
        return result;
    }

    /// <summary>h-step point forecasts from a state (R: <c>forecast</c> in etscalc.c).</summary>
    public static double[] Forecast(ReadOnlySpan<double> state, EtsSpec spec, int m, double phiParameter, int h)
    {
        bool hasTrend = spec.Trend != EtsComponent.None, hasSeason = spec.Season != EtsComponent.None;
        if (!hasSeason) m = 1;
        double l = state[0], b = hasTrend ? state[1] : 0;
        var s = hasSeason ? state.Slice(hasTrend ? 2 : 1, m) : ReadOnlySpan<double>.Empty;
        double phi = spec.Damped ? phiParameter : 1.0;
        var f = new double[h];
        double phistar = phi;
        for (int i = 0; i < h; i++)
        {
            f[i] = spec.Trend switch
            {
                EtsComponent.None => l,
                EtsComponent.Additive => l + phistar * b,
                _ => b < 0 ? double.NaN : l * Math.Pow(b, phistar),
            };
            int j = m - 1 - i;
            while (j < 0) j += m;
            if (spec.Season == EtsComponent.Additive) f[i] += s[j];
            else if (spec.Season == EtsComponent.Multiplicative) f[i] *= s[j];
            if (i < h - 1) phistar += Math.Abs(phi - 1.0) < Tol ? 1.0 : Math.Pow(phi, i + 1);
        }
        return f;
    }

    /// <summary>State update after observing y (R: <c>update</c> in etscalc.c).</summary>
    public static void Update(ref double l, ref double b, double oldl, double oldb, ReadOnlySpan<double> olds, Span<double> s, int m, EtsSpec spec,
        double alpha, double beta, double gamma, double phi, double y)
    {
        double q, phib;
        if (spec.Trend == EtsComponent.None) { q = oldl; phib = 0; }
        else if (spec.Trend == EtsComponent.Additive) { phib = phi * oldb; q = oldl + phib; }
        else if (Math.Abs(phi - 1.0) < Tol) { phib = oldb; q = oldl * phib; }
        else { phib = Math.Pow(oldb, phi); q = oldl * phib; }
        double p;
        if (spec.Season == EtsComponent.None) p = y;
        else if (spec.Season == EtsComponent.Additive) p = y - olds[m - 1];
        else p = Math.Abs(olds[m - 1]) < Tol ? Huge : y / olds[m - 1];
        l = q + alpha * (p - q);
        if (spec.Trend != EtsComponent.None)
        {
            double r = spec.Trend == EtsComponent.Additive ? l - oldl : Math.Abs(oldl) < Tol ? Huge : l / oldl;
            b = phib + beta / alpha * (r - phib);
        }
        if (spec.Season != EtsComponent.None)
        {
            double t = spec.Season == EtsComponent.Additive ? y - q : Math.Abs(q) < Tol ? Huge : y / q;
            s[0] = olds[m - 1] + gamma * (t - olds[m - 1]);
            for (int j = 1; j < m; j++) s[j] = olds[j - 1];
        }
    }
}
