using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Forecasting.Arima;
using AdaptiveEtl.Kit.Forecasting.Statistics;
using MathNet.Numerics.Distributions;

namespace AdaptiveEtl.Kit.Forecasting.Ets;

/// <summary>
/// Exponential smoothing in state-space form (Hyndman, Koehler, Ord &amp; Snyder 2008): error A/M, trend N/A/Ad (M on request),
/// season N/A/M, estimated by maximum likelihood and — unless a model is given — selected automatically by AICc over
/// the admissible models exactly as R's <c>forecast::ets()</c> enumerates them (multiplicative models only for positive
/// data; additive errors never with multiplicative seasonality). Intervals are analytic for the linear models (classes 1
/// and 2 of Hyndman et al. 2008, ch. 6) and simulated otherwise. ETS has no regressors: a series with exogenous columns
/// is refused (<see cref="Capabilities"/> lacks <see cref="ForecasterCapabilities.Exogenous"/>; regression with ARIMA errors
/// handles them: <see cref="AutoArimaForecaster"/>).
/// </summary>
/// <example><code>
/// var ets = new EtsForecaster().Fit(new TimeSeries("deaths", values, seasonalPeriod: 12));
/// var fc = ets.Forecast(12);                                         // ETS(A,N,A) for USAccDeaths, as R selects
/// var fixedModel = new EtsForecaster(new EtsOptions { Model = EtsSpec.Parse("MAdM") });
/// </code></example>
public sealed class EtsForecaster : ForecasterBase
{
    private TimeSeries? _series;
    private readonly List<(EtsSpec Spec, double Criterion)> _tried = [];

    /// <summary>Creates an unfitted model (automatic selection unless <see cref="EtsOptions.Model"/> is set).</summary>
    public EtsForecaster(EtsOptions? options = null) => Options = options ?? new EtsOptions();

    /// <summary>The settings.</summary>
    public EtsOptions Options { get; }

    /// <summary>The fitted (selected) model, or null before <see cref="ForecasterBase.Fit"/>.</summary>
    public EtsModel? Model { get; private set; }

    /// <summary>Models tried by the automatic selection with their criterion (∞ when they could not be fitted).</summary>
    public IReadOnlyList<(EtsSpec Spec, double Criterion)> CandidatesTried => _tried;

    /// <inheritdoc />
    public override string Name => "ETS";

    /// <inheritdoc />
    public override bool IsFitted => Model is not null;

    /// <inheritdoc />
    public override ForecasterCapabilities Capabilities => ForecasterCapabilities.Seasonality | ForecasterCapabilities.PredictionIntervals;

    /// <inheritdoc />
    protected override IForecaster FitCore(TimeSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        series.RequireLength(Options.Model is null ? 7 : 4, Options.Model is null ? Name : $"{Name} {Options.Model}");
        var y = series.Values.ToArray();
        int m = series.SeasonalPeriod;
        bool positive = y.All(v => v > 0);
        _tried.Clear();
        IEnumerable<EtsSpec> candidates;
        if (Options.Model is { } given)
        {
            if (!positive && (given.Error == EtsComponent.Multiplicative || given.Season == EtsComponent.Multiplicative || given.Trend == EtsComponent.Multiplicative))
                series.RequirePositive($"the multiplicative model {given}");
            if (given.Season != EtsComponent.None && (m < 2 || m > 24 || series.Length <= m))
                throw new KitDataException($"{given} is seasonal but the series has seasonal period {m} and {series.Length} observations; ETS needs a period between 2 and 24 and more than one full period.", series.Name);
            candidates = [given];
        }
        else candidates = Candidates(m, series.Length, positive);
        EtsEstimator.Fit? best = null;
        double bestIc = double.PositiveInfinity;
        foreach (var spec in candidates)
        {
            EtsEstimator.Fit? fit;
            try { fit = EtsEstimator.Estimate(y, spec, m, Options.MaxIterations); }
            catch (ArgumentException) { fit = null; }
            double ic = fit is null ? double.PositiveInfinity : Options.Criterion switch
            {
                InformationCriterion.Aic => fit.Aic,
                InformationCriterion.Bic => fit.Bic,
                _ => fit.Aicc,
            };
            if (double.IsNaN(ic)) ic = double.PositiveInfinity;
            _tried.Add((spec, ic));
            if (ic < bestIc) { bestIc = ic; best = fit; }
        }
        if (best is null)
            throw new KitDataException($"no ETS model could be fitted ({string.Join(", ", _tried.Select(t => t.Spec.Code))} tried); the series may be too short for the seasonal models ({series.Length} observations, period {m}).", series.Name);
        Model = new EtsModel(best);
        _series = series;
        return this;
    }

    /// <summary>The admissible models in R's enumeration order (error, trend, season, damped).</summary>
    private IEnumerable<EtsSpec> Candidates(int m, int n, bool positive)
    {
        var errors = new[] { EtsComponent.Additive, EtsComponent.Multiplicative };
        var trends = Options.AllowMultiplicativeTrend
            ? new[] { EtsComponent.None, EtsComponent.Additive, EtsComponent.Multiplicative }
            : new[] { EtsComponent.None, EtsComponent.Additive };
        var seasons = m >= 2 && m <= 24 && n > m
            ? new[] { EtsComponent.None, EtsComponent.Additive, EtsComponent.Multiplicative }
            : new[] { EtsComponent.None };
        foreach (var e in errors)
            foreach (var t in trends)
                foreach (var s in seasons)
                    foreach (var damped in new[] { true, false })
                    {
                        if (t == EtsComponent.None && damped) continue;
                        if (e == EtsComponent.Additive && (t == EtsComponent.Multiplicative || s == EtsComponent.Multiplicative)) continue;
                        if (e == EtsComponent.Multiplicative && t == EtsComponent.Multiplicative && s == EtsComponent.Additive) continue;
                        if (Options.AdditiveOnly && (e == EtsComponent.Multiplicative || t == EtsComponent.Multiplicative || s == EtsComponent.Multiplicative)) continue;
                        if (!positive && e == EtsComponent.Multiplicative) continue;
                        yield return new EtsSpec(e, t, damped, s);
                    }
    }

    /// <inheritdoc />
    protected override ForecastResult ForecastCore(int horizon, ForecastOptions options)
    {
        if (horizon <= 0) throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "The forecast horizon must be positive.");
        if (Model is null || _series is null) throw new InvalidOperationException($"{Name}: call Fit before Forecast.");
        options ??= ForecastOptions.Default;
        var fit = Model.Fit;
        var spec = fit.Spec;
        var mean = EtsRecursions.Forecast(fit.FinalState, spec, fit.Period, fit.Parameters.Phi, horizon);
        var timestamps = FutureTimestamps.After(_series.Timestamps, horizon, options, _series.Name);
        bool linearTrendSeason = spec.Trend != EtsComponent.Multiplicative && spec.Season != EtsComponent.Multiplicative;
        if (linearTrendSeason)
        {
            // Class 1 (additive errors) and class 2 (multiplicative errors) of Hyndman et al. (2008), §6.2–6.3.
            var c = PsiWeights(fit, horizon);
            var variance = new double[horizon];
            if (spec.Error == EtsComponent.Additive)
            {
                double cum = 0;
                for (int h = 0; h < horizon; h++) { variance[h] = fit.Sigma2 * (1 + cum); if (h < horizon - 1) cum += c[h] * c[h]; }
            }
            else
            {
                var theta = new double[horizon];
                for (int h = 0; h < horizon; h++)
                {
                    double t = mean[h] * mean[h];
                    for (int j = 0; j < h; j++) t += fit.Sigma2 * c[j] * c[j] * theta[h - 1 - j];
                    theta[h] = t;
                    variance[h] = (1 + fit.Sigma2) * theta[h] - mean[h] * mean[h];
                }
            }
            return ForecastResult.FromGaussian(Model.Spec.ToString(), _series.Name, mean, variance.Select(v => Math.Sqrt(Math.Max(v, 0))).ToArray(), options, timestamps);
        }
        return ForecastResult.FromSamples(Model.Spec.ToString(), _series.Name, Simulate(fit, horizon, Options.SimulationPaths, options.Seed ?? 42), options, timestamps, mean);
    }

    /// <summary>c_j = w' F^{j−1} g for j = 1..h−1 of the linear state-space form (R: <c>class1</c>).</summary>
    private static double[] PsiWeights(EtsEstimator.Fit fit, int horizon)
    {
        var spec = fit.Spec;
        int m = fit.Period;
        bool trend = spec.Trend != EtsComponent.None, season = spec.Season != EtsComponent.None;
        int p = fit.FinalState.Length;
        double phi = spec.Damped ? fit.Parameters.Phi : 1;
        var w = new double[p];
        var g = new double[p];
        w[0] = 1;
        g[0] = fit.Parameters.Alpha;
        if (trend) { w[1] = phi; g[1] = fit.Parameters.Beta; }
        int s0 = trend ? 2 : 1;
        if (season) { w[p - 1] = 1; g[s0] = fit.Parameters.Gamma; }
        // v = F^{j-1} g, applied step by step: level += phi*b; b *= phi; seasonal states shift with the oldest moving to the front.
        var v = (double[])g.Clone();
        var c = new double[Math.Max(horizon - 1, 0)];
        for (int j = 0; j < c.Length; j++)
        {
            double cj = 0;
            for (int i = 0; i < p; i++) cj += w[i] * v[i];
            c[j] = cj;
            var nv = new double[p];
            nv[0] = v[0] + (trend ? phi * v[1] : 0);
            if (trend) nv[1] = phi * v[1];
            if (season)
            {
                nv[s0] = v[p - 1];
                for (int i = s0 + 1; i < p; i++) nv[i] = v[i - 1];
            }
            v = nv;
        }
        return c;
    }

    private static double[,] Simulate(EtsEstimator.Fit fit, int horizon, int paths, int seed)
    {
        var rng = new Random(seed);
        var spec = fit.Spec;
        int m = fit.Period;
        double sd = Math.Sqrt(fit.Sigma2);
        double phi = spec.Damped ? fit.Parameters.Phi : 1;
        var result = new double[paths, horizon];
        var state = new double[fit.FinalState.Length];
        int s0 = spec.Trend != EtsComponent.None ? 2 : 1;
        int mm = spec.Season != EtsComponent.None ? m : 1;
        var s = new double[mm];
        var olds = new double[mm];
        for (int k = 0; k < paths; k++)
        {
            Array.Copy(fit.FinalState, state, state.Length);
            double l = state[0], b = s0 == 2 ? state[1] : 0;
            if (spec.Season != EtsComponent.None) Array.Copy(state, s0, s, 0, m);
            for (int h = 0; h < horizon; h++)
            {
                double f = spec.Trend switch
                {
                    EtsComponent.None => l,
                    EtsComponent.Additive => l + phi * b,
                    _ => l * Math.Pow(Math.Max(b, 0), phi),
                };
                if (spec.Season == EtsComponent.Additive) f += s[mm - 1];
                else if (spec.Season == EtsComponent.Multiplicative) f *= s[mm - 1];
                double e = Normal.Sample(rng, 0, sd);
                double y = spec.Error == EtsComponent.Additive ? f + e : f * (1 + e);
                result[k, h] = y;
                Array.Copy(s, olds, mm);
                double oldl = l, oldb = b;
                EtsRecursions.Update(ref l, ref b, oldl, oldb, olds, s, mm, spec, fit.Parameters.Alpha, fit.Parameters.Beta, fit.Parameters.Gamma, phi, y);
            }
        }
        return result;
    }

    /// <inheritdoc />
    public override string Describe() => Model is null
        ? $"{Name} (not fitted)"
        : Options.Model is null
            ? $"{Model} Selected by {Options.Criterion} among {_tried.Count} ETS models fitted to {_series!.Name} ({_series.Length} observations)."
            : $"{Model} Fitted to {_series!.Name} ({_series.Length} observations).";

    /// <inheritdoc />
    public override void Save(Stream stream)
    {
        if (Model is null || _series is null) throw new InvalidOperationException($"{Name}: call Fit before Save.");
        var f = Model.Fit;
        var state = new JsonObject
        {
            ["series"] = SeriesJson.Write(_series),
            ["spec"] = f.Spec.Code,
            ["automatic"] = Options.Model is null,
            ["criterion"] = Options.Criterion.ToString(),
            ["simulationPaths"] = Options.SimulationPaths,
            ["alpha"] = f.Parameters.Alpha,
            ["beta"] = f.Parameters.Beta,
            ["gamma"] = f.Parameters.Gamma,
            ["phi"] = f.Parameters.Phi,
            ["initialState"] = new JsonArray(f.InitialState.Select(v => (JsonNode)JsonValue.Create(v)).ToArray()),
            ["parameterCount"] = f.ParameterCount,
        };
        ForecasterPersistence.Write(stream, ForecasterPersistence.TypeNameOf(typeof(EtsForecaster)), state);
    }

    /// <summary>Restores a model written by <see cref="Save"/> (the filter is re-run from the saved parameters and initial states).</summary>
    public static EtsForecaster FromState(JsonNode state)
    {
        ArgumentNullException.ThrowIfNull(state);
        try
        {
            var series = SeriesJson.Read(state["series"]!);
            var spec = EtsSpec.Parse(state["spec"]!.GetValue<string>());
            var options = new EtsOptions
            {
                Model = state["automatic"]!.GetValue<bool>() ? null : spec,
                Criterion = Enum.Parse<InformationCriterion>(state["criterion"]!.GetValue<string>()),
                SimulationPaths = state["simulationPaths"]!.GetValue<int>(),
            };
            var par = new EtsRecursions.Parameters(state["alpha"]!.GetValue<double>(), state["beta"]!.GetValue<double>(),
                state["gamma"]!.GetValue<double>(), state["phi"]!.GetValue<double>());
            var initial = state["initialState"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
            int np = state["parameterCount"]!.GetValue<int>();
            var y = series.Values.ToArray();
            int m = spec.Season != EtsComponent.None ? series.SeasonalPeriod : 1;
            var final = (double[])initial.Clone();
            var e = new double[y.Length];
            var fitted = new double[y.Length];
            double lik = EtsRecursions.Likelihood(y, spec, m, par, final, e, fitted);
            int n = y.Length, k = np + 1;
            double aic = lik + 2 * k;
            var fit = new EtsEstimator.Fit(spec, m, par, initial, final, lik, aic, aic + 2.0 * k * (k + 1) / (n - k - 1), lik + Math.Log(n) * k,
                e.Sum(v => v * v) / (n - np), e, fitted, np);
            return new EtsForecaster(options) { _series = series, Model = new EtsModel(fit) };
        }
        catch (Exception ex) when (ex is NullReferenceException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new KitDataException($"saved ETS model is incomplete ({ex.Message}).", "forecaster file", inner: ex);
        }
    }
}
