using AdaptiveEtl.Kit.Forecasting;
using AdaptiveEtl.Kit.Forecasting.Backtesting;

namespace AdaptiveEtl.Kit.Tests.Forecasting.Backtesting;

public sealed class BacktesterTests
{
    private static readonly TimeSeries Quadratic = new("quadratic", [1.0, 2, 4, 7, 11, 16]);
    private static readonly ForecasterCandidate Last = new("LastValue", () => new LastValueForecaster(1));

    [Fact]
    public void Metrics_match_hand_computed_values()
    {
        // Origins 3, 4, 5; the last-value forecasts 4, 7, 11 miss 7, 11, 16 by 3, 4, 5.
        var report = new Backtester(new BacktestOptions { InitialWindow = 3 }).Run(Quadratic, [Last], TestContext.Current.CancellationToken);
        var s = report.Score("LastValue");
        Assert.Equal(3, s.Forecasts);
        Assert.Equal(3, s.Fits);
        Assert.Equal(4, s.Mae, 12);                                   // (3+4+5)/3
        Assert.Equal(Math.Sqrt(50.0 / 3), s.Rmse, 12);                // √((9+16+25)/3)
        Assert.Equal(100.0 / 3 * (6.0 / 11 + 8.0 / 18 + 10.0 / 27), s.Smape, 10); // 100/n Σ 2|e|/(|y|+|f|)
        // MASE scales (m = 1): mean |Δy| of [1,2,4] = 1.5, of [1,2,4,7] = 2, of [1,2,4,7,11] = 2.5 → mean(3/1.5, 4/2, 5/2.5) = 2.
        Assert.Equal(2, s.Mase, 12);
        // ±1 intervals never cover; Winkler at 80%: 2 + (2/0.2)(|e|−1) = 22, 32, 42 → 32.
        Assert.Equal(0, s.Coverage);
        Assert.Equal(2, s.MeanWidth, 12);
        Assert.Equal(32, s.Winkler, 10);
        Assert.Equal([3.0, 4, 5], report.Forecasts("LastValue").Select(f => f.Residual));
    }

    [Fact]
    public void Refit_cadence_forecasts_from_the_last_fit_in_between()
    {
        var report = new Backtester(new BacktestOptions { InitialWindow = 3, RefitEvery = 2 }).Run(Quadratic, [Last], TestContext.Current.CancellationToken);
        var f = report.Forecasts("LastValue");
        Assert.Equal(2, report.Score("LastValue").Fits);              // fits at origins 3 and 5
        Assert.Equal([4.0, 4, 11], f.Select(x => x.Forecast));        // origin 4 reuses the fit at 3 (2 steps ahead)
        Assert.Equal([7.0, 11, 16], f.Select(x => x.Actual));
    }

    [Fact]
    public void Horizon_step_and_max_origins_place_origins()
    {
        var bt = new Backtester(new BacktestOptions { InitialWindow = 10, Step = 5, Horizon = 3, MaxOrigins = 4 });
        // 10, 15, ..., 95 (95 + 3 <= 100) → last four: 80, 85, 90, 95.
        Assert.Equal([80, 85, 90, 95], bt.Origins(100, "s"));
        var e = Assert.Throws<KitDataException>(() => bt.Origins(12, "orders_daily gaps"));
        Assert.Equal("orders_daily gaps", e.Location);
    }

    [Fact]
    public void Seasonal_mase_scale_matches_hand_computation()
    {
        // m = 2: |2−1|... pairs (1,2),(3,4),(2,3),(4,5) → all 1 → scale 1; m = 1: |Δ| = 2,1,2,1,2 → 1.6.
        Assert.Equal(1, ForecastMetrics.MaseScale([1.0, 3, 2, 4, 3, 5], 2), 12);
        Assert.Equal(1.6, ForecastMetrics.MaseScale([1.0, 3, 2, 4, 3, 5], 1), 12);
        Assert.Equal(0.5, ForecastMetrics.Mase([2.0], [1.5], [1.0, 3, 2, 4, 3, 5], 2), 12);
    }

    [Fact]
    public void Leaderboard_ranks_by_mase_and_puts_failures_last()
    {
        var trend = new TimeSeries("trend", Enumerable.Range(0, 40).Select(i => 2.0 * i).ToArray());
        var report = new Backtester(new BacktestOptions { InitialWindow = 20 }).Run(trend,
            [new("Failing", () => new FailingForecaster()), new("Mean", () => new TrainingMeanForecaster()), Last], TestContext.Current.CancellationToken);
        Assert.Equal(["LastValue", "Mean", "Failing"], report.Leaderboard.Select(s => s.Model));
        Assert.Equal("LastValue", report.Best!.Model);
        Assert.Equal(1, report.Best.Mase, 12); // naive on a straight line: |e| = 2 = in-sample naive MAE
        Assert.Contains("needs 1000 observations", report.Score("Failing").Error);
        Assert.Contains("LastValue", report.ToHtml());
        var cal = report.Calibrator("LastValue");
        Assert.Equal(2, cal.HalfWidth(0.5, 0));
    }

    [Fact]
    public void RunMany_is_deterministic_and_reports_progress()
    {
        var series = Enumerable.Range(0, 6).Select(k => new TimeSeries("s" + k, Enumerable.Range(0, 30 + k).Select(i => Math.Sin(i * (k + 1)) * 10 + i).ToArray())).ToArray();
        ForecasterCandidate[] candidates = [Last, new("Mean", () => new TrainingMeanForecaster())];
        var sequential = new Backtester(new BacktestOptions { MaxDegreeOfParallelism = 1 }).RunMany(series, candidates, cancellationToken: TestContext.Current.CancellationToken);
        var seen = new List<BacktestProgress>();
        var parallel = new Backtester(new BacktestOptions { MaxDegreeOfParallelism = 4 }).RunMany(series, candidates, new SyncProgress(seen), TestContext.Current.CancellationToken);
        Assert.Equal(series.Select(s => s.Name), parallel.Select(r => r.Series));
        for (int i = 0; i < series.Length; i++)
            Assert.Equal(sequential[i].Leaderboard, parallel[i].Leaderboard);
        Assert.Equal(6, seen.Count);
        Assert.Equal(Enumerable.Range(1, 6), seen.Select(p => p.Completed).Order());
    }

    private sealed class SyncProgress(List<BacktestProgress> sink) : IProgress<BacktestProgress>
    {
        public void Report(BacktestProgress value) { lock (sink) sink.Add(value); }
    }
}
