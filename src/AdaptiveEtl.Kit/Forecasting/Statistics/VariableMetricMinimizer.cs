namespace AdaptiveEtl.Kit.Forecasting.Statistics;

/// <summary>
/// BFGS variable-metric minimiser with central finite-difference gradients, a port of R's <c>optim(method = "BFGS")</c>
/// (<c>vmmin</c> in R's src/appl/optim.c, after Nash, <i>Compact Numerical Methods for Computers</i>, 1990, Algorithm 21).
/// Hand-ported rather than taken from MathNet.Numerics.Optimization because agreement with R's <c>arima</c> estimates
/// depends on the same line search, restarts, stopping rule and gradient steps (ndeps = 1e-3 on the parscale'd values).
/// </summary>
internal static class VariableMetricMinimizer
{
    /// <summary>Outcome of a minimisation.</summary>
    public sealed record Result(double[] Par, double Value, bool Converged, int Evaluations);

    /// <summary>Thrown when a finite-difference gradient is not finite (R: "non-finite finite-difference value").</summary>
    public sealed class NonFiniteGradientException(int index) : Exception($"non-finite finite-difference value [{index + 1}]");

    /// <summary>Minimises <paramref name="fn"/> from <paramref name="start"/>; <paramref name="parscale"/> as in optim's control.</summary>
    public static Result Minimize(Func<double[], double> fn, double[] start, double[]? parscale = null, int maxit = 100,
        double reltol = 1.490116119384765625e-8, double ndeps = 1e-3)
    {
        int n = start.Length;
        var scale = parscale ?? Enumerable.Repeat(1.0, n).ToArray();
        var work = new double[n];
        int evals = 0;
        double F(double[] b)
        {
            for (int i = 0; i < n; i++) work[i] = b[i] * scale[i];
            evals++;
            return fn(work);
        }
        void Grad(double[] b, double[] g)
        {
            for (int i = 0; i < n; i++)
            {
                double bi = b[i];
                b[i] = bi + ndeps; double v1 = F(b);
                b[i] = bi - ndeps; double v2 = F(b);
                b[i] = bi;
                g[i] = (v1 - v2) / (2 * ndeps);
                if (!double.IsFinite(g[i])) throw new NonFiniteGradientException(i);
            }
        }

        var x0 = new double[n];
        for (int i = 0; i < n; i++) x0[i] = start[i] / scale[i];
        if (n == 0) return new Result([], fn([]), true, 1);
        const double stepredn = 0.2, acctol = 0.0001, reltest = 10.0;
        var b = (double[])x0.Clone();
        var g = new double[n];
        var t = new double[n];
        var X = new double[n];
        var c = new double[n];
        var B = new double[n, n];
        double f = F(b);
        if (!double.IsFinite(f)) throw new ArgumentException("initial value in 'vmmin' is not finite");
        double fmin = f;
        int gradcount = 1, iter = 1, count;
        Grad(b, g);
        int ilast = gradcount;
        bool fail = true;
        do
        {
            if (ilast == gradcount)
                for (int i = 0; i < n; i++) { for (int j = 0; j < i; j++) B[i, j] = 0; B[i, i] = 1; }
            for (int i = 0; i < n; i++) { X[i] = b[i]; c[i] = g[i]; }
            double gradproj = 0;
            for (int i = 0; i < n; i++)
            {
                double s = 0;
                for (int j = 0; j <= i; j++) s -= B[i, j] * g[j];
                for (int j = i + 1; j < n; j++) s -= B[j, i] * g[j];
                t[i] = s;
                gradproj += s * g[i];
            }
            if (gradproj < 0)
            {
                double steplength = 1.0;
                bool accpoint = false;
                do
                {
                    count = 0;
                    for (int i = 0; i < n; i++)
                    {
                        b[i] = X[i] + steplength * t[i];
                        if (reltest + X[i] == reltest + b[i]) count++;
                    }
                    if (count < n)
                    {
                        f = F(b);
                        accpoint = double.IsFinite(f) && f <= fmin + gradproj * steplength * acctol;
                        if (!accpoint) steplength *= stepredn;
                    }
                } while (!(count == n || accpoint));
                bool enough = f > double.NegativeInfinity && Math.Abs(f - fmin) > reltol * (Math.Abs(fmin) + reltol);
                if (!enough) { count = n; fmin = f; }
                if (count < n)
                {
                    fmin = f;
                    Grad(b, g);
                    gradcount++;
                    iter++;
                    double d1 = 0;
                    for (int i = 0; i < n; i++) { t[i] *= steplength; c[i] = g[i] - c[i]; d1 += t[i] * c[i]; }
                    if (d1 > 0)
                    {
                        double d2 = 0;
                        for (int i = 0; i < n; i++)
                        {
                            double s = 0;
                            for (int j = 0; j <= i; j++) s += B[i, j] * c[j];
                            for (int j = i + 1; j < n; j++) s += B[j, i] * c[j];
                            X[i] = s;
                            d2 += s * c[i];
                        }
                        d2 = 1.0 + d2 / d1;
                        for (int i = 0; i < n; i++)
                            for (int j = 0; j <= i; j++)
                                B[i, j] += (d2 * t[i] * t[j] - X[i] * t[j] - t[i] * X[j]) / d1;
                    }
                    else ilast = gradcount;
                }
                else if (ilast < gradcount) { count = 0; ilast = gradcount; }
            }
            else
            {
                count = 0;
                if (ilast == gradcount) count = n;
                else ilast = gradcount;
            }
            if (iter >= maxit) break;
            if (gradcount - ilast > 2 * n) ilast = gradcount;
        } while (count != n || ilast != gradcount);
        if (iter < maxit) fail = false;
        var par = new double[n];
        for (int i = 0; i < n; i++) par[i] = b[i] * scale[i];
        return new Result(par, fmin, !fail, evals);
    }

    /// <summary>
    /// Numerical Hessian by central differences of the finite-difference gradient, as R's <c>optimHess</c> (symmetrised).
    /// </summary>
    public static double[,] Hessian(Func<double[], double> fn, double[] par, double[]? parscale = null, double ndeps = 1e-3)
    {
        int n = par.Length;
        var scale = parscale ?? Enumerable.Repeat(1.0, n).ToArray();
        var p = new double[n];
        for (int i = 0; i < n; i++) p[i] = par[i] / scale[i];
        var work = new double[n];
        double F(double[] b) { for (int i = 0; i < n; i++) work[i] = b[i] * scale[i]; return fn(work); }
        void Grad(double[] b, double[] g)
        {
            for (int i = 0; i < n; i++)
            {
                double bi = b[i];
                b[i] = bi + ndeps; double v1 = F(b);
                b[i] = bi - ndeps; double v2 = F(b);
                b[i] = bi;
                g[i] = (v1 - v2) / (2 * ndeps);
            }
        }
        var h = new double[n, n];
        var g1 = new double[n];
        var g2 = new double[n];
        for (int i = 0; i < n; i++)
        {
            double eps = ndeps / scale[i];
            double pi = p[i];
            p[i] = pi + eps; Grad(p, g1);
            p[i] = pi - eps; Grad(p, g2);
            p[i] = pi;
            for (int j = 0; j < n; j++) h[i, j] = (g1[j] - g2[j]) / (2 * eps * scale[i] * scale[j]);
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++)
            {
                double avg = (h[i, j] + h[j, i]) / 2;
                h[i, j] = h[j, i] = avg;
            }
        return h;
    }
}
