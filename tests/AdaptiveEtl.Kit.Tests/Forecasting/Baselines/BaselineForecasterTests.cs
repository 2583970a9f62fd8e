using AdaptiveEtl.Kit.Forecasting;
using AdaptiveEtl.Kit.Forecasting.Baselines;

namespace AdaptiveEtl.Kit.Tests.Forecasting.Baselines;

/// <summary>
/// Baseline forecasts and their intervals (FPP3 §5.5) against R 4.2 forecast 8.20, computed once with
/// <c>Rscript -e 'library(forecast); naive(Nile, h = 3); snaive(USAccDeaths, h = 14); meanf(Nile, h = 2)'</c>.
/// </summary>
public sealed class BaselineForecasterTests
{
    [Fact]
    public void NaiveMatchesR()
    {
        // naive(Nile, h = 3): mean 740; upper 80% 954.4352 1043.2571 1111.4126; upper 95% 1067.950 1203.792 1308.027
        var fc = new NaiveForecaster().Fit(RDatasets.Series("Nile")).Forecast(3);
        Assert.All(fc.Mean, m => Assert.Equal(740, m, 1e-9));
        Assert.Equal(954.4352, fc.Interval(0.8).Upper[0], 1e-3);
        Assert.Equal(1111.4126, fc.Interval(0.8).Upper[2], 1e-3);
        Assert.Equal(1203.792, fc.Interval(0.95).Upper[1], 1e-3);
    }

    [Fact]
    public void SeasonalNaiveMatchesR()
    {
        // snaive(USAccDeaths, h = 14): mean[c(1,13)] = 7836 7836; lower 80% 7119.093 6822.141; lower 95% 6739.586 6285.436
        var fc = new SeasonalNaiveForecaster().Fit(RDatasets.Series("USAccDeaths")).Forecast(14);
        Assert.Equal(7836, fc.Mean[0], 1e-9);
        Assert.Equal(7836, fc.Mean[12], 1e-9);
        Assert.Equal(7119.093, fc.Interval(0.8).Lower[0], 1e-3);
        Assert.Equal(6822.141, fc.Interval(0.8).Lower[12], 1e-3);
        Assert.Equal(6285.436, fc.Interval(0.95).Lower[12], 1e-3);
    }

    [Fact]
    public void MeanMatchesRWithStudentTIntervals()
    {
        // meanf(Nile, h = 2): mean 919.35; upper 80% 1138.77, 95% 1256.809; lower 95% 581.8912
        var fc = new MeanForecaster().Fit(RDatasets.Series("Nile")).Forecast(2);
        Assert.Equal(919.35, fc.Mean[1], 1e-9);
        Assert.Equal(1138.77, fc.Interval(0.8).Upper[0], 1e-2);
        Assert.Equal(1256.809, fc.Interval(0.95).Upper[1], 1e-3);
        Assert.Equal(581.8912, fc.Interval(0.95).Lower[0], 1e-3);
        Assert.Equal(919.35, fc.Quantiles[0.5][0], 1e-9);
    }

    public static TheoryData<string> Models => new() { "naive", "snaive", "mean" };

    private static IForecaster Create(string name) => name switch
    {
        "naive" => new NaiveForecaster(),
        "snaive" => new SeasonalNaiveForecaster(),
        _ => new MeanForecaster(),
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void SaveAndLoadGiveIdenticalForecasts(string name)
    {
        var model = Create(name).Fit(RDatasets.Series("USAccDeaths"));
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        var loaded = ForecasterPersistence.Load(stream);
        Assert.Equal(model.GetType(), loaded.GetType());
        Assert.Equal(model.Forecast(13).Mean, loaded.Forecast(13).Mean);
        Assert.Equal(model.Forecast(13).Interval(0.95).Upper, loaded.Forecast(13).Interval(0.95).Upper);
        Assert.Equal(model.Describe(), loaded.Describe());
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void BadInputIsRejected(string name)
    {
        var model = Create(name);
        Assert.Throws<InvalidOperationException>(() => model.Forecast(1));
        var tooShort = Assert.Throws<KitDataException>(() => model.Fit(new TimeSeries("tiny", [1.0], 12)));
        Assert.Contains("tiny", tooShort.Message);
        model.Fit(RDatasets.Series("USAccDeaths"));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Forecast(0));
    }

    [Fact]
    public void TimestampsContinueTheSeriesSpacing()
    {
        var start = new DateTimeOffset(2025, 1, 1, 2, 0, 0, TimeSpan.Zero);
        var series = new TimeSeries("orders_daily rows_in", [10.0, 12, 11, 13], 1, Enumerable.Range(0, 4).Select(i => start.AddDays(i)).ToArray());
        var fc = new NaiveForecaster().Fit(series).Forecast(2);
        Assert.Equal(start.AddDays(5), fc.Timestamps![1]);
    }
}
