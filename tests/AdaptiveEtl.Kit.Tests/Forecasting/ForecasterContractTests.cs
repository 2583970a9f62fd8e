using AdaptiveEtl.Kit.Forecasting;
using AdaptiveEtl.Kit.Forecasting.Arima;
using AdaptiveEtl.Kit.Forecasting.Baselines;
using AdaptiveEtl.Kit.Forecasting.Conformal;
using AdaptiveEtl.Kit.Forecasting.Ets;
using AdaptiveEtl.Kit.Forecasting.Prophet;

namespace AdaptiveEtl.Kit.Tests.Forecasting;

/// <summary>
/// The contract every forecaster of the kit keeps, run over each of them (as Math.Net's shared contract tests run one
/// class over every distribution): guards, capability flags honoured, horizon and level handling, quantiles, timestamps,
/// and a save/load round trip that forecasts the same. The numbers asserted are properties, not references: the
/// reference values per model live in each model's own tests (R forecast / prophet).
/// </summary>
public sealed class ForecasterContractTests
{
    public static TheoryData<string> Models => new(Factories.Keys);

    private static readonly Dictionary<string, Func<ForecasterBase>> Factories = new()
    {
        ["Naive"] = () => new NaiveForecaster(),
        ["SeasonalNaive"] = () => new SeasonalNaiveForecaster(),
        ["Mean"] = () => new MeanForecaster(),
        ["ETS"] = () => new EtsForecaster(),
        ["ARIMA"] = () => new ArimaForecaster(new ArimaOptions { Order = new ArimaOrder(1, 0, 0, 0, 0, 0, 1) }),
        ["AutoARIMA"] = () => new AutoArimaForecaster(),
        ["Prophet"] = () => new ProphetForecaster(),
        ["ETS+conformal"] = () => new ConformalForecaster(() => new EtsForecaster(), new ConformalIntervalOptions(Horizon: 3, Windows: 20)),
        ["Naive+conformal"] = () => new ConformalForecaster(() => new NaiveForecaster(), new ConformalIntervalOptions(Horizon: 3, Windows: 10, Score: ConformalScore.Studentized)),
    };

    private static readonly DateTimeOffset Start = new(2025, 1, 6, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Twelve weeks of a daily series with a weekly cycle and a trend, seeded noise, daily timestamps.</summary>
    private static TimeSeries Daily(bool exogenous = false, int n = 84)
    {
        var random = new Random(11);
        var values = Enumerable.Range(0, n).Select(i => 100 + 0.5 * i + 10 * Math.Sin(2 * Math.PI * i / 7) + random.NextDouble() * 3).ToArray();
        var stamps = Enumerable.Range(0, n).Select(i => Start.AddDays(i)).ToArray();
        double[,]? x = null;
        if (exogenous)
        {
            x = new double[n, 1];
            for (int i = 0; i < n; i++) x[i, 0] = i % 7 == 5 ? 1 : 0;
        }
        return new TimeSeries("daily", values, 7, stamps, x, exogenous ? ["weekend"] : null);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Guards_refuse_a_forecast_before_fit_a_non_positive_horizon_and_levels_outside_0_1(string name)
    {
        var model = Factories[name]();
        Assert.False(model.IsFitted);
        Assert.Throws<InvalidOperationException>(() => model.Forecast(3));
        Assert.Throws<ArgumentNullException>(() => model.Fit(null!));
        Assert.Same(model, model.Fit(Daily()));
        Assert.True(model.IsFitted);
        Assert.Equal(name, model.Name);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Forecast(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Forecast(3, new ForecastOptions { Levels = [1.2] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Forecast(3, new ForecastOptions { Quantiles = [0] }));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Forecasts_have_the_horizon_nested_intervals_ordered_quantiles_and_calendar_timestamps(string name)
    {
        var model = Factories[name]().Fit(Daily());
        var r = model.Forecast(10, new ForecastOptions { Levels = [0.8, 0.95], Quantiles = [0.1, 0.5, 0.9], Seed = 3 });
        Assert.Equal(10, r.Horizon);
        Assert.All(r.Mean, m => Assert.True(double.IsFinite(m)));
        var i80 = r.Interval(0.8);
        var i95 = r.Interval(0.95);
        for (int h = 0; h < 10; h++)
        {
            Assert.True(i80.Lower[h] <= i80.Upper[h], $"{name} step {h + 1}: 80 % interval inverted");
            Assert.True(i95.Lower[h] <= i80.Lower[h] + 1e-9 && i80.Upper[h] <= i95.Upper[h] + 1e-9, $"{name} step {h + 1}: the 95 % interval must contain the 80 % one");
            Assert.True(r.Quantiles[0.1][h] <= r.Quantiles[0.5][h] + 1e-9 && r.Quantiles[0.5][h] <= r.Quantiles[0.9][h] + 1e-9, $"{name} step {h + 1}: quantiles out of order");
        }
        // Daily history: the forecast steps are the next days (ForecastOptions.FutureTimestamps' default).
        Assert.NotNull(r.Timestamps);
        Assert.Equal(Start.AddDays(84), r.Timestamps![0]);
        Assert.Equal(Start.AddDays(93), r.Timestamps[9]);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void A_saved_model_loads_and_forecasts_the_same(string name)
    {
        var model = Factories[name]().Fit(Daily());
        var options = new ForecastOptions { Seed = 5 };
        var before = model.Forecast(7, options);
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        var loaded = ForecasterPersistence.Load(stream);
        Assert.Equal(model.GetType(), loaded.GetType());
        Assert.True(loaded.IsFitted);
        var after = loaded.Forecast(7, options);
        for (int h = 0; h < 7; h++)
        {
            Assert.Equal(before.Mean[h], after.Mean[h], 6);
            Assert.Equal(before.Interval(0.95).Upper[h], after.Interval(0.95).Upper[h], 6);
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Regressors_are_used_by_models_that_declare_them_and_refused_by_the_others(string name)
    {
        var model = Factories[name]();
        var withX = Daily(exogenous: true);
        var future = new double[5, 1];
        for (int h = 0; h < 5; h++) future[h, 0] = (84 + h) % 7 == 5 ? 1 : 0;
        if (model.Supports(ForecasterCapabilities.Exogenous))
        {
            model.Fit(withX);
            Assert.Equal(5, model.Forecast(5, new ForecastOptions { FutureExogenous = future }).Horizon);
        }
        else
        {
            // Before: ETS and the baselines silently ignored the regressors.
            var e = Assert.Throws<KitDataException>(() => model.Fit(withX));
            Assert.Contains("does not use exogenous regressors", e.Message);
            Assert.Contains("weekend", e.Message);
            Assert.Contains("WithoutExogenous()", e.Message);
            model.Fit(withX.WithoutExogenous());
            Assert.Throws<ArgumentException>(() => model.Forecast(5, new ForecastOptions { FutureExogenous = future }));
        }
    }

    [Fact]
    public void Capability_flags_say_what_each_model_does()
    {
        Assert.False(new EtsForecaster().Supports(ForecasterCapabilities.Exogenous));
        Assert.True(new EtsForecaster().Supports(ForecasterCapabilities.Seasonality | ForecasterCapabilities.PredictionIntervals));
        Assert.True(new AutoArimaForecaster().Supports(ForecasterCapabilities.Exogenous));
        Assert.True(new ProphetForecaster().Supports(ForecasterCapabilities.Exogenous));
        Assert.False(new NaiveForecaster().Supports(ForecasterCapabilities.Seasonality));
        Assert.True(new SeasonalNaiveForecaster().Supports(ForecasterCapabilities.Seasonality));
    }

    [Fact]
    public void The_backtester_gives_models_without_regressors_the_series_without_them()
    {
        var report = new AdaptiveEtl.Kit.Forecasting.Backtesting.Backtester(new AdaptiveEtl.Kit.Forecasting.Backtesting.BacktestOptions { Horizon = 3, MaxOrigins = 3 })
            .Run(Daily(exogenous: true), [new("ETS", () => new EtsForecaster()), new("AutoARIMA", () => new AutoArimaForecaster())], TestContext.Current.CancellationToken);
        Assert.All(report.Leaderboard, s => Assert.True(s.Error is null, $"{s.Model}: {s.Error}"));
    }
}
