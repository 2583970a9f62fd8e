using AdaptiveEtl.Kit.Forecasting;
using AdaptiveEtl.Kit.Forecasting.Ets;

namespace AdaptiveEtl.Kit.Tests.Forecasting.Ets;

/// <summary>
/// ETS selection, estimates and intervals against R 4.2 forecast 8.20, computed once with
/// <c>Rscript -e 'library(forecast); e &lt;- ets(SERIES); e$method; e$aicc; e$par; forecast(e, h = 3)'</c>.
/// </summary>
public sealed class EtsForecasterTests
{
    private static EtsForecaster FitAuto(string name)
    {
        var model = new EtsForecaster();
        model.Fit(RDatasets.Series(name));
        return model;
    }

    [Fact]
    public void UsAccidentalDeathsSelectsANA()
    {
        // ets(USAccDeaths): ETS(A,N,A), AICc 1148.716, alpha 0.5946, gamma 0.002
        var m = FitAuto("USAccDeaths").Model!;
        Assert.Equal(EtsSpec.Parse("ANA"), m.Spec);
        Assert.Equal(1148.716, m.Aicc, 0.5);
        Assert.Equal(0.5946, m.Alpha, 0.02);
        Assert.Equal(0.002, m.Gamma, 0.01);
    }

    [Fact]
    public void AirPassengersSelectsMAdM()
    {
        // ets(AirPassengers): ETS(M,Ad,M), AICc 1400.638, alpha 0.7096 beta 0.0204 gamma 1e-04 phi 0.98
        // forecast(ets(AirPassengers), h = 2): 441.8018 434.1186 (simulated intervals; upper 95% 475.7174 475.3379)
        var model = FitAuto("AirPassengers");
        var m = model.Model!;
        Assert.Equal(EtsSpec.Parse("MAdM"), m.Spec);
        Assert.Equal(1400.638, m.Aicc, 0.5);
        Assert.Equal(0.7096, m.Alpha, 0.02);
        Assert.Equal(0.98, m.Phi, 0.01);
        var fc = model.Forecast(2);
        Assert.Equal(441.8018, fc.Mean[0], 0.5);
        Assert.Equal(434.1186, fc.Mean[1], 0.5);
        Assert.Equal(475.7174, fc.Interval(0.95).Upper[0], 6.0);
    }

    [Fact]
    public void NonSeasonalSeriesMatchR()
    {
        // ets(Nile): ETS(M,N,N), AICc 1458.552, alpha 0.1514; ets(WWWusage): ETS(A,Ad,N), AICc 718.6342
        var nile = FitAuto("Nile").Model!;
        Assert.Equal(EtsSpec.Parse("MNN"), nile.Spec);
        Assert.Equal(1458.552, nile.Aicc, 0.5);
        Assert.Equal(0.1514, nile.Alpha, 0.01);
        var www = FitAuto("WWWusage").Model!;
        Assert.Equal(EtsSpec.Parse("AAdN"), www.Spec);
        Assert.Equal(718.6342, www.Aicc, 0.5);
    }

    [Fact]
    public void QuarterlySeriesSelectsMAM()
    {
        // ets(UKgas): ETS(M,A,M), AICc 1256.558; forecast h = 2: 1258.824 652.6178
        var model = FitAuto("UKgas");
        Assert.Equal(EtsSpec.Parse("MAM"), model.Model!.Spec);
        Assert.Equal(1256.558, model.Model.Aicc, 0.5);
        Assert.Equal(1258.824, model.Forecast(2).Mean[0], 2.0);
    }

    [Fact]
    public void AdditiveIntervalsMatchClassOneFormula()
    {
        // e <- ets(Nile, model = "ANN"): alpha 0.2455339, l 1110.687, AICc 1459.031; forecast(e, h = 3): 805.3813, upper 95% 1088.07 1096.467 1104.628
        var model = new EtsForecaster(new EtsOptions { Model = EtsSpec.Parse("ANN") });
        model.Fit(RDatasets.Series("Nile"));
        Assert.Equal(0.2455339, model.Model!.Alpha, 0.01);
        Assert.Equal(1459.031, model.Model.Aicc, 0.5);
        var fc = model.Forecast(3);
        Assert.Equal(805.3813, fc.Mean[0], 1.0);
        Assert.Equal(1088.07, fc.Interval(0.95).Upper[0], 2.0);
        Assert.Equal(1104.628, fc.Interval(0.95).Upper[2], 2.0);
    }

    [Fact]
    public void MultiplicativeErrorIntervalsMatchClassTwoFormula()
    {
        // e <- ets(Nile, model = "MNN"): forecast 838.8752, upper 95% 1093.36 1096.329 1099.267
        var model = new EtsForecaster(new EtsOptions { Model = EtsSpec.Parse("MNN") });
        model.Fit(RDatasets.Series("Nile"));
        var fc = model.Forecast(3);
        Assert.Equal(838.8752, fc.Mean[0], 1.0);
        Assert.Equal(1093.36, fc.Interval(0.95).Upper[0], 2.0);
        Assert.Equal(1099.267, fc.Interval(0.95).Upper[2], 2.0);
    }

    [Fact]
    public void DampedSeasonalModelMatchesR()
    {
        // ets(USAccDeaths, model = "AAA", damped = TRUE): AICc 1153.911, phi 0.9586; forecast h=13: 8151.982 … 8131.05; lower 80% 7780.296 7372.955
        var model = new EtsForecaster(new EtsOptions { Model = EtsSpec.Parse("AAdA") });
        model.Fit(RDatasets.Series("USAccDeaths"));
        Assert.Equal(1153.911, model.Model!.Aicc, 1.0);
        var fc = model.Forecast(13);
        Assert.Equal(8151.982, fc.Mean[0], 15.0);
        Assert.Equal(8131.05, fc.Mean[12], 20.0);
        Assert.Equal(7780.296, fc.Interval(0.8).Lower[0], 20.0);
        Assert.Equal(7372.955, fc.Interval(0.8).Lower[12], 30.0);
    }

    [Fact]
    public void MultiplicativeTrendModelCanBeRequested()
    {
        // ets(AirPassengers, model = "MMN") is allowed on request; it must fit and forecast an increasing series upwards.
        var model = new EtsForecaster(new EtsOptions { Model = EtsSpec.Parse("MMN") });
        model.Fit(RDatasets.Series("AirPassengers"));
        Assert.True(model.Model!.Beta > 0);
        var fc = model.Forecast(12);
        Assert.True(fc.Mean[11] > fc.Mean[0]);
        Assert.Contains("ETS(M,M,N)", model.Model.ToHtml());
    }

    [Fact]
    public void SpecParsingAndNames()
    {
        Assert.Equal(new EtsSpec(EtsComponent.Additive, EtsComponent.Additive, true, EtsComponent.Additive), EtsSpec.Parse("AAdA"));
        Assert.Equal("ETS(M,Ad,M)", EtsSpec.Parse("MAdM").ToString());
        Assert.Throws<ArgumentException>(() => EtsSpec.Parse("NNN"));
        Assert.Throws<ArgumentException>(() => EtsSpec.Parse("ANdN"));
        Assert.Throws<ArgumentException>(() => EtsSpec.Parse("AXA"));
    }

    [Fact]
    public void SaveAndLoadGiveIdenticalForecasts()
    {
        foreach (var model in new[] { FitAuto("USAccDeaths"), FitAuto("UKgas") })
        {
            using var stream = new MemoryStream();
            model.Save(stream);
            stream.Position = 0;
            var loaded = Assert.IsType<EtsForecaster>(ForecasterPersistence.Load(stream));
            Assert.Equal(model.Model!.Spec, loaded.Model!.Spec);
            Assert.Equal(model.Model.Aicc, loaded.Model.Aicc, 1e-9);
            Assert.Equal(model.Forecast(8).Mean, loaded.Forecast(8).Mean);
            Assert.Equal(model.Forecast(8).Interval(0.95).Upper, loaded.Forecast(8).Interval(0.95).Upper);
        }
    }

    [Fact]
    public void BadInputIsRejected()
    {
        var model = new EtsForecaster();
        Assert.Throws<InvalidOperationException>(() => model.Forecast(2));
        var e = Assert.Throws<KitDataException>(() => model.Fit(new TimeSeries("five runs", [1.0, 2, 3, 4, 5], 1)));
        Assert.Contains("five runs", e.Message);
        var negative = new TimeSeries("net change", [1.0, -2, 3, 4, -5, 6, 7, 8, -1, 2], 1);
        var mult = new EtsForecaster(new EtsOptions { Model = EtsSpec.Parse("MNN") });
        Assert.Throws<KitDataException>(() => mult.Fit(negative));
        Assert.All(new EtsForecaster().Fit(negative) is EtsForecaster f ? f.CandidatesTried : [], c => Assert.Equal(EtsComponent.Additive, c.Spec.Error));
        model.Fit(RDatasets.Series("Nile"));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Forecast(-1));
    }
}
