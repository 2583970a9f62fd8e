using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Forecasting.Statistics;

namespace AdaptiveEtl.Kit.Forecasting.Arima;

/// <summary>
/// Automatic ARIMA modelling by the Hyndman–Khandakar (2008, <i>J. Statistical Software</i> 27(3)) algorithm as
/// R's <c>forecast::auto.arima</c> implements it: seasonal differences by the STL seasonal-strength test, first
/// differences by repeated KPSS tests, then a stepwise search over (p, q, P, Q) and the constant that minimises AICc,
/// each candidate fitted by exact maximum likelihood. Exogenous regressors make it a regression with ARIMA errors.
/// </summary>
/// <example><code>
/// var model = new AutoArimaForecaster().Fit(new TimeSeries("sales", values, seasonalPeriod: 12));
/// Console.WriteLine(model.Describe());   // e.g. ARIMA(0,1,1)(0,1,1)[12]: ma1 = -0.40, sma1 = -0.56; …
/// </code></example>
public sealed class AutoArimaForecaster : ForecasterBase
{
    private TimeSeries? _series;
    private bool _restored;
    private readonly List<(ArimaOrder Order, bool Constant, double Criterion)> _tried = [];

    /// <summary>Creates an unfitted auto-ARIMA with the given settings (R's defaults when null).</summary>
    public AutoArimaForecaster(AutoArimaOptions? options = null) => Options = options ?? new AutoArimaOptions();

    /// <summary>The settings.</summary>
    public AutoArimaOptions Options { get; }

    /// <summary>The selected model, or null before <see cref="ForecasterBase.Fit"/>.</summary>
    public ArimaModel? Model { get; private set; }

    /// <summary>Every model the search fitted with its criterion (∞ when rejected), in search order.</summary>
    public IReadOnlyList<(ArimaOrder Order, bool Constant, double Criterion)> CandidatesTried => _tried;

    /// <inheritdoc />
    public override string Name => "AutoARIMA";

    /// <inheritdoc />
    public override bool IsFitted => Model is not null;

    /// <inheritdoc />
    public override ForecasterCapabilities Capabilities => ForecasterCapabilities.Exogenous | ForecasterCapabilities.Seasonality | ForecasterCapabilities.PredictionIntervals;

    /// <inheritdoc />
    protected override IForecaster FitCore(TimeSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        series.RequireLength(3, Name);
        _tried.Clear();
        Model = Search(series);
        _series = series;
        return this;
    }

    private ArimaModel Search(TimeSeries series)
    {
        var o = Options;
        var x = series.Values.ToArray();
        int n = x.Length;
        int m = o.Seasonal ? Math.Max(1, series.SeasonalPeriod) : 1;
        var ic = n <= 3 ? InformationCriterion.Aic : o.Criterion;
        int maxP = Math.Min(o.MaxP, n / 3), maxQ = Math.Min(o.MaxQ, n / 3);
        int maxSP = Math.Min(o.MaxSeasonalP, n / 3 / m), maxSQ = Math.Min(o.MaxSeasonalQ, n / 3 / m);

        if (SeriesMath.IsConstant(x) && series.Exogenous is null)
            return FitCandidate(series, new ArimaOrder(0, 0, 0), o.AllowMean, ArimaEstimationMethod.CssMaximumLikelihood)
                ?? throw new KitDataException("the series is constant and even a mean model could not be fitted.", series.Name);

        // Differencing is chosen on the regression residuals when there are regressors (as auto.arima does).
        var xx = x;
        double[][]? xregCols = null;
        if (series.Exogenous is not null)
        {
            int k = series.Exogenous.GetLength(1);
            xregCols = Enumerable.Range(0, k).Select(j => Enumerable.Range(0, n).Select(i => series.Exogenous[i, j]).ToArray())
                .Where(c => !SeriesMath.IsConstant(c)).ToArray();
            if (xregCols.Length > 0)
            {
                var design = new double[n, xregCols.Length + 1];
                for (int i = 0; i < n; i++) { design[i, 0] = 1; for (int j = 0; j < xregCols.Length; j++) design[i, j + 1] = xregCols[j][i]; }
                var (beta, _) = SeriesMath.LeastSquares(design, x);
                xx = new double[n];
                for (int i = 0; i < n; i++) { double f = 0; for (int j = 0; j <= xregCols.Length; j++) f += design[i, j] * beta[j]; xx[i] = x[i] - f; }
            }
        }
        int d, D;
        if (o.Stationary) { d = 0; D = 0; }
        else
        {
            if (m == 1) { D = 0; maxSP = maxSQ = 0; }
            else if (o.SeasonalD is int fixedD) D = fixedD;
            else if (xx.Length <= 2 * m) D = 0;
            else
            {
                D = StlDecomposition.NumberOfSeasonalDifferences(xx, m, o.MaxSeasonalD);
                if (D > 0 && xregCols is not null && xregCols.Any(c => SeriesMath.IsConstant(SeriesMath.Difference(c, m, D)))) D--;
            }
            var dx = D > 0 ? SeriesMath.Difference(xx, m, D) : xx;
            if (o.D is int fixedd) d = fixedd;
            else
            {
                d = KpssTest.NumberOfDifferences(dx, o.Alpha, o.MaxD);
                if (d > 0 && xregCols is not null && xregCols.Any(c => SeriesMath.IsConstant(SeriesMath.Difference(D > 0 ? SeriesMath.Difference(c, m, D) : c, 1, d)))) d--;
            }
        }
        if (m == 1) { maxSP = maxSQ = 0; }
        var diffed = SeriesMath.Difference(D > 0 ? SeriesMath.Difference(x, m, D) : x, 1, d);
        if (diffed.Length == 0) throw new KitDataException($"{Name}: not enough data after {d} difference(s) and {D} seasonal difference(s).", series.Name);
        if (SeriesMath.IsConstant(diffed) && series.Exogenous is null)
        {
            var order0 = new ArimaOrder(0, d, 0, 0, D, 0, m);
            return FitCandidate(series, order0, d + D <= 1, ArimaEstimationMethod.CssMaximumLikelihood)
                ?? throw new KitDataException($"{Name}: the differenced series is constant and ARIMA{order0} could not be fitted.", series.Name);
        }
        if (m > 1)
        {
            if (maxSP > 0) maxP = Math.Min(maxP, m - 1);
            if (maxSQ > 0) maxQ = Math.Min(maxQ, m - 1);
        }
        bool approximation = o.Approximation ?? (n > 150 || m > 12);
        double offset = 0;
        if (approximation)
        {
            var baseFit = FitCandidate(series, new ArimaOrder(0, d, 0, 0, D, 0, m), false, ArimaEstimationMethod.CssMaximumLikelihood);
            if (baseFit is not null) offset = -2 * baseFit.LogLikelihood - n * Math.Log(baseFit.Fit.Sigma2Ml);
        }
        bool allowDrift = o.AllowDrift && d + D == 1, allowMean = o.AllowMean && d + D == 0;
        bool constant = allowDrift || allowMean;
        var method = approximation ? ArimaEstimationMethod.ConditionalSumOfSquares : ArimaEstimationMethod.CssMaximumLikelihood;

        double Criterion(ArimaModel? fit, ArimaOrder order)
        {
            if (fit is null) return double.PositiveInfinity;
            if (!approximation) return fit.Criterion(ic);
            int nstar = n - order.D - order.SeasonalD * order.Period;
            int npar = fit.Fit.Coefficients.Length + 1;
            double aic = offset + nstar * Math.Log(fit.Fit.Sigma2Ml) + 2 * npar;
            return ic switch
            {
                InformationCriterion.Aic => aic,
                InformationCriterion.Bic => aic + npar * (Math.Log(nstar) - 2),
                _ => aic + 2.0 * npar * (npar + 1) / (nstar - npar - 1),
            };
        }

        var results = new List<(int p, int q, int P, int Q, bool c, double ic)>();
        ArimaModel? best = null;
        double bestIc = double.PositiveInfinity;
        (ArimaModel? fit, double ic) Try(int p, int q, int P, int Q, bool c)
        {
            var order = new ArimaOrder(p, d, q, P, D, Q, m);
            var fit = FitCandidate(series, order, c, method);
            double v = Criterion(fit, order);
            // forecast:::checkarima rejects models whose coefficient variances are not all non-negative; the numerical
            // Hessian is costly, so it is only computed for a candidate that would become the best so far.
            if (fit is not null && v < bestIc && !fit.Fit.HessianOk.Value) v = double.PositiveInfinity;
            if (fit is not null && double.IsFinite(v)) _tried.Add((order, c, v)); else _tried.Add((order, c, double.PositiveInfinity));
            results.Add((p, q, P, Q, c, v));
            return (fit, v);
        }

        if (!o.Stepwise)
        {
            for (int i = 0; i <= maxP; i++)
                for (int j = 0; j <= maxQ; j++)
                    for (int I = 0; I <= maxSP; I++)
                        for (int J = 0; J <= maxSQ; J++)
                            if (i + j + I + J <= o.MaxOrder)
                                for (int K = 0; K <= (constant ? 1 : 0); K++)
                                {
                                    var (fit, v) = Try(i, j, I, J, K == 1);
                                    if (v < bestIc) { bestIc = v; best = fit; }
                                }
        }
        else
        {
            int startP = 2, startQ = 2, startSP = 1, startSQ = 1;
            if (n < 10) { startP = 1; startQ = 1; startSP = 0; startSQ = 0; }
            int p = Math.Min(startP, maxP), q = Math.Min(startQ, maxQ), P = Math.Min(startSP, maxSP), Q = Math.Min(startSQ, maxSQ);
            (best, bestIc) = Try(p, q, P, Q, constant);
            var (f2, v2) = Try(0, 0, 0, 0, constant);
            if (v2 < bestIc) { best = f2; bestIc = v2; p = q = P = Q = 0; }
            if (maxP > 0 || maxSP > 0)
            {
                int pp = maxP > 0 ? 1 : 0, PP = m > 1 && maxSP > 0 ? 1 : 0;
                var (f, v) = Try(pp, 0, PP, 0, constant);
                if (v < bestIc) { best = f; bestIc = v; p = pp; P = PP; q = Q = 0; }
            }
            if (maxQ > 0 || maxSQ > 0)
            {
                int qq = maxQ > 0 ? 1 : 0, QQ = m > 1 && maxSQ > 0 ? 1 : 0;
                var (f, v) = Try(0, qq, 0, QQ, constant);
                if (v < bestIc) { best = f; bestIc = v; p = P = 0; Q = QQ; q = qq; }
            }
            if (constant)
            {
                var (f, v) = Try(0, 0, 0, 0, false);
                if (v < bestIc) { best = f; bestIc = v; p = q = P = Q = 0; }
            }
            bool IsNew(int a, int b, int c, int e, bool k) => !results.Any(r => r.p == a && r.q == b && r.P == c && r.Q == e && r.c == k);
            int k = results.Count, startk = 0;
            // Neighbourhood moves in auto.arima's order; the first improvement restarts the scan from the new model.
            var moves = new (int dp, int dq, int dP, int dQ)[]
            {
                (0, 0, -1, 0), (0, 0, 0, -1), (0, 0, 1, 0), (0, 0, 0, 1), (0, 0, -1, -1), (0, 0, -1, 1), (0, 0, 1, -1), (0, 0, 1, 1),
                (-1, 0, 0, 0), (0, -1, 0, 0), (1, 0, 0, 0), (0, 1, 0, 0), (-1, -1, 0, 0), (-1, 1, 0, 0), (1, -1, 0, 0), (1, 1, 0, 0),
            };
            while (startk < k && k < o.MaxModels)
            {
                startk = k;
                bool improved = false;
                foreach (var (dp, dq, dP, dQ) in moves)
                {
                    int np = p + dp, nq = q + dq, nP = P + dP, nQ = Q + dQ;
                    if (np < 0 || nq < 0 || nP < 0 || nQ < 0 || np > maxP || nq > maxQ || nP > maxSP || nQ > maxSQ) continue;
                    // Like forecast 8.x, the stepwise moves are bounded per order only; MaxOrder limits the exhaustive search.
                    if (!IsNew(np, nq, nP, nQ, constant)) continue;
                    k++;
                    if (k > o.MaxModels) break;
                    var (f, v) = Try(np, nq, nP, nQ, constant);
                    if (v < bestIc) { best = f; bestIc = v; p = np; q = nq; P = nP; Q = nQ; improved = true; break; }
                }
                if (improved || k > o.MaxModels) continue;
                if ((allowDrift || allowMean) && IsNew(p, q, P, Q, !constant))
                {
                    k++;
                    if (k > o.MaxModels) continue;
                    var (f, v) = Try(p, q, P, Q, !constant);
                    if (v < bestIc) { best = f; bestIc = v; constant = !constant; }
                }
            }
        }

        if (approximation)
        {
            // Re-fit the candidates by exact likelihood in order of their approximate criterion; keep the first that works.
            best = null;
            foreach (var r in results.Where(r => double.IsFinite(r.ic)).OrderBy(r => r.ic))
            {
                var order = new ArimaOrder(r.p, d, r.q, r.P, D, r.Q, m);
                var fit = FitCandidate(series, order, r.c, ArimaEstimationMethod.CssMaximumLikelihood);
                if (fit is not null && double.IsFinite(fit.Criterion(ic)) && fit.Fit.HessianOk.Value) { best = fit; break; }
            }
        }
        return best ?? throw new KitDataException($"{Name}: no suitable ARIMA model found (d = {d}, D = {D}); every candidate failed to converge or was non-invertible.", series.Name);
    }

    /// <summary>Fits one candidate as <c>forecast:::myarima</c>: null when it fails, has roots near the unit circle or a non-positive coefficient variance.</summary>
    private static ArimaModel? FitCandidate(TimeSeries series, ArimaOrder order, bool constant, ArimaEstimationMethod method)
    {
        ArimaModel model;
        try { model = ArimaFitting.Fit(series, order, constant, method); }
        catch (ArimaEstimator.FitFailedException) { return null; }
        if (method != ArimaEstimationMethod.ConditionalSumOfSquares && !double.IsFinite(model.Aic)) return null;
        return RootsClearOfUnitCircle(model, order) ? model : null;
    }

    /// <summary>
    /// myarima's <c>minroot &gt;= 1.01</c>: every root of the AR and of the MA polynomial has modulus at least 1.01.
    /// </summary>
    private static bool RootsClearOfUnitCircle(ArimaModel model, ArimaOrder order) =>
        (order.P + order.SeasonalP == 0 || Clear(model.Fit.Phi, sign: -1)) && (order.Q + order.SeasonalQ == 0 || Clear(model.Fit.Theta, sign: 1));

    /// <summary>Whether 1 + sign·(v₁ z + v₂ z² + …) (coefficients below 1e-8 at the end dropped, as myarima) has no root inside |z| &lt; 1.01.</summary>
    private static bool Clear(double[] v, int sign)
    {
        int last = Array.FindLastIndex(v, x => Math.Abs(x) > 1e-8);
        if (last < 0) return true;
        var c = new double[last + 2];
        c[0] = 1;
        for (int i = 0; i <= last; i++) c[i + 1] = sign * v[i];
        try
        {
            return SeriesMath.MinRootModulus(c) >= 1.01;
        }
        catch (MathNet.Numerics.NonConvergenceException)
        {
            // Math.NET's companion-matrix eigenvalues can fail to converge where R's polyroot (Jenkins–Traub) does not
            // (AirPassengers' first 53–72 months, seen in benchmarks/ForecastAccuracy): decide the same question without
            // roots. All roots of c(z) lie outside |z| = r exactly when all roots of q(w) = w^k c(r / w) = Σ c_i r^i w^(k−i)
            // lie inside the unit circle, which the Schur–Cohn recursion tells.
            const double r = 1.01;
            int k = c.Length - 1;
            var q = new double[k + 1];
            for (int i = 0; i <= k; i++) q[k - i] = c[i] * Math.Pow(r, i);
            return SeriesMath.AllRootsInsideUnitCircle(q);
        }
    }

    /// <inheritdoc />
    protected override ForecastResult ForecastCore(int horizon, ForecastOptions options)
    {
        if (horizon <= 0) throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "The forecast horizon must be positive.");
        if (Model is null || _series is null) throw new InvalidOperationException($"{Name}: call Fit before Forecast.");
        return ArimaFitting.Forecast(Model.Name, Model, _series, horizon, options);
    }

    /// <inheritdoc />
    public override string Describe() => Model is null
        ? $"{Name} (not fitted)"
        : _restored
            ? $"{Model} Restored model of {_series!.Name} ({_series.Length} observations)."
            : $"{Model} Selected by {Options.Criterion} among {_tried.Count} candidate models fitted to {_series!.Name} ({_series.Length} observations).";

    /// <inheritdoc />
    public override void Save(Stream stream)
    {
        if (Model is null || _series is null) throw new InvalidOperationException($"{Name}: call Fit before Save.");
        var state = new JsonObject
        {
            ["series"] = SeriesJson.Write(_series),
            ["model"] = ArimaFitting.WriteModel(Model),
            ["criterion"] = Options.Criterion.ToString(),
        };
        ForecasterPersistence.Write(stream, ForecasterPersistence.TypeNameOf(typeof(AutoArimaForecaster)), state);
    }

    /// <summary>Restores a model written by <see cref="Save"/> (the selected model, re-filtered with its saved coefficients).</summary>
    public static AutoArimaForecaster FromState(JsonNode state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var series = SeriesJson.Read(state["series"] ?? throw new KitDataException("saved auto-ARIMA model has no \"series\".", "forecaster file"));
        var criterion = Enum.TryParse<InformationCriterion>(state["criterion"]?.GetValue<string>(), out var c) ? c : InformationCriterion.Aicc;
        return new AutoArimaForecaster(new AutoArimaOptions { Criterion = criterion })
        {
            _series = series,
            _restored = true,
            Model = ArimaFitting.ReadModel(state["model"] ?? throw new KitDataException("saved auto-ARIMA model has no \"model\".", "forecaster file"), series),
        };
    }
}
