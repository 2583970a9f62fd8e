using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace AdaptiveEtl.Kit.Forecasting.Prophet;

/// <summary>
/// Prophet-style additive forecaster (S. J. Taylor &amp; B. Letham, "Forecasting at scale", The American Statistician 72(1),
/// 2018): y(t) = g(t) + s(t) + h(t) + βᵀx(t) + ε, with
/// <list type="bullet">
/// <item>g: piecewise-linear trend k·t + m + Σ_j δ_j (t − s_j)₊ with 25 candidate changepoints s_j evenly over the first 80% of
/// the history and a Laplace(0, τ) prior on the rate changes δ (paper eq. 3–4);</item>
/// <item>s: Fourier seasonalities (yearly order 10, weekly 3, daily 4), switched on automatically from span and spacing as
/// Prophet does, or one seasonality of the series' <see cref="TimeSeries.SeasonalPeriod"/> when there are no timestamps (eq. 5–6);</item>
/// <item>h: one effect per holiday name and day offset within its window (eq. 7); x: the series' exogenous regressors (standardised).</item>
/// </list>
/// Like Prophet, y is divided by max|y| and t mapped to [0, 1] before fitting, with priors k, m ~ N(0, 5²), seasonal
/// coefficients ~ N(0, 10²), holiday/regressor effects ~ N(0, 10²).
/// <para>
/// <b>MAP estimate.</b> Prophet runs Stan's L-BFGS on the posterior. Here the same posterior mode is computed without Stan:
/// for fixed noise σ the negative log posterior is a penalised least-squares problem, ½‖y − Xβ‖² + (σ²/τ)Σ|δ_j| + Σ σ²β_i²/(2s_i²).
/// The L1 term is handled by the local quadratic approximation |δ| ≈ δ²/(2|δ⁽ᵏ⁾|+ε) (Fan &amp; Li 2001; Hunter &amp; Li 2005, an MM
/// algorithm that decreases the objective at every step), so each iteration is one ridge solve of the small p×p normal
/// equations (p ≈ 30–60, independent of n), alternated with the closed-form σ² = RSS/n. That is exact up to ε, fast enough to
/// refit at every backtest origin, and needs no optimiser package.
/// </para>
/// <para>
/// <b>Intervals</b> follow Prophet's <c>sample_predictive_trajectories</c>: each trajectory draws future changepoints as a
/// Poisson process with the historical rate (S changepoints per unit of scaled time) and rate changes ~ Laplace(0, mean|δ|),
/// then adds N(0, σ²) noise; seasonal and holiday terms are kept at their MAP values, as in Prophet's MAP mode.
/// </para>
/// Future steps are <see cref="ForecastOptions.FutureTimestamps"/> when given; otherwise calendar months after the last
/// observation when the history is month/quarter/year regular (as prophet's <c>make_future_dataframe(freq='MS')</c>), else the
/// median spacing of the history.
/// </summary>
public sealed class ProphetForecaster : ForecasterBase
{
    private const double LqaEpsilon = 1e-6;
    private ProphetState? _state;

    /// <summary>Creates an unfitted model with Prophet's default settings.</summary>
    public ProphetForecaster() : this(new ProphetOptions()) { }

    /// <summary>Creates an unfitted model.</summary>
    public ProphetForecaster(ProphetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ChangepointCount < 0) throw new ArgumentOutOfRangeException(nameof(options), "ChangepointCount must be >= 0.");
        if (!(options.ChangepointRange > 0 && options.ChangepointRange <= 1)) throw new ArgumentOutOfRangeException(nameof(options), "ChangepointRange must be in (0, 1].");
        if (!(options.ChangepointPriorScale > 0) || !(options.SeasonalityPriorScale > 0) || !(options.HolidaysPriorScale > 0))
            throw new ArgumentOutOfRangeException(nameof(options), "prior scales must be > 0.");
        if (options.UncertaintySamples < 10) throw new ArgumentOutOfRangeException(nameof(options), "UncertaintySamples must be >= 10.");
        Options = options;
    }

    private ProphetForecaster(ProphetState state) : this(state.Options) => _state = state;

    /// <summary>The settings.</summary>
    public ProphetOptions Options { get; }

    /// <inheritdoc />
    public override string Name => "Prophet";

    /// <inheritdoc />
    public override bool IsFitted => _state is not null;

    /// <inheritdoc />
    public override ForecasterCapabilities Capabilities => ForecasterCapabilities.Exogenous | ForecasterCapabilities.Seasonality | ForecasterCapabilities.PredictionIntervals;

    /// <summary>Times of the candidate changepoints (UTC), or null when the series had no timestamps.</summary>
    public IReadOnlyList<DateTimeOffset>? ChangepointTimes => _state is { HasTimestamps: true } s
        ? s.Changepoints.Select(c => FromDs(s.DsStart + c * s.DsSpan)).ToArray() : null;

    /// <summary>Fitted rate changes at the changepoints, in y units per day (per step without timestamps).</summary>
    public IReadOnlyList<double> RateChanges => Fitted.Coefficients.Skip(2).Take(Fitted.Changepoints.Length)
        .Select(d => d * Fitted.YScale / Fitted.DsSpan).ToArray();

    private ProphetState Fitted => _state ?? throw new InvalidOperationException("The Prophet model is not fitted; call Fit first.");

    /// <inheritdoc />
    protected override IForecaster FitCore(TimeSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        series.RequireLength(3, Name);
        int n = series.Length;
        var ds = series.Timestamps is { } ts ? ts.Select(ToDs).ToArray() : Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        double span = ds[^1] - ds[0];
        var diffs = ds.Zip(ds.Skip(1), (a, b) => b - a).OrderBy(d => d).ToArray();
        double minDiff = diffs[0], medianDiff = diffs[diffs.Length / 2];

        // Changepoints: Prophet places them at evenly spaced row indices of the first changepoint_range of the history.
        int histSize = (int)Math.Floor(n * Options.ChangepointRange);
        int cpCount = Math.Max(0, Math.Min(Options.ChangepointCount, histSize - 1));
        var changepoints = new double[cpCount];
        for (int j = 1; j <= cpCount; j++)
        {
            int idx = (int)Math.Round((double)j * (histSize - 1) / cpCount, MidpointRounding.ToEven);
            changepoints[j - 1] = (ds[idx] - ds[0]) / span;
        }

        var seasonalities = new List<ProphetSeasonality>();
        if (series.Timestamps is not null)
        {
            if (Options.YearlySeasonality ?? span >= 730) seasonalities.Add(new("yearly", 365.25, 10));
            if (Options.WeeklySeasonality ?? (span >= 14 && minDiff < 7)) seasonalities.Add(new("weekly", 7, 3));
            if (Options.DailySeasonality ?? (span >= 2 && minDiff < 1)) seasonalities.Add(new("daily", 1, 4));
        }
        else if (series.SeasonalPeriod > 1 && n >= 2 * series.SeasonalPeriod)
        {
            seasonalities.Add(new("period" + series.SeasonalPeriod.ToString(CultureInfo.InvariantCulture), series.SeasonalPeriod, Math.Min(series.SeasonalPeriod / 2, 10)));
        }

        var holidayColumns = series.Timestamps is null ? [] : Options.Holidays
            .SelectMany(h => Enumerable.Range(Math.Min(0, h.LowerWindow), Math.Max(0, h.UpperWindow) - Math.Min(0, h.LowerWindow) + 1).Select(o => new ProphetHolidayColumn(h.Name, o)))
            .Distinct().OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Offset).ToArray();

        int r = series.Exogenous?.GetLength(1) ?? 0;
        var means = new double[r];
        var scales = new double[r];
        for (int j = 0; j < r; j++)
        {
            double mean = 0;
            for (int i = 0; i < n; i++) mean += series.Exogenous![i, j];
            mean /= n;
            double var = 0;
            for (int i = 0; i < n; i++) var += Math.Pow(series.Exogenous![i, j] - mean, 2);
            double sd = Math.Sqrt(var / Math.Max(1, n - 1));
            means[j] = mean;
            scales[j] = sd > 0 ? sd : 1;
        }

        var step = Statistics.TimestampStep.Of(series.Timestamps);
        double yScale = series.Values.Max(Math.Abs);
        if (yScale == 0) yScale = 1;
        var layout = new ProphetState
        {
            SeriesName = series.Name, Options = Options, HasTimestamps = series.Timestamps is not null, SeasonalPeriod = series.SeasonalPeriod,
            Observations = n, DsStart = ds[0], DsSpan = span, DsLast = ds[^1], DsStep = medianDiff, YScale = yScale,
            CalendarMonths = step?.Months ?? 0, CalendarDay = step?.Day ?? 0, OffsetMinutes = (int)(series.Timestamps?[^1].Offset.TotalMinutes ?? 0),
            Changepoints = changepoints, Seasonalities = [.. seasonalities], HolidayColumns = holidayColumns,
            RegressorNames = series.ExogenousNames?.ToArray() ?? [], RegressorMeans = means, RegressorScales = scales,
            Coefficients = [], Sigma = double.NaN,
        };

        int p = ColumnCount(layout);
        var holidayIndex = HolidayIndex(layout);
        var x = Matrix<double>.Build.Dense(n, p);
        var y = Vector<double>.Build.Dense(n, i => series.Values[i] / yScale);
        var row = new double[p];
        for (int i = 0; i < n; i++)
        {
            FillRow(layout, holidayIndex, ds[i], series.Exogenous, i, row);
            for (int j = 0; j < p; j++) x[i, j] = row[j];
        }
        var (beta, sigma) = SolveMap(layout, x, y);
        _state = layout with { Coefficients = beta, Sigma = sigma };
        return this;
    }

    /// <summary>Penalised least squares for the posterior mode; see the class remarks.</summary>
    private (double[] Beta, double Sigma) SolveMap(ProphetState layout, Matrix<double> x, Vector<double> y)
    {
        int n = x.RowCount, p = x.ColumnCount, s = layout.Changepoints.Length;
        int seasonalEnd = 2 + s + layout.Seasonalities.Sum(z => 2 * z.Order);
        var gram = x.TransposeThisAndMultiply(x);
        var xty = x.TransposeThisAndMultiply(y);
        double yty = y.DotProduct(y);
        // Prior variances on the scaled axes (Prophet's Stan model): k, m ~ N(0, 5²); seasonal ~ N(0, s²); holidays/regressors ~ N(0, h²).
        var priorVar = new double[p];
        for (int j = 0; j < p; j++)
            priorVar[j] = j < 2 ? 25 : j < 2 + s ? double.NaN : j < seasonalEnd ? Math.Pow(Options.SeasonalityPriorScale, 2) : Math.Pow(Options.HolidaysPriorScale, 2);

        Vector<double> beta = Vector<double>.Build.Dense(p);
        double sigma2 = Math.Max(yty / n * 0.01, 1e-10);
        bool first = true;
        for (int iter = 0; iter < 300; iter++)
        {
            var a = gram.Clone();
            for (int j = 0; j < p; j++)
            {
                double penalty = double.IsNaN(priorVar[j])
                    ? (first ? 1e-8 : sigma2 / Options.ChangepointPriorScale / (Math.Abs(beta[j]) + LqaEpsilon))
                    : sigma2 / priorVar[j];
                a[j, j] += penalty + 1e-12;
            }
            var next = a.Cholesky().Solve(xty);
            double rss = Math.Max(yty - 2 * next.DotProduct(xty) + next.DotProduct(gram * next), 0);
            sigma2 = Math.Max(rss / n, 1e-12);
            double change = (next - beta).AbsoluteMaximum();
            beta = next;
            if (!first && change < 1e-9) break;
            first = false;
        }
        return (beta.ToArray(), Math.Sqrt(sigma2));
    }

    /// <inheritdoc />
    protected override ForecastResult ForecastCore(int horizon, ForecastOptions options)
    {
        if (horizon <= 0) throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "horizon must be positive.");
        var st = Fitted;
        options ??= ForecastOptions.Default;
        int r = st.RegressorNames.Length;
        if (r > 0)
        {
            var fx = options.FutureExogenous ?? throw new KitDataException($"the model was fitted with regressors {string.Join(", ", st.RegressorNames)}; pass their future values in ForecastOptions.FutureExogenous ({horizon} rows).", st.SeriesName);
            if (fx.GetLength(0) < horizon || fx.GetLength(1) != r)
                throw new KitDataException($"FutureExogenous is {fx.GetLength(0)}x{fx.GetLength(1)}, expected {horizon}x{r}.", st.SeriesName);
        }
        int p = st.Coefficients.Length;
        var holidayIndex = HolidayIndex(st);
        var row = new double[p];
        var ds = new double[horizon];
        IReadOnlyList<DateTimeOffset>? future = null;
        if (st.HasTimestamps)
        {
            var last = FromDs(st.DsLast).ToOffset(TimeSpan.FromMinutes(st.OffsetMinutes));
            future = options.FutureTimestamps is { } given
                ? Statistics.FutureTimestamps.Given(given, last, horizon, st.SeriesName)
                : new Statistics.TimestampStep((long)Math.Round(st.DsStep * TimeSpan.TicksPerDay), st.CalendarMonths, st.CalendarDay).After(last, horizon);
        }
        else if (options.FutureTimestamps is not null)
            throw new KitDataException("ForecastOptions.FutureTimestamps was given but the model was fitted on a series without timestamps.", st.SeriesName);
        var tScaled = new double[horizon];
        var point = new double[horizon];
        for (int k = 0; k < horizon; k++)
        {
            ds[k] = future is null ? st.DsLast + (k + 1) * st.DsStep : ToDs(future[k]);
            tScaled[k] = (ds[k] - st.DsStart) / st.DsSpan;
            FillRow(st, holidayIndex, ds[k], options.FutureExogenous, k, row);
            double v = 0;
            for (int j = 0; j < p; j++) v += row[j] * st.Coefficients[j];
            point[k] = v;
        }

        // Prophet's sample_predictive_trend: new changepoints ~ Poisson(S·(T−1)) uniform on (1, T], δ ~ Laplace(0, mean|δ|).
        var rng = new Random(options.Seed ?? 20180101);
        int nSamples = st.Options.UncertaintySamples, s = st.Changepoints.Length;
        double tMax = tScaled.Max();
        double lambda = (s == 0 ? 0 : st.Coefficients.Skip(2).Take(s).Select(Math.Abs).Average()) + 1e-8;
        var paths = new double[nSamples, horizon];
        for (int i = 0; i < nSamples; i++)
        {
            int changes = tMax > 1 && s > 0 ? Poisson.Sample(rng, s * (tMax - 1)) : 0;
            var cpT = new double[changes];
            var cpD = new double[changes];
            for (int c = 0; c < changes; c++)
            {
                cpT[c] = 1 + rng.NextDouble() * (tMax - 1);
                cpD[c] = Laplace.Sample(rng, 0, lambda);
            }
            for (int k = 0; k < horizon; k++)
            {
                double dev = 0;
                for (int c = 0; c < changes; c++) if (tScaled[k] > cpT[c]) dev += cpD[c] * (tScaled[k] - cpT[c]);
                paths[i, k] = (point[k] + dev + Normal.Sample(rng, 0, st.Sigma)) * st.YScale;
            }
        }
        return ForecastResult.FromSamples(Name, st.SeriesName, paths, options, future, point.Select(v => v * st.YScale).ToArray());
    }

    /// <summary>Slope of the fitted trend at time <paramref name="ds"/> (days since epoch, or index), in y units per time unit.</summary>
    internal double TrendSlope(double ds)
    {
        var st = Fitted;
        double t = (ds - st.DsStart) / st.DsSpan, k = st.Coefficients[0];
        for (int j = 0; j < st.Changepoints.Length; j++) if (t > st.Changepoints[j]) k += st.Coefficients[2 + j];
        return k * st.YScale / st.DsSpan;
    }

    /// <summary>Value of one fitted seasonality at time <paramref name="ds"/>, in y units.</summary>
    internal double SeasonalComponent(string name, double ds)
    {
        var st = Fitted;
        int col = 2 + st.Changepoints.Length;
        foreach (var z in st.Seasonalities)
        {
            if (z.Name == name)
            {
                double v = 0;
                for (int o = 1; o <= z.Order; o++)
                {
                    double arg = 2 * Math.PI * o * ds / z.Period;
                    v += st.Coefficients[col++] * Math.Sin(arg) + st.Coefficients[col++] * Math.Cos(arg);
                }
                return v * st.YScale;
            }
            col += 2 * z.Order;
        }
        throw new ArgumentException($"no seasonality '{name}'; fitted: {string.Join(", ", st.Seasonalities.Select(z => z.Name))}.", nameof(name));
    }

    /// <summary>Fitted effect of a holiday at an offset, in y units.</summary>
    internal double HolidayEffect(string name, int offset)
    {
        var st = Fitted;
        int col = 2 + st.Changepoints.Length + st.Seasonalities.Sum(z => 2 * z.Order);
        int i = Array.IndexOf(st.HolidayColumns, new ProphetHolidayColumn(name, offset));
        if (i < 0) throw new ArgumentException($"no holiday column {name}{offset:+0;-0;+0}.", nameof(name));
        return st.Coefficients[col + i] * st.YScale;
    }

    /// <summary>Time in the model's units (days since the Unix epoch) of an instant.</summary>
    internal static double ToDs(DateTimeOffset t) => (t - DateTimeOffset.UnixEpoch).TotalDays;

    private static DateTimeOffset FromDs(double ds) => DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(ds * TimeSpan.TicksPerDay));

    private static int ColumnCount(ProphetState st) =>
        2 + st.Changepoints.Length + st.Seasonalities.Sum(z => 2 * z.Order) + st.HolidayColumns.Length + st.RegressorNames.Length;

    private static Dictionary<DateOnly, List<int>> HolidayIndex(ProphetState st)
    {
        var map = new Dictionary<DateOnly, List<int>>();
        for (int c = 0; c < st.HolidayColumns.Length; c++)
        {
            var col = st.HolidayColumns[c];
            foreach (var h in st.Options.Holidays.Where(h => h.Name == col.Name && col.Offset >= Math.Min(0, h.LowerWindow) && col.Offset <= Math.Max(0, h.UpperWindow)))
            {
                var day = h.Date.AddDays(col.Offset);
                if (!map.TryGetValue(day, out var list)) map[day] = list = [];
                if (!list.Contains(c)) list.Add(c);
            }
        }
        return map;
    }

    private static void FillRow(ProphetState st, Dictionary<DateOnly, List<int>> holidays, double ds, double[,]? exogenous, int exoRow, double[] row)
    {
        Array.Clear(row);
        double t = (ds - st.DsStart) / st.DsSpan;
        row[0] = t;
        row[1] = 1;
        int col = 2;
        foreach (var c in st.Changepoints) row[col++] = Math.Max(0, t - c);
        foreach (var z in st.Seasonalities)
            for (int o = 1; o <= z.Order; o++)
            {
                double arg = 2 * Math.PI * o * ds / z.Period;
                row[col++] = Math.Sin(arg);
                row[col++] = Math.Cos(arg);
            }
        if (st.HasTimestamps && holidays.Count > 0 && holidays.TryGetValue(DateOnly.FromDateTime(FromDs(ds).UtcDateTime), out var hit))
            foreach (var h in hit) row[col + h] = 1;
        col += st.HolidayColumns.Length;
        for (int j = 0; j < st.RegressorNames.Length; j++)
            row[col + j] = (exogenous![exoRow, j] - st.RegressorMeans[j]) / st.RegressorScales[j];
    }

    /// <inheritdoc />
    public override string Describe()
    {
        var st = Fitted;
        var sb = new StringBuilder();
        string unit = st.HasTimestamps ? "day" : "step";
        sb.Append(CultureInfo.InvariantCulture, $"Prophet-style model of {st.SeriesName} ({st.Observations} observations): piecewise-linear trend, initial slope {TrendSlope(st.DsStart):G4}/{unit}, final slope {TrendSlope(st.DsLast):G4}/{unit}");
        var big = RateChanges.Select((d, i) => (d, i)).Where(z => Math.Abs(z.d) > 0.01 * Math.Abs(TrendSlope(st.DsStart)) + 1e-12).OrderByDescending(z => Math.Abs(z.d)).Take(3).ToArray();
        sb.Append(CultureInfo.InvariantCulture, $", {st.Changepoints.Length} candidate changepoints");
        if (big.Length > 0)
        {
            var times = ChangepointTimes;
            sb.Append(" (largest rate changes: ").Append(string.Join(", ", big.Select(z => times is null
                ? string.Create(CultureInfo.InvariantCulture, $"{z.d:+0.###;-0.###} at step {st.Changepoints[z.i] * st.DsSpan:0}")
                : string.Create(CultureInfo.InvariantCulture, $"{z.d:+0.###;-0.###} on {times[z.i]:yyyy-MM-dd}")))).Append(')');
        }
        sb.Append("; seasonalities: ").Append(st.Seasonalities.Length == 0 ? "none" : string.Join(", ", st.Seasonalities.Select(z => string.Create(CultureInfo.InvariantCulture, $"{z.Name} (period {z.Period:G4}, order {z.Order})"))));
        if (st.HolidayColumns.Length > 0) sb.Append(CultureInfo.InvariantCulture, $"; {st.HolidayColumns.Length} holiday effects");
        if (st.RegressorNames.Length > 0) sb.Append("; regressors: ").Append(string.Join(", ", st.RegressorNames));
        sb.Append(CultureInfo.InvariantCulture, $"; noise sd {st.Sigma * st.YScale:G4}.");
        return sb.ToString();
    }

    /// <inheritdoc />
    public override void Save(Stream stream)
    {
        var state = JsonSerializer.SerializeToNode(Fitted) ?? throw new InvalidOperationException("could not serialise the Prophet state.");
        ForecasterPersistence.Write(stream, ForecasterPersistence.TypeNameOf(typeof(ProphetForecaster)), state);
    }

    /// <summary>Restores a model saved by <see cref="Save"/> (called by <see cref="ForecasterPersistence.Load(Stream)"/>).</summary>
    /// <exception cref="KitDataException">The state is not a Prophet state.</exception>
    public static ProphetForecaster FromState(JsonNode state)
    {
        ArgumentNullException.ThrowIfNull(state);
        try
        {
            var st = state.Deserialize<ProphetState>() ?? throw new KitDataException("empty Prophet state.", "forecaster file");
            if (st.Coefficients.Length != ColumnCount(st)) throw new KitDataException($"Prophet state has {st.Coefficients.Length} coefficients, expected {ColumnCount(st)}.", "forecaster file");
            return new ProphetForecaster(st);
        }
        catch (JsonException e)
        {
            throw new KitDataException($"not a Prophet state: {e.Message}", "forecaster file", inner: e);
        }
    }
}
