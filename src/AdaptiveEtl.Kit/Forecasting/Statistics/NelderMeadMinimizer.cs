namespace AdaptiveEtl.Kit.Forecasting.Statistics;

/// <summary>
/// Nelder–Mead simplex minimiser, a port of R's <c>nmmin</c> (src/appl/optim.c, after Nash 1990, Algorithm 19), which
/// <c>forecast::ets</c> uses (through its C++ copy <c>etsNelderMead</c>) with reflection 1, contraction 0.5, expansion 2.
/// Hand-ported instead of MathNet's NelderMeadSimplex so that the ETS fits start, move and stop like R's and reach
/// the same optimum on multi-modal likelihoods.
/// </summary>
internal static class NelderMeadMinimizer
{
    private const double Big = 1.0e35;

    /// <summary>Minimises <paramref name="fn"/> from <paramref name="start"/>; non-finite values count as 1e35.</summary>
    public static (double[] Par, double Value, int Evaluations) Minimize(Func<double[], double> fn, double[] start, int maxit = 2000,
        double reltol = 1.490116119384765625e-8, double abstol = double.NegativeInfinity, double alpha = 1.0, double beta = 0.5, double gamma = 2.0)
    {
        int n = start.Length;
        var bvec = (double[])start.Clone();
        if (maxit <= 0 || n == 0) return (bvec, fn(bvec), 1);
        int n1 = n + 1, C = n + 2;
        var P = new double[n1 + 1, n + 2]; // rows 0..n-1 parameters, row n function value; columns are vertices, column C-1 the centroid
        double f = fn(bvec);
        if (!double.IsFinite(f)) throw new ArgumentException("function cannot be evaluated at initial parameters");
        int funcount = 1;
        double convtol = reltol * (Math.Abs(f) + reltol);
        P[n1 - 1, 0] = f;
        for (int i = 0; i < n; i++) P[i, 0] = bvec[i];
        int L = 1;
        double size = 0, step = 0;
        for (int i = 0; i < n; i++) if (0.1 * Math.Abs(bvec[i]) > step) step = 0.1 * Math.Abs(bvec[i]);
        if (step == 0.0) step = 0.1;
        for (int j = 2; j <= n1; j++)
        {
            for (int i = 0; i < n; i++) P[i, j - 1] = bvec[i];
            double trystep = step;
            while (P[j - 2, j - 1] == bvec[j - 2]) { P[j - 2, j - 1] = bvec[j - 2] + trystep; trystep *= 10; }
            size += trystep;
        }
        double oldsize = size;
        bool calcvert = true;
        double Eval(double[] v) { double r = fn(v); funcount++; return double.IsFinite(r) ? r : Big; }
        while (true)
        {
            if (calcvert)
            {
                for (int j = 0; j < n1; j++)
                    if (j + 1 != L)
                    {
                        for (int i = 0; i < n; i++) bvec[i] = P[i, j];
                        P[n1 - 1, j] = Eval(bvec);
                    }
                calcvert = false;
            }
            double VL = P[n1 - 1, L - 1], VH = VL;
            int H = L;
            for (int j = 1; j <= n1; j++)
                if (j != L)
                {
                    double fj = P[n1 - 1, j - 1];
                    if (fj < VL) { L = j; VL = fj; }
                    if (fj > VH) { H = j; VH = fj; }
                }
            if (VH <= VL + convtol || VL <= abstol) break;
            for (int i = 0; i < n; i++)
            {
                double temp = -P[i, H - 1];
                for (int j = 0; j < n1; j++) temp += P[i, j];
                P[i, C - 1] = temp / n;
            }
            for (int i = 0; i < n; i++) bvec[i] = (1.0 + alpha) * P[i, C - 1] - alpha * P[i, H - 1];
            f = Eval(bvec);
            double VR = f;
            if (VR < VL)
            {
                P[n1 - 1, C - 1] = f;
                for (int i = 0; i < n; i++)
                {
                    double e = gamma * bvec[i] + (1 - gamma) * P[i, C - 1];
                    P[i, C - 1] = bvec[i];
                    bvec[i] = e;
                }
                f = Eval(bvec);
                if (f < VR)
                {
                    for (int i = 0; i < n; i++) P[i, H - 1] = bvec[i];
                    P[n1 - 1, H - 1] = f;
                }
                else
                {
                    for (int i = 0; i < n; i++) P[i, H - 1] = P[i, C - 1];
                    P[n1 - 1, H - 1] = VR;
                }
            }
            else
            {
                if (VR < VH)
                {
                    for (int i = 0; i < n; i++) P[i, H - 1] = bvec[i];
                    P[n1 - 1, H - 1] = VR;
                }
                for (int i = 0; i < n; i++) bvec[i] = (1 - beta) * P[i, H - 1] + beta * P[i, C - 1];
                f = Eval(bvec);
                if (f < P[n1 - 1, H - 1])
                {
                    for (int i = 0; i < n; i++) P[i, H - 1] = bvec[i];
                    P[n1 - 1, H - 1] = f;
                }
                else if (VR >= VH)
                {
                    calcvert = true;
                    size = 0.0;
                    for (int j = 0; j < n1; j++)
                        if (j + 1 != L)
                            for (int i = 0; i < n; i++)
                            {
                                P[i, j] = beta * (P[i, j] - P[i, L - 1]) + P[i, L - 1];
                                size += Math.Abs(P[i, j] - P[i, L - 1]);
                            }
                    if (size < oldsize) oldsize = size;
                    else break;
                }
            }
            if (funcount > maxit) break;
        }
        var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = P[i, L - 1];
        return (x, P[n1 - 1, L - 1], funcount);
    }
}
