using AdaptiveEtl.Kit.Forecasting.Arima;
using AdaptiveEtl.Kit.Tests.Forecasting;

namespace AdaptiveEtl.Kit.Tests.Forecasting.Arima;

/// <summary>
/// auto.arima agreement with R 4.2, forecast 8.20. Every reference value below was computed once with
/// <c>Rscript -e 'library(forecast); m &lt;- auto.arima(SERIES); print(m); forecast(m, h = 3)'</c>.
/// </summary>
public sealed class AutoArimaAgreementTests
{
    private static readonly Lazy<AutoArimaForecaster> LogAirPassengers = new(() => FitAuto("AirPassengers", log: true));

    private static AutoArimaForecaster FitAuto(string name, bool log = false)
    {
        var model = new AutoArimaForecaster();
        model.Fit(RDatasets.Series(name, log));
        return model;
    }

    [Fact]
    public void LogAirPassengersSelectsTheAirlineModel()
    {
        // R: auto.arima(log(AirPassengers)) -> ARIMA(0,1,1)(0,1,1)[12], ma1 -0.40183, sma1 -0.55694,
        //    AIC -483.3991, AICc -483.2101, log lik 244.6995, sigma^2 0.00137126; forecast h=1..3: 6.11019 6.05378 6.17171, lo95[1] 6.03761
        var m = LogAirPassengers.Value.Model!;
        Assert.Equal(new ArimaOrder(0, 1, 1, 0, 1, 1, 12), m.Order);
        Assert.Equal(ArimaConstant.None, m.Constant);
        Assert.Equal(-0.40183, m.Coefficient("ma1"), 0.01);
        Assert.Equal(-0.55694, m.Coefficient("sma1"), 0.01);
        Assert.Equal(-483.3991, m.Aic, 0.5);
        Assert.Equal(244.6995, m.LogLikelihood, 0.25);
        Assert.Equal(0.00137126, m.Sigma2, 0.00002);
    }

    [Fact]
    public void LogAirPassengersForecastMatchesR()
    {
        var fc = LogAirPassengers.Value.Forecast(3);
        Assert.Equal(6.11019, fc.Mean[0], 0.003);
        Assert.Equal(6.05378, fc.Mean[1], 0.003);
        Assert.Equal(6.17171, fc.Mean[2], 0.003);
        Assert.Equal(6.03761, fc.Interval(0.95).Lower[0], 0.003);
    }

    [Fact]
    public void AirPassengersFirst90MonthsSurvivesAFailedEigenvalueRootSearch()
    {
        // Math.NET's companion-matrix eigenvalues do not converge for one candidate's AR polynomial on this prefix: auto-ARIMA
        // threw NonConvergenceException (found by benchmarks/ForecastAccuracy's conformal origins). R:
        // auto.arima(ts(AirPassengers[1:90], frequency = 12)) -> ARIMA(0,1,1)(1,1,0)[12], ma1 -0.2580, sar1 -0.2381,
        //    AIC 572.08; forecast h=1..3: 416.495591 401.400408 366.638510
        var model = new AutoArimaForecaster();
        model.Fit(new Kit.Forecasting.TimeSeries("AirPassengers[1:90]", RDatasets.Values("AirPassengers")[..90], 12));
        var m = model.Model!;
        Assert.Equal(new ArimaOrder(0, 1, 1, 1, 1, 0, 12), m.Order);
        Assert.Equal(-0.2580, m.Coefficient("ma1"), 0.01);
        Assert.Equal(-0.2381, m.Coefficient("sar1"), 0.01);
        Assert.Equal(572.08, m.Aic, 0.5);
        var fc = model.Forecast(3);
        Assert.Equal(416.495591, fc.Mean[0], 0.05);
        Assert.Equal(401.400408, fc.Mean[1], 0.05);
        Assert.Equal(366.638510, fc.Mean[2], 0.05);
    }

    [Fact]
    public void WwwUsage()
    {
        // R: auto.arima(WWWusage) -> ARIMA(1,1,1), ar1 0.65038, ma1 0.5256, AIC 514.2995, sigma^2 9.995325; forecast 218.8805 218.1524 217.6789
        var model = FitAuto("WWWusage");
        var m = model.Model!;
        Assert.Equal(new ArimaOrder(1, 1, 1), m.Order);
        Assert.Equal(0.65038, m.Coefficient("ar1"), 0.02);
        Assert.Equal(0.5256, m.Coefficient("ma1"), 0.02);
        Assert.Equal(514.2995, m.Aic, 0.5);
        Assert.Equal(218.8805, model.Forecast(1).Mean[0], 0.2);
    }

    [Fact]
    public void Nile()
    {
        // R: auto.arima(Nile) -> ARIMA(1,1,1), ar1 0.25437, ma1 -0.87414, AIC 1267.255, loglik -630.6274, sigma^2 20176.91
        var m = FitAuto("Nile").Model!;
        Assert.Equal(new ArimaOrder(1, 1, 1), m.Order);
        Assert.Equal(0.25437, m.Coefficient("ar1"), 0.02);
        Assert.Equal(-0.87414, m.Coefficient("ma1"), 0.02);
        Assert.Equal(1267.255, m.Aic, 0.5);
    }

    [Fact]
    public void Lynx()
    {
        // R: auto.arima(lynx) -> ARIMA(2,0,2) with non-zero mean: ar1 1.34208 ar2 -0.67381 ma1 -0.20274 ma2 -0.2564
        //    intercept 1544.40395, AIC 1876.167
        var m = FitAuto("lynx").Model!;
        Assert.Equal(new ArimaOrder(2, 0, 2), m.Order);
        Assert.Equal(ArimaConstant.Intercept, m.Constant);
        Assert.Equal(1.34208, m.Coefficient("ar1"), 0.02);
        Assert.Equal(-0.67381, m.Coefficient("ar2"), 0.02);
        Assert.Equal(-0.20274, m.Coefficient("ma1"), 0.02);
        Assert.Equal(-0.2564, m.Coefficient("ma2"), 0.02);
        Assert.Equal(1544.40395, m.Coefficient("intercept"), 5.0);
        Assert.Equal(1876.167, m.Aic, 0.5);
    }

    [Fact]
    public void UsAccidentalDeaths()
    {
        // R: auto.arima(USAccDeaths) -> ARIMA(0,1,1)(0,1,1)[12], ma1 -0.43027, sma1 -0.55279, AIC 856.88, sigma^2 102860.3
        //    forecast 8336.061 7531.829 8314.644, lo95[1] 7706.957
        var model = FitAuto("USAccDeaths");
        var m = model.Model!;
        Assert.Equal(new ArimaOrder(0, 1, 1, 0, 1, 1, 12), m.Order);
        Assert.Equal(-0.43027, m.Coefficient("ma1"), 0.02);
        Assert.Equal(-0.55279, m.Coefficient("sma1"), 0.02);
        Assert.Equal(856.88, m.Aic, 0.5);
        Assert.Equal(102860.3, m.Sigma2, 1500.0);
        var fc = model.Forecast(3);
        Assert.Equal(8336.061, fc.Mean[0], 10.0);
        Assert.Equal(7706.957, fc.Interval(0.95).Lower[0], 15.0);
    }

    [Fact]
    public void Co2UsesTheApproximationAndStillAgrees()
    {
        // 468 points > 150, so the search runs on CSS fits and re-fits the winner by ML (approximation = TRUE in R too).
        // R: auto.arima(co2) -> ARIMA(1,1,1)(1,1,2)[12], ar1 0.2569 ma1 -0.58472 sar1 -0.54894 sma1 -0.26203 sma2 -0.51231, AIC 180.7777
        var m = FitAuto("co2").Model!;
        Assert.Equal(new ArimaOrder(1, 1, 1, 1, 1, 2, 12), m.Order);
        Assert.Equal(0.2569, m.Coefficient("ar1"), 0.02);
        Assert.Equal(-0.58472, m.Coefficient("ma1"), 0.02);
        Assert.Equal(-0.54894, m.Coefficient("sar1"), 0.02);
        Assert.Equal(-0.26203, m.Coefficient("sma1"), 0.02);
        Assert.Equal(-0.51231, m.Coefficient("sma2"), 0.02);
        Assert.Equal(180.7777, m.Aic, 0.5);
    }

    [Fact]
    public void SeasonalSeriesWithDrift()
    {
        // R: auto.arima(ldeaths) -> ARIMA(0,0,2)(2,1,0)[12] with drift: ma1 0.18438 ma2 -0.24766 sar1 -0.95334 sar2 -0.50236
        //    drift -5.52698, AIC 846.674; forecast h=1: 2679.314
        var model = FitAuto("ldeaths");
        var m = model.Model!;
        Assert.Equal(new ArimaOrder(0, 0, 2, 2, 1, 0, 12), m.Order);
        Assert.Equal(ArimaConstant.Drift, m.Constant);
        Assert.Equal(-0.95334, m.Coefficient("sar1"), 0.02);
        Assert.Equal(-5.52698, m.Coefficient("drift"), 0.3);
        Assert.Equal(846.674, m.Aic, 0.5);
        Assert.Equal(2679.314, model.Forecast(1).Mean[0], 10.0);
    }
}
