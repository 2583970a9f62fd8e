using AdaptiveEtl.Kit.Forecasting.Statistics;

namespace AdaptiveEtl.Kit.Tests.Forecasting.Statistics;

/// <summary>
/// KPSS, STL and the differencing rules against R 4.2 (urca 1.3, forecast 8.20). Reference values were computed once with
/// <c>Rscript -e 'library(urca); ur.kpss(Nile, type = "mu", use.lag = trunc(3 * sqrt(100) / 13))@teststat'</c> and similar
/// commands quoted next to each number.
/// </summary>
public sealed class StatisticsTests
{
    [Fact]
    public void KpssStatisticMatchesUrca()
    {
        // ur.kpss(Nile, type = "mu", use.lag = 3)@teststat = 1.315226
        Assert.Equal(1.315226, KpssTest.Statistic(RDatasets.Values("Nile")), 1e-5);
        // ur.kpss(WWWusage, type = "mu", use.lag = 3)@teststat = 0.7219743
        Assert.Equal(0.7219743, KpssTest.Statistic(RDatasets.Values("WWWusage")), 1e-6);
        // ur.kpss(diff(Nile), type = "mu", use.lag = trunc(3 * sqrt(99) / 13))@teststat = 0.01962213
        var d = RDatasets.Values("Nile").Zip(RDatasets.Values("Nile").Skip(1), (a, b) => b - a).ToArray();
        Assert.Equal(0.01962213, KpssTest.Statistic(d), 1e-7);
    }

    [Fact]
    public void KpssPValueInterpolatesTheTable()
    {
        // Kwiatkowski et al. (1992) Table 1, level case: 0.463 is the 5 % point, 0.347 the 10 % point; p clamps to [0.01, 0.1].
        Assert.Equal(0.05, KpssTest.PValue(0.463), 1e-12);
        Assert.Equal(0.075, KpssTest.PValue((0.347 + 0.463) / 2), 1e-12);
        Assert.Equal(0.10, KpssTest.PValue(0.1), 1e-12);
        Assert.Equal(0.01, KpssTest.PValue(5), 1e-12);
    }

    [Fact]
    public void NumberOfDifferencesMatchesNdiffs()
    {
        // ndiffs(AirPassengers) = 1, ndiffs(lynx) = 0, ndiffs(WWWusage) = 1
        Assert.Equal(1, KpssTest.NumberOfDifferences(RDatasets.Values("AirPassengers")));
        Assert.Equal(0, KpssTest.NumberOfDifferences(RDatasets.Values("lynx")));
        Assert.Equal(1, KpssTest.NumberOfDifferences(RDatasets.Values("WWWusage")));
    }

    [Fact]
    public void StlMatchesR()
    {
        // s <- stl(nottem, s.window = 11): seasonal[1:3] = -8.280965 -8.921356 -6.474058; trend[c(1,120,240)] = 49.04015 49.38079 48.97527
        var stl = StlDecomposition.Decompose(RDatasets.Values("nottem"), 12, 11);
        Assert.Equal(-8.280965, stl.Seasonal[0], 1e-5);
        Assert.Equal(-8.921356, stl.Seasonal[1], 1e-5);
        Assert.Equal(-6.474058, stl.Seasonal[2], 1e-5);
        Assert.Equal(49.04015, stl.Trend[0], 1e-4);
        Assert.Equal(49.38079, stl.Trend[119], 1e-4);
        Assert.Equal(48.97527, stl.Trend[239], 1e-4);
    }

    [Fact]
    public void SeasonalStrengthMatchesForecastHeuristic()
    {
        // forecast:::seas.heuristic(USAccDeaths) = 0.9447945; (nottem) = 0.9534245; (diff(USAccDeaths, 12)) = 0.1142751
        var us = RDatasets.Values("USAccDeaths");
        Assert.Equal(0.9447945, StlDecomposition.SeasonalStrength(us, 12), 1e-5);
        Assert.Equal(0.9534245, StlDecomposition.SeasonalStrength(RDatasets.Values("nottem"), 12), 1e-5);
        var d12 = us.Skip(12).Select((v, i) => v - us[i]).ToArray();
        Assert.Equal(0.1142751, StlDecomposition.SeasonalStrength(d12, 12), 1e-5);
        // nsdiffs(AirPassengers) = 1, nsdiffs(UKgas) = 1
        Assert.Equal(1, StlDecomposition.NumberOfSeasonalDifferences(RDatasets.Values("AirPassengers"), 12));
        Assert.Equal(1, StlDecomposition.NumberOfSeasonalDifferences(RDatasets.Values("UKgas"), 4));
    }

    [Fact]
    public void StlRejectsTooShortSeries()
    {
        Assert.Throws<ArgumentException>(() => StlDecomposition.Decompose(new double[24], 12));
        Assert.Equal(0, StlDecomposition.NumberOfSeasonalDifferences(Enumerable.Range(0, 20).Select(i => (double)(i % 12)).ToArray(), 12));
    }

    [Fact]
    public void SchurCohnAgreesWithRoots()
    {
        // (z - 0.5)(z + 0.8): roots 0.5 and -0.8 inside; (z - 2)(z - 0.1): root 2 outside. Coefficients in increasing powers.
        Assert.True(SeriesMath.AllRootsInsideUnitCircle([-0.4, 0.3, 1]));
        Assert.False(SeriesMath.AllRootsInsideUnitCircle([0.2, -2.1, 1]));
        Assert.Equal(0.5, SeriesMath.MinRootModulus([-0.4, 0.3, 1]), 1e-9);
    }
}
