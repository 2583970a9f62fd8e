using AdaptiveEtl.Kit.Forecasting.Arima;

namespace AdaptiveEtl.Kit.Tests.Forecasting.Arima;

/// <summary>
/// Search and estimation options against R 4.2 forecast 8.20; references from
/// <c>Rscript -e 'library(forecast); auto.arima(WWWusage, stepwise = FALSE, approximation = FALSE); auto.arima(Nile, ic = "bic");
/// arima(LakeHuron, order = c(2,0,0), method = "ML"); arima(LakeHuron, order = c(2,0,0), method = "CSS")'</c>.
/// </summary>
public sealed class ArimaSearchOptionsTests
{
    [Fact]
    public void ExhaustiveSearchFindsRsModel()
    {
        // auto.arima(WWWusage, stepwise = FALSE, approximation = FALSE) -> ARIMA(3,1,0): ar 1.15134 -0.6612265 0.3407128, AICc 512.4195
        var model = new AutoArimaForecaster(new AutoArimaOptions { Stepwise = false, Approximation = false });
        model.Fit(RDatasets.Series("WWWusage"));
        Assert.Equal(new ArimaOrder(3, 1, 0), model.Model!.Order);
        Assert.Equal(1.15134, model.Model.Coefficient("ar1"), 0.02);
        Assert.Equal(0.3407128, model.Model.Coefficient("ar3"), 0.02);
        Assert.Equal(512.4195, model.Model.Aicc, 0.5);
        Assert.True(model.CandidatesTried.Count > 30);
    }

    [Fact]
    public void BicSelection()
    {
        // auto.arima(Nile, ic = "bic") -> ARIMA(0,1,1): ma1 -0.7329426, BIC 1274.281
        var model = new AutoArimaForecaster(new AutoArimaOptions { Criterion = InformationCriterion.Bic });
        model.Fit(RDatasets.Series("Nile"));
        Assert.Equal(new ArimaOrder(0, 1, 1), model.Model!.Order);
        Assert.Equal(-0.7329426, model.Model.Coefficient("ma1"), 0.01);
        Assert.Equal(1274.281, model.Model.Bic, 0.5);
    }

    [Fact]
    public void MaximumLikelihoodAndCssMethods()
    {
        // arima(LakeHuron, c(2,0,0), method = "ML"): ar1 1.043611 ar2 -0.2494933 intercept 579.0473, AIC 215.2664
        var ml = new ArimaForecaster(new ArimaOptions { Order = new ArimaOrder(2, 0, 0), Method = ArimaEstimationMethod.MaximumLikelihood });
        ml.Fit(RDatasets.Series("LakeHuron"));
        Assert.Equal(1.043611, ml.Model!.Coefficient("ar1"), 0.01);
        Assert.Equal(-0.2494933, ml.Model.Coefficient("ar2"), 0.01);
        Assert.Equal(579.0473, ml.Model.Coefficient("intercept"), 0.1);
        Assert.Equal(215.2664, ml.Model.Aic, 0.5);
        // arima(LakeHuron, c(2,0,0), method = "CSS"): ar1 1.021732 ar2 -0.2375739 intercept 578.8937
        var css = new ArimaForecaster(new ArimaOptions { Order = new ArimaOrder(2, 0, 0), Method = ArimaEstimationMethod.ConditionalSumOfSquares });
        css.Fit(RDatasets.Series("LakeHuron"));
        Assert.Equal(1.021732, css.Model!.Coefficient("ar1"), 0.01);
        Assert.Equal(-0.2375739, css.Model.Coefficient("ar2"), 0.01);
        Assert.Equal(578.8937, css.Model.Coefficient("intercept"), 0.1);
    }
}
