namespace AdaptiveEtl.Kit.Forecasting.Statistics;

/// <summary>Small numeric helpers on series shared by the statistical forecasters (differencing, constancy, polynomials).</summary>
internal static class SeriesMath
{
    /// <summary>Lag-<paramref name="lag"/> difference (length n − lag).</summary>
    public static double[] Difference(IReadOnlyList<double> x, int lag, int times = 1)
    {
        var cur = x.ToArray();
        for (int k = 0; k < times; k++)
        {
            if (cur.Length <= lag) return [];
            var next = new double[cur.Length - lag];
            for (int i = 0; i < next.Length; i++) next[i] = cur[i + lag] - cur[i];
            cur = next;
        }
        return cur;
    }

    /// <summary>True when all values equal the first within R's <c>all.equal</c> tolerance (1.5e-8 relative), as <c>forecast::is.constant</c>.</summary>
    public static bool IsConstant(IReadOnlyList<double> x)
    {
        if (x.Count == 0) return true;
        double x0 = x[0], sumDiff = 0, sumAbs = 0;
        for (int i = 0; i < x.Count; i++) { sumDiff += Math.Abs(x[i] - x0); sumAbs += Math.Abs(x[i]); }
        double scale = sumAbs / x.Count;
        return scale > 0 ? sumDiff / x.Count / scale < 1.5e-8 : sumDiff < 1.5e-8;
    }

    /// <summary>Sample variance (denominator n − 1).</summary>
    public static double Variance(IReadOnlyList<double> x)
    {
        double mean = 0;
        for (int i = 0; i < x.Count; i++) mean += x[i];
        mean /= x.Count;
        double s = 0;
        for (int i = 0; i < x.Count; i++) s += (x[i] - mean) * (x[i] - mean);
        return s / (x.Count - 1);
    }

    /// <summary>Smallest modulus of the roots of c[0] + c[1] z + … + c[k] z^k (trailing zero coefficients dropped); +∞ when constant.</summary>
    public static double MinRootModulus(IReadOnlyList<double> coefficients)
    {
        int last = coefficients.Count - 1;
        while (last > 0 && Math.Abs(coefficients[last]) < 1e-300) last--;
        if (last <= 0) return double.PositiveInfinity;
        var roots = MathNet.Numerics.FindRoots.Polynomial(coefficients.Take(last + 1).ToArray());
        return roots.Min(r => r.Magnitude);
    }

    /// <summary>
    /// True when every root of c[0] + c[1] z + … + c[k] z^k lies strictly inside the unit circle, by the Schur–Cohn
    /// recursion (O(k²), no eigenvalues; see e.g. Jury, <i>Theory and Application of the z-Transform Method</i>, 1964).
    /// </summary>
    public static bool AllRootsInsideUnitCircle(double[] coefficients)
    {
        var c = (double[])coefficients.Clone();
        int n = c.Length - 1;
        while (n > 0 && c[n] == 0) n--;
        while (n > 0)
        {
            if (Math.Abs(c[n]) <= Math.Abs(c[0])) return false;
            var d = new double[n];
            for (int k = 0; k < n; k++) d[k] = c[n] * c[k + 1] - c[0] * c[n - k - 1];
            c = d;
            n--;
            while (n > 0 && c[n] == 0) n--;
        }
        return true;
    }

    /// <summary>Ordinary least squares by QR (MathNet): coefficients and their standard errors.</summary>
    public static (double[] Beta, double[] StdErr) LeastSquares(double[,] x, double[] y)
    {
        var X = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(x);
        var Y = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(y);
        var qr = X.QR();
        var beta = qr.Solve(Y);
        var resid = Y - X * beta;
        int n = x.GetLength(0), k = x.GetLength(1);
        double s2 = n > k ? resid.DotProduct(resid) / (n - k) : 0;
        var xtxInv = (X.TransposeThisAndMultiply(X)).Inverse();
        var se = new double[k];
        for (int j = 0; j < k; j++) se[j] = Math.Sqrt(Math.Max(0, s2 * xtxInv[j, j]));
        return (beta.ToArray(), se);
    }
}
