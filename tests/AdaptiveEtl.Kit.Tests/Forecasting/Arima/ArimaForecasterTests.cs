using System.Globalization;
using AdaptiveEtl.Kit.Forecasting;
using AdaptiveEtl.Kit.Forecasting.Arima;

namespace AdaptiveEtl.Kit.Tests.Forecasting.Arima;

/// <summary>
/// ARIMA of a given order and regression with ARIMA errors against R 4.2 forecast 8.20 (<c>forecast::Arima</c>); the
/// commands are quoted next to each reference value.
/// </summary>
public sealed class ArimaForecasterTests
{
    private static TimeSeries SimulatedRegression(int rows = 120)
    {
        // Data written by R: set.seed(1); n <- 120; xr <- cbind(a = rnorm(n), b = sin(1:n / 5)); e <- arima.sim(list(ar = 0.6), n);
        // y <- 10 + 2 * xr[, 1] - 3 * xr[, 2] + e  (tests/.../Forecasting/Data/arima_xreg_sim.csv)
        var lines = File.ReadAllLines(Path.Combine(RDatasets.DataDirectory, "arima_xreg_sim.csv")).Skip(1).Take(rows)
            .Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        var x = new double[lines.Length, 2];
        for (int i = 0; i < lines.Length; i++) { x[i, 0] = lines[i][1]; x[i, 1] = lines[i][2]; }
        return new TimeSeries("sim", lines.Select(l => l[0]).ToArray(), 1, exogenous: x, exogenousNames: ["a", "b"]);
    }

    [Fact]
    public void Ar2WithMeanMatchesR()
    {
        // m <- Arima(lynx, order = c(2,0,0)): ar1 1.147436, ar2 -0.5997452, intercept 1545.446, AIC 1878.032, sigma^2 788920.1
        // forecast(m, h = 2): 3002.189 2107.105; upper 80% 4140.478 3839.628
        var model = new ArimaForecaster(new ArimaOptions { Order = new ArimaOrder(2, 0, 0) });
        model.Fit(RDatasets.Series("lynx"));
        var m = model.Model!;
        Assert.Equal(1.147436, m.Coefficient("ar1"), 0.01);
        Assert.Equal(-0.5997452, m.Coefficient("ar2"), 0.01);
        Assert.Equal(1545.446, m.Coefficient("intercept"), 5.0);
        Assert.Equal(1878.032, m.Aic, 0.5);
        Assert.Equal(788920.1, m.Sigma2, 8000.0);
        Assert.Contains("ar2", m.ToHtml());
        Assert.Contains("with non-zero mean", model.Describe());
        var fc = model.Forecast(2);
        Assert.Equal(3002.189, fc.Mean[0], 5.0);
        Assert.Equal(2107.105, fc.Mean[1], 5.0);
        Assert.Equal(3839.628, fc.Interval(0.8).Upper[1], 10.0);
    }

    [Fact]
    public void DriftMatchesR()
    {
        // Arima(WWWusage, order = c(1,1,1), include.drift = TRUE): ar1 0.634369, ma1 0.5296993, drift 1.120474, AIC 515.5793
        var model = new ArimaForecaster(new ArimaOptions { Order = new ArimaOrder(1, 1, 1), IncludeConstant = true });
        model.Fit(RDatasets.Series("WWWusage"));
        Assert.Equal(ArimaConstant.Drift, model.Model!.Constant);
        Assert.Equal(0.634369, model.Model.Coefficient("ar1"), 0.01);
        Assert.Equal(0.5296993, model.Model.Coefficient("ma1"), 0.01);
        Assert.Equal(1.120474, model.Model.Coefficient("drift"), 0.05);
        Assert.Equal(515.5793, model.Model.Aic, 0.5);
    }

    [Fact]
    public void RegressionWithArimaErrorsRecoversCoefficientsAndMatchesR()
    {
        // True values: intercept 10, a 2, b -3, AR(1) errors with phi 0.6.
        // Arima(y, order = c(1,0,0), xreg = xr): ar1 0.5664827, intercept 9.826209, a 2.117525, b -2.843584, AIC 360.2377
        // forecast(m, xreg = cbind(a = c(0.5, -1), b = c(1, 0))): 8.423904 7.925373; lower 95% 6.351624 5.543691
        var model = new ArimaForecaster(new ArimaOptions { Order = new ArimaOrder(1, 0, 0) });
        model.Fit(SimulatedRegression());
        var m = model.Model!;
        Assert.Equal(2.0, m.Coefficient("a"), 0.3);
        Assert.Equal(-3.0, m.Coefficient("b"), 0.5);
        Assert.Equal(0.6, m.Coefficient("ar1"), 0.15);
        Assert.Equal(0.5664827, m.Coefficient("ar1"), 0.01);
        Assert.Equal(9.826209, m.Coefficient("intercept"), 0.02);
        Assert.Equal(2.117525, m.Coefficient("a"), 0.01);
        Assert.Equal(-2.843584, m.Coefficient("b"), 0.02);
        Assert.Equal(360.2377, m.Aic, 0.5);
        var fc = model.Forecast(2, new ForecastOptions { FutureExogenous = new double[,] { { 0.5, 1 }, { -1, 0 } } });
        Assert.Equal(8.423904, fc.Mean[0], 0.02);
        Assert.Equal(7.925373, fc.Mean[1], 0.02);
        Assert.Equal(6.351624, fc.Interval(0.95).Lower[0], 0.03);
    }

    [Fact]
    public void AutoArimaWithRegressorsMatchesR()
    {
        // auto.arima(y, xreg = xr) -> Regression with ARIMA(1,0,0) errors: ar1 0.5665 intercept 9.8262 a 2.1175 b -2.8436, AIC 360.24
        var model = new AutoArimaForecaster();
        model.Fit(SimulatedRegression());
        Assert.Equal(new ArimaOrder(1, 0, 0), model.Model!.Order);
        Assert.Equal(2.1175, model.Model.Coefficient("a"), 0.01);
        Assert.Equal(-2.8436, model.Model.Coefficient("b"), 0.02);
        Assert.Equal(360.24, model.Model.Aic, 0.5);
    }

    [Fact]
    public void MissingFutureRegressorsAreAClearError()
    {
        var model = new ArimaForecaster(new ArimaOptions { Order = new ArimaOrder(1, 0, 0) });
        model.Fit(SimulatedRegression(60));
        var e = Assert.Throws<KitDataException>(() => model.Forecast(3));
        Assert.Contains("FutureExogenous", e.Message);
        Assert.Contains("sim", e.Message);
        Assert.Throws<KitDataException>(() => model.Forecast(3, new ForecastOptions { FutureExogenous = new double[2, 2] }));
    }

    [Fact]
    public void SaveAndLoadGiveIdenticalForecasts()
    {
        var model = new ArimaForecaster(new ArimaOptions { Order = new ArimaOrder(0, 1, 1, 0, 1, 1) });
        model.Fit(RDatasets.Series("USAccDeaths"));
        var auto = new AutoArimaForecaster().Fit(RDatasets.Series("WWWusage"));
        foreach (var original in new IForecaster[] { model, auto })
        {
            using var stream = new MemoryStream();
            original.Save(stream);
            stream.Position = 0;
            var loaded = ForecasterPersistence.Load(stream);
            Assert.Equal(original.GetType(), loaded.GetType());
            var a = original.Forecast(12);
            var b = loaded.Forecast(12);
            Assert.Equal(a.Mean, b.Mean);
            Assert.Equal(a.Interval(0.8).Lower, b.Interval(0.8).Lower);
        }
    }

    [Fact]
    public void BadInputIsRejected()
    {
        var model = new ArimaForecaster(new ArimaOptions { Order = new ArimaOrder(2, 1, 1) });
        Assert.Throws<InvalidOperationException>(() => model.Forecast(3));
        var e = Assert.Throws<KitDataException>(() => model.Fit(new TimeSeries("short gaps", [1.0, 2, 3, 4], 1)));
        Assert.Contains("short gaps", e.Message);
        Assert.Contains("ARIMA(2,1,1)", e.Message);
        Assert.Throws<KitDataException>(() => new TimeSeries("with NaN", [1.0, double.NaN, 3], 1));
        model.Fit(RDatasets.Series("WWWusage"));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Forecast(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ArimaForecaster(new ArimaOptions { Order = new ArimaOrder(-1, 0, 0) }));
        var seasonal = new ArimaForecaster(new ArimaOptions { Order = new ArimaOrder(0, 1, 1, 0, 1, 1) });
        Assert.Throws<KitDataException>(() => seasonal.Fit(RDatasets.Series("Nile")));
        Assert.Throws<KitDataException>(() => new AutoArimaForecaster().Fit(new TimeSeries("two", [1.0, 2.0], 1)));
    }

    [Fact]
    public void ConstantSeriesGivesAMeanModel()
    {
        var model = new AutoArimaForecaster();
        model.Fit(new TimeSeries("flat", Enumerable.Repeat(5.0, 30).ToArray(), 1));
        Assert.Equal(5.0, model.Forecast(2).Mean[1], 1e-6);
    }
}
