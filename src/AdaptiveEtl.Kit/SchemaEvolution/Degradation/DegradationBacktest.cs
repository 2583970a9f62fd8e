namespace AdaptiveEtl.Kit.SchemaEvolution.Degradation;

/// <summary>
/// Rolling-origin evaluation (Tashman 2000, "Out-of-sample tests of forecasting accuracy"): at each origin o the model is
/// trained on the cases whose label was known before o (period ≤ o − 1 − horizon), then predicts the cases at periods
/// [o, o + step); the origin moves on by step. Every prediction is therefore out of sample and made only from the past.
/// </summary>
public static class DegradationBacktest
{
    /// <summary>Runs the backtest.</summary>
    /// <param name="createModel">Makes a fresh model for each origin.</param>
    /// <param name="series">The families' histories.</param>
    /// <param name="options">Degradation definition and horizon.</param>
    /// <param name="firstOrigin">The first tested period (default: a third of the longest series).</param>
    /// <param name="step">Periods between origins (default 5).</param>
    /// <exception cref="KitDataException">A series is invalid, or no origin has labelled training cases.</exception>
    public static DegradationBacktestResult Run(Func<IDegradationModel> createModel, IReadOnlyList<FamilyPerformanceSeries> series,
        DegradationOptions? options = null, int? firstOrigin = null, int step = 5)
    {
        ArgumentNullException.ThrowIfNull(createModel);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        options ??= DegradationOptions.Default;
        options.Validate();
        if (series.Count == 0) throw new KitDataException("no query family to backtest.", "degradation backtest");
        var examples = DegradationFeatureBuilder.Build(series, options);
        int longest = series.Max(s => s.Length);
        int origin = firstOrigin ?? longest / 3;
        var predictions = new List<DegradationPrediction>();
        string name = "";
        int origins = 0;
        for (int o = origin; o < longest; o += step)
        {
            var training = examples.Where(e => e.Label is not null && e.Period <= o - 1 - options.Horizon).ToList();
            var testing = examples.Where(e => e.Label is not null && e.Period >= o && e.Period < o + step).ToList();
            if (testing.Count == 0 || training.Count == 0) continue;
            var model = createModel();
            name = model.Name;
            model.Fit(training);
            var p = model.PredictProbabilities(testing);
            for (int i = 0; i < testing.Count; i++) predictions.Add(new DegradationPrediction(testing[i].Family, testing[i].Period, p[i], testing[i].Label));
            if (model is IDisposable d) d.Dispose();
            origins++;
        }
        if (origins == 0)
            throw new KitDataException($"no origin from period {origin} on had both labelled training cases (period ≤ origin − 1 − {options.Horizon}) and test cases; use longer series or an earlier first origin.", "degradation backtest");

        var leadTimes = new List<DegradationLeadTime>();
        foreach (var s in series)
        {
            if (DegradationFeatureBuilder.FirstDegradedPeriod(s, options) is not { } onset || onset <= origin) continue;
            var alarm = predictions.Where(p => p.Family == s.Family && p.Period < onset && p.Period >= onset - options.Horizon && p.Probability >= options.AlarmProbability)
                .Select(p => (int?)p.Period).Min();
            leadTimes.Add(new DegradationLeadTime(s.Family, onset, alarm));
        }
        return new DegradationBacktestResult(name, options, predictions, leadTimes, origins);
    }
}
