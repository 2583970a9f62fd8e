namespace AdaptiveEtl.Kit.DeepLearning.Synthesis.Transform;

/// <summary>
/// One-dimensional variational Bayesian Gaussian mixture with a Dirichlet-process (stick-breaking) prior on the
/// weights — the model CTGAN's mode-specific normalisation fits per continuous column (scikit-learn's
/// <c>BayesianGaussianMixture(n_components=10, weight_concentration_prior_type='dirichlet_process',
/// weight_concentration_prior=1e-3)</c>). With a small concentration the posterior switches off unneeded components,
/// so the number of modes is learnt.
/// </summary>
/// <remarks>
/// Hand-written because no served .NET library (Math.NET, ML.NET) offers a variational/Bayesian mixture.
/// Coordinate-ascent updates for the Normal–Gamma (1-D Gaussian–Wishart) components follow Bishop, "Pattern
/// Recognition and Machine Learning", §10.2 (eqs. 10.46–10.67 with D = 1); the stick-breaking weights follow Blei &amp;
/// Jordan (2006), "Variational inference for Dirichlet process mixtures", Bayesian Analysis 1(1), §5:
/// q(v_k) = Beta(1 + N_k, α + Σ_{j&gt;k} N_j), E[ln π_k] = E[ln v_k] + Σ_{j&lt;k} E[ln(1 − v_j)].
/// Priors as scikit-learn: mean prior = data mean, mean precision β₀ = 1, degrees of freedom ν₀ = 1, W₀⁻¹ = data variance.
/// Initial responsibilities: hard assignment to the nearest of K quantile-spaced centres (deterministic, instead of k-means).
/// </remarks>
public sealed class BayesianGaussianMixture
{
    /// <summary>Fitted weights (sum to 1).</summary>
    public double[] Weights { get; private set; } = [];

    /// <summary>Fitted component means.</summary>
    public double[] Means { get; private set; } = [];

    /// <summary>Fitted component standard deviations.</summary>
    public double[] StdDevs { get; private set; } = [];

    /// <summary>Iterations run.</summary>
    public int Iterations { get; private set; }

    /// <summary>Fits the mixture to <paramref name="x"/> (at least 2 distinct values).</summary>
    /// <param name="x">Data.</param>
    /// <param name="components">Upper bound on the number of components (K).</param>
    /// <param name="concentration">Weight concentration prior α of the Dirichlet process.</param>
    /// <param name="maxIterations">Iteration cap.</param>
    /// <param name="tolerance">Stop when no weight or mean (in units of the data's standard deviation) moves more than this.</param>
    public static BayesianGaussianMixture Fit(IReadOnlyList<double> x, int components = 10, double concentration = 1e-3, int maxIterations = 100, double tolerance = 1e-4)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Count < 2) throw new ArgumentException("The mixture needs at least two values.", nameof(x));
        var n = x.Count;
        var k = components;
        double mean = 0;
        for (var i = 0; i < n; i++) mean += x[i];
        mean /= n;
        double variance = 0;
        for (var i = 0; i < n; i++) variance += (x[i] - mean) * (x[i] - mean);
        variance /= n;
        if (!(variance > 0)) throw new ArgumentException("The mixture needs a non-constant column.", nameof(x));
        var sd = Math.Sqrt(variance);
        // Priors (scikit-learn defaults for BayesianGaussianMixture).
        double m0 = mean, beta0 = 1, nu0 = 1, w0Inv = variance;

        // Initial responsibilities: nearest quantile-spaced centre.
        var sorted = x.OrderBy(v => v).ToArray();
        var centres = Enumerable.Range(0, k).Select(j => sorted[Math.Min(n - 1, (int)((j + 0.5) / k * n))]).ToArray();
        var resp = new double[n, k];
        for (var i = 0; i < n; i++)
        {
            var best = 0;
            for (var j = 1; j < k; j++) if (Math.Abs(x[i] - centres[j]) < Math.Abs(x[i] - centres[best])) best = j;
            resp[i, best] = 1;
        }

        var nk = new double[k]; var xbar = new double[k]; var sk = new double[k];
        var betaK = new double[k]; var mK = new double[k]; var wK = new double[k]; var nuK = new double[k];
        var g1 = new double[k]; var g2 = new double[k];
        var result = new BayesianGaussianMixture();
        double[] prevWeights = new double[k], prevMeans = new double[k];
        var logRho = new double[k];
        for (var iter = 1; iter <= maxIterations; iter++)
        {
            // M-step: sufficient statistics (Bishop 10.51–10.53) and posterior parameters (10.58, 10.60–10.63).
            Array.Clear(nk); Array.Clear(xbar); Array.Clear(sk);
            for (var i = 0; i < n; i++)
                for (var j = 0; j < k; j++) { nk[j] += resp[i, j]; xbar[j] += resp[i, j] * x[i]; }
            for (var j = 0; j < k; j++) { nk[j] += 10 * double.Epsilon; xbar[j] = nk[j] > 1e-12 ? xbar[j] / nk[j] : m0; }
            for (var i = 0; i < n; i++)
                for (var j = 0; j < k; j++) { var d = x[i] - xbar[j]; sk[j] += resp[i, j] * d * d; }
            for (var j = 0; j < k; j++)
            {
                sk[j] = nk[j] > 1e-12 ? sk[j] / nk[j] : 0;
                betaK[j] = beta0 + nk[j];
                mK[j] = (beta0 * m0 + nk[j] * xbar[j]) / betaK[j];
                var wInv = w0Inv + nk[j] * sk[j] + beta0 * nk[j] / (beta0 + nk[j]) * (xbar[j] - m0) * (xbar[j] - m0);
                wK[j] = 1 / wInv;
                nuK[j] = nu0 + nk[j];
            }
            // Stick-breaking posterior (Blei & Jordan 2006): γ_k1 = 1 + N_k, γ_k2 = α + Σ_{j>k} N_j.
            var tail = 0.0;
            for (var j = k - 1; j >= 0; j--) { g1[j] = 1 + nk[j]; g2[j] = concentration + tail; tail += nk[j]; }
            var weights = StickWeights(g1, g2);
            var converged = true;
            for (var j = 0; j < k; j++)
            {
                if (Math.Abs(weights[j] - prevWeights[j]) > tolerance || Math.Abs(mK[j] - prevMeans[j]) / sd > tolerance) converged = false;
                prevWeights[j] = weights[j]; prevMeans[j] = mK[j];
            }
            result.Iterations = iter;
            if (converged && iter > 1) break;

            // E-step (Bishop 10.64–10.67 with D = 1; E[ln π_k] from the stick-breaking Betas).
            var elogPi = new double[k];
            var cum = 0.0;
            for (var j = 0; j < k; j++)
            {
                var dg = Digamma(g1[j] + g2[j]);
                elogPi[j] = Digamma(g1[j]) - dg + cum;
                cum += Digamma(g2[j]) - dg;
            }
            var elogLambda = new double[k];
            for (var j = 0; j < k; j++) elogLambda[j] = Digamma(nuK[j] / 2) + Math.Log(2) + Math.Log(wK[j]);
            for (var i = 0; i < n; i++)
            {
                var max = double.NegativeInfinity;
                for (var j = 0; j < k; j++)
                {
                    var d = x[i] - mK[j];
                    logRho[j] = elogPi[j] + 0.5 * elogLambda[j] - 0.5 * Math.Log(2 * Math.PI) - 0.5 * (1 / betaK[j] + nuK[j] * wK[j] * d * d);
                    if (logRho[j] > max) max = logRho[j];
                }
                double sum = 0;
                for (var j = 0; j < k; j++) { logRho[j] = Math.Exp(logRho[j] - max); sum += logRho[j]; }
                for (var j = 0; j < k; j++) resp[i, j] = logRho[j] / sum;
            }
        }
        result.Weights = StickWeights(g1, g2);
        result.Means = mK.ToArray();
        // Expected covariance of a Gaussian–Wishart posterior: W_k⁻¹ / ν_k (scikit-learn's covariances_).
        result.StdDevs = Enumerable.Range(0, k).Select(j => Math.Sqrt(1 / (wK[j] * nuK[j]))).ToArray();
        return result;
    }

    /// <summary>Recreates a fitted mixture from its parameters.</summary>
    public static BayesianGaussianMixture FromParameters(double[] weights, double[] means, double[] stdDevs) =>
        new() { Weights = weights, Means = means, StdDevs = stdDevs };

    /// <summary>Posterior probability of each component for value <paramref name="x"/> (weights × normal densities, normalised).</summary>
    public double[] Responsibilities(double x, IReadOnlyList<int>? components = null)
    {
        var idx = components ?? Enumerable.Range(0, Weights.Length).ToArray();
        var logp = idx.Select(j => Math.Log(Math.Max(Weights[j], 1e-300)) - Math.Log(StdDevs[j]) - 0.5 * Math.Pow((x - Means[j]) / StdDevs[j], 2)).ToArray();
        var max = logp.Max();
        var p = logp.Select(l => Math.Exp(l - max)).ToArray();
        var s = p.Sum();
        return p.Select(v => v / s).ToArray();
    }

    // scikit-learn's _estimate_weights for the Dirichlet process: E[v_k] Π_{j<k} (1 − E[v_j]), normalised.
    private static double[] StickWeights(double[] g1, double[] g2)
    {
        var k = g1.Length;
        var w = new double[k];
        var rest = 1.0;
        for (var j = 0; j < k; j++)
        {
            var ev = g1[j] / (g1[j] + g2[j]);
            w[j] = ev * rest;
            rest *= 1 - ev;
        }
        var s = w.Sum();
        return w.Select(v => v / s).ToArray();
    }

    /// <summary>Digamma ψ(x) for x &gt; 0 (Math.Net's SpecialFunctions.DiGamma).</summary>
    private static double Digamma(double x) => MathNet.Numerics.SpecialFunctions.DiGamma(x);
}
