using AdaptiveEtl.Kit.Forecasting;
using AdaptiveEtl.Kit.Forecasting.Prophet;
using MathNet.Numerics.Distributions;

namespace AdaptiveEtl.Kit.Tests.Forecasting.Prophet;

public sealed class ProphetForecasterTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Truth by formula: slope 0.5/day for 150 days, then 2.0/day (continuous), weekly term 3·sin(2π·ds/7) with ds = days
    /// since the Unix epoch (exactly Prophet's order-1 weekly Fourier term), plus N(0, 0.5²) noise (seed 7).
    /// </summary>
    private static TimeSeries TrendChangeSeries(out Func<double, double> weekly)
    {
        var rng = new Random(7);
        const int n = 300;
        var ts = Enumerable.Range(0, n).Select(i => Start.AddDays(i)).ToArray();
        weekly = ds => 3 * Math.Sin(2 * Math.PI * ds / 7);
        var w = weekly;
        var y = ts.Select((t, i) => 10 + 0.5 * Math.Min(i, 150) + 2.0 * Math.Max(0, i - 150) + w(ProphetForecaster.ToDs(t)) + Normal.Sample(rng, 0, 0.5)).ToArray();
        return new TimeSeries("synthetic", y, 7, ts);
    }

    [Fact]
    public void Recovers_a_known_trend_change_and_weekly_seasonality()
    {
        var series = TrendChangeSeries(out var weekly);
        var model = new ProphetForecaster();
        model.Fit(series);

        Assert.Equal(0.5, model.TrendSlope(ProphetForecaster.ToDs(Start.AddDays(60))), 0.1);
        Assert.Equal(2.0, model.TrendSlope(ProphetForecaster.ToDs(Start.AddDays(280))), 0.1);
        // The rate change is concentrated at the candidate changepoints around day 150.
        var times = model.ChangepointTimes!;
        var changes = model.RateChanges;
        double nearBreak = Enumerable.Range(0, changes.Count).Where(i => Math.Abs((times[i] - Start.AddDays(150)).TotalDays) <= 20).Sum(i => changes[i]);
        Assert.Equal(1.5, nearBreak, 0.2);
        for (int d = 0; d < 7; d++)
        {
            double ds = ProphetForecaster.ToDs(Start.AddDays(200 + d));
            Assert.Equal(weekly(ds), model.SeasonalComponent("weekly", ds), 0.3);
        }
        // Point forecast continues the final slope: 10 + 0.5·150 + 2·(299 + 10 − 150) at day 309 plus the weekly term.
        var f = model.Forecast(10);
        double expected = 10 + 75 + 2.0 * (309 - 150) + weekly(ProphetForecaster.ToDs(Start.AddDays(309)));
        Assert.Equal(expected, f.Mean[9], 3.0);
        Assert.Equal(Start.AddDays(309), f.Timestamps![9]);
        Assert.Contains("weekly", model.Describe());
    }

    [Fact]
    public void Holiday_effect_is_estimated()
    {
        var rng = new Random(3);
        var holidays = new[] { new DateOnly(2024, 2, 14), new DateOnly(2024, 5, 1), new DateOnly(2024, 8, 15), new DateOnly(2024, 11, 11) }
            .Select(d => new ProphetHoliday("closed", d)).ToArray();
        var ts = Enumerable.Range(0, 365).Select(i => Start.AddDays(i)).ToArray();
        // Truth: level 100, effect −30 on the holidays, N(0, 1) noise.
        var y = ts.Select(t => 100 + (holidays.Any(h => h.Date == DateOnly.FromDateTime(t.UtcDateTime)) ? -30 : 0) + Normal.Sample(rng, 0, 1)).ToArray();
        var model = new ProphetForecaster(new ProphetOptions { Holidays = holidays, WeeklySeasonality = false });
        model.Fit(new TimeSeries("h", y, 1, ts));
        Assert.Equal(-30, model.HolidayEffect("closed", 0), 2.0);
    }

    [Fact]
    public void Intervals_cover_at_nominal_rate_on_simulated_data()
    {
        // 200 seeded replications of y = 5 + 0.1·t + N(0, 1); forecast 5 steps; count how often the 80% interval covers.
        int covered = 0, total = 0;
        for (int rep = 0; rep < 200; rep++)
        {
            var rng = new Random(1000 + rep);
            var all = Enumerable.Range(0, 85).Select(t => 5 + 0.1 * t + Normal.Sample(rng, 0, 1)).ToArray();
            var model = new ProphetForecaster(new ProphetOptions { UncertaintySamples = 400 });
            model.Fit(new TimeSeries("sim", all.Take(80).ToArray()));
            var iv = model.Forecast(5, new ForecastOptions { Levels = [0.8], Seed = rep }).Interval(0.8);
            for (int h = 0; h < 5; h++, total++) if (all[80 + h] >= iv.Lower[h] && all[80 + h] <= iv.Upper[h]) covered++;
        }
        double coverage = (double)covered / total;
        // Binomial sd for 1000 draws at 0.8 is 0.013; Prophet's intervals also carry trend uncertainty, so allow ±0.06.
        Assert.InRange(coverage, 0.74, 0.88);
    }

    [Fact]
    public void Save_and_load_reproduce_the_forecast()
    {
        var series = TrendChangeSeries(out _);
        var model = new ProphetForecaster();
        model.Fit(series);
        using var ms = new MemoryStream();
        model.Save(ms);
        ms.Position = 0;
        var loaded = ForecasterPersistence.Load(ms);
        Assert.IsType<ProphetForecaster>(loaded);
        var a = model.Forecast(7, new ForecastOptions { Seed = 1 });
        var b = loaded.Forecast(7, new ForecastOptions { Seed = 1 });
        Assert.Equal(a.Mean, b.Mean);
        Assert.Equal(a.Interval(0.95).Upper, b.Interval(0.95).Upper);
    }

    [Fact]
    public void Index_series_uses_its_seasonal_period()
    {
        // Period-12 pattern on an index axis, no timestamps.
        var y = Enumerable.Range(0, 96).Select(i => 50 + 10 * Math.Sin(2 * Math.PI * i / 12)).ToArray();
        var model = new ProphetForecaster();
        model.Fit(new TimeSeries("monthly", y, 12));
        var f = model.Forecast(12);
        for (int h = 0; h < 12; h++) Assert.Equal(50 + 10 * Math.Sin(2 * Math.PI * (96 + h) / 12), f.Mean[h], 0.5);
        Assert.Null(f.Timestamps);
    }

    [Fact]
    public void Errors_name_the_series()
    {
        var e = Assert.Throws<KitDataException>(() => new ProphetForecaster().Fit(new TimeSeries("orders_daily gaps", [1.0, 2.0])));
        Assert.Equal("orders_daily gaps", e.Location);
        Assert.Throws<InvalidOperationException>(() => new ProphetForecaster().Forecast(1));
        var x = new double[10, 1];
        var withX = new ProphetForecaster().Fit(new TimeSeries("x", Enumerable.Range(0, 10).Select(i => (double)i).ToArray(), exogenous: x, exogenousNames: ["rate"]));
        Assert.Throws<KitDataException>(() => withX.Forecast(2));
    }
}
