using AdaptiveEtl.Kit.Forecasting.Statistics;
using MathNet.Numerics.LinearAlgebra;

namespace AdaptiveEtl.Kit.Forecasting.Arima;

/// <summary>
/// Fits a regression with (seasonal) ARIMA errors the way R's <c>stats::arima</c> does (R Core Team, src/library/stats/R/arima.R):
/// regression starting values from least squares on the differenced data, optional conditional-sum-of-squares start,
/// then exact Gaussian maximum likelihood through <see cref="ArimaStateSpace"/> with the AR parts kept stationary by the
/// partial-autocorrelation transform, BFGS (<see cref="VariableMetricMinimizer"/>), MA invertibility restored at the end.
/// </summary>
internal static class ArimaEstimator
{
    /// <summary>Raised when the model cannot be estimated (R's arima stops with an error; auto-ARIMA then skips the model).</summary>
    public sealed class FitFailedException(string message) : Exception(message);

    /// <summary>Everything an estimation produces.</summary>
    public sealed record Fit(
        ArimaOrder Order, double[] Coefficients, int ArmaCount, double LogLikelihood, double Sigma2Ml, double? Aic,
        double CssSigma2, double[] StandardizedResiduals, int NUsed, double[] Phi, double[] Theta, double[] Delta,
        ArimaStateSpace.FilterState State, Lazy<bool> HessianOk);

    /// <summary>
    /// Estimates the model. <paramref name="xreg"/> (n × k) holds the regressors including any intercept or drift column;
    /// <paramref name="fixedCoefficients"/> skips estimation and only filters (used to reload saved models).
    /// </summary>
    public static Fit Estimate(double[] x, ArimaOrder order, double[,]? xreg, ArimaEstimationMethod method, double[]? fixedCoefficients = null)
    {
        int n = x.Length;
        int narma = ArimaStateSpace.ArmaCount(order);
        int ncxreg = xreg?.GetLength(1) ?? 0;
        var delta = ArimaStateSpace.Delta(order);
        int nUsed = n - delta.Length;
        int ncond = order.D + (order.Period > 1 ? order.SeasonalD * order.Period : 0) + order.P + order.Period * order.SeasonalP;
        if (nUsed <= 0) throw new FitFailedException("not enough observations after differencing");

        // Regression part: rotate several regressors by their SVD for conditioning (as R does), start from least squares.
        Matrix<double>? rotation = null;
        double[,]? xr = xreg;
        var init0 = new double[narma + ncxreg];
        var parscale = Enumerable.Repeat(1.0, narma + ncxreg).ToArray();
        if (ncxreg > 0)
        {
            if (ncxreg > 1 && fixedCoefficients is null)
            {
                var X = Matrix<double>.Build.DenseOfArray(xreg!);
                var svd = X.Svd(true);
                rotation = svd.VT.Transpose();
                xr = (X * rotation).ToArray();
            }
            if (fixedCoefficients is null)
            {
                var dx = x;
                var dX = Columns(xr!);
                if (order.D > 0) { dx = SeriesMath.Difference(dx, 1, order.D); dX = dX.Select(c => SeriesMath.Difference(c, 1, order.D)).ToArray(); }
                if (order.Period > 1 && order.SeasonalD > 0)
                {
                    dx = SeriesMath.Difference(dx, order.Period, order.SeasonalD);
                    dX = dX.Select(c => SeriesMath.Difference(c, order.Period, order.SeasonalD)).ToArray();
                }
                (double[] beta, double[] se) ls;
                if (dx.Length > ncxreg && Rank(dX) == ncxreg) ls = SeriesMath.LeastSquares(ToMatrix(dX), dx);
                else ls = SeriesMath.LeastSquares(xr!, x);
                for (int j = 0; j < ncxreg; j++)
                {
                    init0[narma + j] = ls.beta[j];
                    parscale[narma + j] = ls.se[j] > 0 ? 10 * ls.se[j] : 1;
                }
            }
        }

        double[] Adjusted(ReadOnlySpan<double> par)
        {
            if (ncxreg == 0) return x;
            var y = new double[n];
            for (int i = 0; i < n; i++)
            {
                double s = x[i];
                for (int j = 0; j < ncxreg; j++) s -= xr![i, j] * par[narma + j];
                y[i] = s;
            }
            return y;
        }

        // The differenced series and regressors, for the fast likelihood used while optimising.
        var wx = SeriesMath.Difference(order.Period > 1 && order.SeasonalD > 0 ? SeriesMath.Difference(x, order.Period, order.SeasonalD) : x, 1, order.D);
        double[][]? wX = null;
        if (ncxreg > 0)
            wX = Columns(xr!).Select(c => SeriesMath.Difference(order.Period > 1 && order.SeasonalD > 0 ? SeriesMath.Difference(c, order.Period, order.SeasonalD) : c, 1, order.D)).ToArray();
        var wbuf = new double[wx.Length];
        double[] Differenced(ReadOnlySpan<double> par)
        {
            if (ncxreg == 0) return wx;
            for (int i = 0; i < wx.Length; i++)
            {
                double s = wx[i];
                for (int j = 0; j < ncxreg; j++) s -= wX![j][i] * par[narma + j];
                wbuf[i] = s;
            }
            return wbuf;
        }

        double ArmaCss(double[] par)
        {
            var (phi, theta) = ArimaStateSpace.Expand(par, order, false);
            return 0.5 * Math.Log(ArimaStateSpace.ConditionalSumOfSquares(Adjusted(par), order, phi, theta, ncond));
        }

        double ArmaMl(double[] par, bool trans)
        {
            var (phi, theta) = ArimaStateSpace.Expand(par, order, trans);
            var lik = ArimaStateSpace.FilterStationary(Differenced(par), phi, theta);
            if (lik.Count == 0) return double.MaxValue;
            double s2 = lik.Ssq / lik.Count;
            return 0.5 * (Math.Log(s2) + lik.SumLog / lik.Count);
        }

        double[] coef;
        double value;
        double cssSigma2 = double.NaN;
        Lazy<bool> hessianOk = new(true);
        try
        {
            if (fixedCoefficients is not null)
            {
                coef = (double[])fixedCoefficients.Clone();
                value = double.NaN;
            }
            else if (method == ArimaEstimationMethod.ConditionalSumOfSquares)
            {
                var res = VariableMetricMinimizer.Minimize(ArmaCss, init0, parscale);
                coef = res.Par;
                value = res.Value;
                var (phi, theta) = ArimaStateSpace.Expand(coef, order, false);
                cssSigma2 = ArimaStateSpace.ConditionalSumOfSquares(Adjusted(coef), order, phi, theta, ncond);
                var cssCoef = coef;
                hessianOk = new Lazy<bool>(() => HessianIsPositive(ArmaCss, cssCoef, parscale, null));
            }
            else
            {
                var init = (double[])init0.Clone();
                if (method == ArimaEstimationMethod.CssMaximumLikelihood)
                {
                    var res = VariableMetricMinimizer.Minimize(ArmaCss, init0, parscale);
                    if (res.Converged) init = res.Par;
                    if (!ArimaStateSpace.IsStationary(init.AsSpan(0, order.P))) throw new FitFailedException("non-stationary AR part from CSS");
                    if (!ArimaStateSpace.IsStationary(init.AsSpan(order.P + order.Q, order.SeasonalP))) throw new FitFailedException("non-stationary seasonal AR part from CSS");
                }
                else if (!ArimaStateSpace.IsStationary(init.AsSpan(0, order.P)) || !ArimaStateSpace.IsStationary(init.AsSpan(order.P + order.Q, order.SeasonalP)))
                    throw new FitFailedException("non-stationary AR part");
                init = ArimaStateSpace.InverseTransform(init, order);
                if (order.Q > 0) ArimaStateSpace.InvertMa(init.AsSpan(order.P, order.Q));
                if (order.SeasonalQ > 0) ArimaStateSpace.InvertMa(init.AsSpan(order.P + order.Q + order.SeasonalP, order.SeasonalQ));
                var ml = VariableMetricMinimizer.Minimize(p => ArmaMl(p, true), init, parscale);
                coef = ml.Par;
                if (order.Q > 0) ArimaStateSpace.InvertMa(coef.AsSpan(order.P, order.Q));
                if (order.SeasonalQ > 0) ArimaStateSpace.InvertMa(coef.AsSpan(order.P + order.Q + order.SeasonalP, order.SeasonalQ));
                var mlCoef = (double[])coef.Clone();
                hessianOk = new Lazy<bool>(() => HessianIsPositive(p => ArmaMl(p, true), mlCoef, parscale, order));
                value = double.NaN; // recomputed from R's full filter below
                coef = ArimaStateSpace.UndoTransform(coef, order);
            }
        }
        catch (VariableMetricMinimizer.NonFiniteGradientException e) { throw new FitFailedException(e.Message); }
        catch (ArgumentException e) { throw new FitFailedException(e.Message); }

        // Final filter pass with the estimates: residuals, filtered state for forecasting, σ² (R: sigma2 = ssq / n.used).
        var (fphi, ftheta) = ArimaStateSpace.Expand(coef, order, false);
        var resid = new double[n];
        int r = Math.Max(fphi.Length, ftheta.Length + 1), rd = r + delta.Length;
        var state = new ArimaStateSpace.FilterState(new double[rd], new double[rd * rd]);
        var lik = ArimaStateSpace.Filter(Adjusted(coef), fphi, ftheta, delta, resid, state);
        double sigma2 = lik.Ssq / nUsed;
        double loglik;
        double? aic;
        if (method == ArimaEstimationMethod.ConditionalSumOfSquares && fixedCoefficients is null)
        {
            loglik = -0.5 * (2 * nUsed * value + nUsed + nUsed * Math.Log(2 * Math.PI));
            aic = null;
            sigma2 = cssSigma2;
        }
        else
        {
            value = 0.5 * (Math.Log(lik.Ssq / lik.Count) + lik.SumLog / lik.Count);
            loglik = -0.5 * (2 * nUsed * value + nUsed + nUsed * Math.Log(2 * Math.PI));
            aic = -2 * loglik + 2 * (narma + ncxreg) + 2;
        }
        if (!double.IsFinite(loglik)) throw new FitFailedException("non-finite likelihood");
        if (rotation is not null)
        {
            var b = Vector<double>.Build.DenseOfArray(coef[narma..]);
            var back = rotation * b;
            for (int j = 0; j < ncxreg; j++) coef[narma + j] = back[j];
        }
        return new Fit(order, coef, narma, loglik, sigma2, aic, cssSigma2, resid, nUsed, fphi, ftheta, delta, state, hessianOk);
    }

    /// <summary>
    /// R's auto-ARIMA rejects a model whose coefficient variances (from optim's numerical Hessian, mapped through the
    /// AR transform's Jacobian) are not all non-negative (<c>forecast:::checkarima</c>).
    /// </summary>
    private static bool HessianIsPositive(Func<double[], double> fn, double[] par, double[] parscale, ArimaOrder? transformed)
    {
        int k = par.Length;
        if (k == 0) return true;
        var h = VariableMetricMinimizer.Hessian(fn, par, parscale);
        var H = Matrix<double>.Build.DenseOfArray(h);
        var A = Matrix<double>.Build.DenseIdentity(k);
        if (transformed is not null)
        {
            const double eps = 1e-3;
            var w1 = ArimaStateSpace.UndoTransform(par, transformed);
            foreach (var (start, len) in new[] { (0, transformed.P), (transformed.P + transformed.Q, transformed.SeasonalP) })
                for (int i = start; i < start + len; i++)
                {
                    var pp = (double[])par.Clone();
                    pp[i] += eps;
                    var w2 = ArimaStateSpace.UndoTransform(pp, transformed);
                    for (int j = start; j < start + len; j++) A[i, j] = (w2[j] - w1[j]) / eps;
                }
        }
        try
        {
            var lu = H.LU();
            if (Math.Abs(lu.Determinant) < 1e-300 || !double.IsFinite(lu.Determinant)) return false;
            var v = A.Transpose() * lu.Solve(A);
            for (int i = 0; i < k; i++) if (!(v[i, i] >= 0)) return false;
            return true;
        }
        catch (Exception) { return false; }
    }

    private static double[][] Columns(double[,] m)
    {
        int n = m.GetLength(0), k = m.GetLength(1);
        var cols = new double[k][];
        for (int j = 0; j < k; j++) { cols[j] = new double[n]; for (int i = 0; i < n; i++) cols[j][i] = m[i, j]; }
        return cols;
    }

    private static double[,] ToMatrix(double[][] cols)
    {
        int k = cols.Length, n = cols[0].Length;
        var m = new double[n, k];
        for (int j = 0; j < k; j++) for (int i = 0; i < n; i++) m[i, j] = cols[j][i];
        return m;
    }

    private static int Rank(double[][] cols) =>
        cols.Length == 0 || cols[0].Length == 0 ? 0 : Matrix<double>.Build.DenseOfArray(ToMatrix(cols)).Rank();
}
