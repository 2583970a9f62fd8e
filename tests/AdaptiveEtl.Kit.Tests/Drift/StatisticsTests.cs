using AdaptiveEtl.Kit.Drift.Statistics;

namespace AdaptiveEtl.Kit.Tests.Drift;

/// <summary>
/// Reference values computed once with SciPy 1.10.1 / numpy on /usr/bin/python3 (the exact lines are quoted next to
/// each number) and pinned here; the tests do not need Python.
/// </summary>
public class StatisticsTests
{
    internal static readonly double[] A = [0.61, -1.2, 0.33, 2.1, 0.05, -0.4, 1.7, 0.9, -0.75, 0.12];
    internal static readonly double[] B = [1.4, 0.8, 2.6, 1.9, 0.3, 1.1, 2.2, -0.1, 1.5, 0.95, 3.1, 1.25];

    // rng=np.random.default_rng(7); x=np.round(rng.normal(0,1,60),3); y=np.round(rng.normal(0.5,1.2,45),3)
    internal static readonly double[] X = [0.001, 0.299, -0.274, -0.891, -0.455, -0.992, 0.06, 1.34, -0.492, -0.62, 0.49, 0.357, 0.105, -0.93, -0.029, 0.695, -1.344, -0.458, -1.901, -1.29, -1.842, -0.235, -1.267, 0.271, 0.157, -0.187, -2.517, -0.539, -0.049, 0.113, -1.53, -0.478, -0.979, -0.809, 1.061, -0.808, -0.033, 0.884, -0.584, -0.112, 0.11, 0.064, -1.225, 0.076, 1.359, -1.547, 0.859, 0.119, -0.641, 2.0, 0.762, -1.199, 0.075, 0.577, -0.189, 0.683, -0.067, 0.667, 1.439, -0.676];
    internal static readonly double[] Y = [0.744, -0.056, 0.653, -0.925, -0.195, 0.265, 1.579, 1.874, -1.088, -0.454, 1.276, -1.891, -0.056, 0.383, 2.008, 1.327, 0.107, 0.058, 0.2, 2.328, -0.014, 0.136, 0.923, 0.355, 0.263, -0.837, 0.486, -0.032, 1.899, 1.284, 0.471, 1.302, 0.092, 1.763, 0.494, 1.2, -1.049, 0.916, -1.526, -1.942, 0.135, -0.58, 0.697, 3.194, -0.498];

    [Fact]
    public void KsExactUnequalSizesMatchesScipy()
    {
        // stats.ks_2samp(A, B) -> statistic=0.55, pvalue=0.048886098421702134
        var r = KolmogorovSmirnov.Test(A, B);
        Assert.Equal(0.55, r.Statistic, 12);
        Assert.Equal(0.048886098421702134, r.PValue, 1e-12);
        Assert.True(r.Exact);
    }

    [Fact]
    public void KsExactEqualSizesMatchesScipy()
    {
        // stats.ks_2samp(a, [x+0.8 for x in a[::-1]]) -> statistic=0.4, pvalue=0.41752365281777043
        var shifted = A.Reverse().Select(x => x + 0.8).ToArray();
        var r = KolmogorovSmirnov.Test(A, shifted);
        Assert.Equal(0.4, r.Statistic, 12);
        Assert.Equal(0.41752365281777043, r.PValue, 1e-12);
    }

    [Fact]
    public void KsHandlesTiesAsScipy()
    {
        // stats.ks_2samp([1,2,2,3,3,3,4,5], [2,3,3,4,4,4,5,6,6,7]) -> statistic=0.45, pvalue=0.2475433063668358, location 3
        var r = KolmogorovSmirnov.Test([1, 2, 2, 3, 3, 3, 4, 5], [2, 3, 3, 4, 4, 4, 5, 6, 6, 7]);
        Assert.Equal(0.45, r.Statistic, 12);
        Assert.Equal(0.2475433063668358, r.PValue, 1e-12);
        Assert.Equal(3, r.Location);
    }

    [Fact]
    public void KsExactMidSizeMatchesScipy()
    {
        // stats.ks_2samp(x, y) -> statistic=0.31666666666666665, pvalue=0.009167342160991979
        var r = KolmogorovSmirnov.Test(X, Y);
        Assert.Equal(0.31666666666666665, r.Statistic, 12);
        Assert.Equal(0.009167342160991979, r.PValue, 1e-12);
    }

    public static TheoryData<double, double, double> LargeCases => new()
    {
        // a=[((i*7919)%10007)/10007.0 for i in range(12000)]; b=[(((i*104729)%10009)/10009.0)**e for i in range(15000)]
        // stats.ks_2samp(a, b) for e=1.02 -> (0.007449999999999957, 0.8503148798043323)  [Pelz–Good body]
        { 1.02, 0.007449999999999957, 0.8503148798043323 },
        // e=1.05 -> (0.01818333333333333, 0.024045156921032866)  [Smirnov tail, n·d² ≥ 2.2]
        { 1.05, 0.01818333333333333, 0.024045156921032866 },
        // e=1.2 -> (0.06724999999999998, 1.1651806098719779e-26)
        { 1.2, 0.06724999999999998, 1.1651806098719779e-26 },
    };

    [Theory]
    [MemberData(nameof(LargeCases))]
    public void KsAsymptoticMatchesScipy(double exponent, double statistic, double pValue)
    {
        var a = Enumerable.Range(0, 12000).Select(i => (i * 7919 % 10007) / 10007.0).ToArray();
        var b = Enumerable.Range(0, 15000).Select(i => Math.Pow((i * 104729L % 10009) / 10009.0, exponent)).ToArray();
        var r = KolmogorovSmirnov.Test(a, b);
        Assert.False(r.Exact);
        Assert.Equal(statistic, r.Statistic, 1e-12);
        // Pelz–Good vs SciPy's choice of Durbin/Pelz–Good: agree to 1e-6 relative in the body; the tail is exact.
        Assert.True(Math.Abs(r.PValue - pValue) <= 1e-6 * pValue + 1e-300, $"p {r.PValue} vs SciPy {pValue}");
    }

    [Theory]
    // a=[((i*7919)%10007)/10007.0 for i in range(3000)]; b=[(((i*104729)%10009)/10009.0)**1.05 for i in range(m)]
    // stats.ks_2samp(a, b): m=2000 -> (0.0195, 0.7461533008774651); m=3000 -> (0.019, 0.6510770455567073)
    [InlineData(2000, 0.0195, 0.7461533008774651)]
    [InlineData(3000, 0.019, 0.6510770455567073)]
    public void KsExactThousandsOfValuesMatchesScipy(int m, double statistic, double pValue)
    {
        var a = Enumerable.Range(0, 3000).Select(i => (i * 7919 % 10007) / 10007.0).ToArray();
        var b = Enumerable.Range(0, m).Select(i => Math.Pow((i * 104729L % 10009) / 10009.0, 1.05)).ToArray();
        var r = KolmogorovSmirnov.Test(a, b);
        Assert.True(r.Exact);
        Assert.Equal(statistic, r.Statistic, 1e-12);
        Assert.Equal(pValue, r.PValue, 1e-10);
    }

    [Fact]
    public void KsRejectsEmptyAndNaN()
    {
        Assert.Throws<KitDataException>(() => KolmogorovSmirnov.Test([], [1.0]));
        var ex = Assert.Throws<KitDataException>(() => KolmogorovSmirnov.Test([1.0, double.NaN], [1.0]));
        Assert.Contains("NaN", ex.Message);
    }

    [Fact]
    public void WassersteinMatchesScipy()
    {
        // stats.wasserstein_distance(A, B) -> 1.0706666666666667
        Assert.Equal(1.0706666666666667, Wasserstein.Distance(A, B), 1e-12);
        // stats.wasserstein_distance([1,2,2,3,3,3,4,5], [2,3,3,4,4,4,5,6,6,7]) -> 1.525
        Assert.Equal(1.525, Wasserstein.Distance([1, 2, 2, 3, 3, 3, 4, 5], [2, 3, 3, 4, 4, 4, 5, 6, 6, 7]), 1e-12);
        // stats.wasserstein_distance(x, y) / np.std(x) -> 0.5947333333333333 / 0.8817686840788928
        Assert.Equal(0.5947333333333333 / 0.8817686840788928, Wasserstein.NormalizedDistance(X, Y), 1e-12);
    }

    [Fact]
    public void ChiSquareMatchesScipyWithoutYatesForMoreThanTwoCategories()
    {
        // stats.chi2_contingency([[120,90,40,30],[60,70,50,20]]) -> statistic=12.628571428571426, pvalue=0.005512735435714211, dof=3
        var r = ChiSquareTest.Test([120, 90, 40, 30], [60, 70, 50, 20]);
        Assert.Equal(12.628571428571426, r.Statistic, 1e-10);
        Assert.Equal(0.005512735435714211, r.PValue, 1e-12);
        Assert.Equal(3, r.DegreesOfFreedom);
    }

    [Fact]
    public void ChiSquareAppliesYatesOnTwoByTwo()
    {
        // stats.chi2_contingency([[30,70],[45,55]]) -> statistic=4.181333333333333, pvalue=0.04087153408900628
        var r = ChiSquareTest.Test(new Dictionary<string, long> { ["a"] = 30, ["b"] = 70 }, new Dictionary<string, long> { ["a"] = 45, ["b"] = 55 });
        Assert.Equal(4.181333333333333, r.Statistic, 1e-10);
        Assert.Equal(0.04087153408900628, r.PValue, 1e-12);
    }

    [Fact]
    public void JensenShannonMatchesScipy()
    {
        // jensenshannon([0.5,0.3,0.2,0.0], [0.2,0.3,0.3,0.2], base=2) -> 0.3939164281773635
        Assert.Equal(0.3939164281773635, JensenShannon.Distance([0.5, 0.3, 0.2, 0.0], [0.2, 0.3, 0.3, 0.2]), 1e-12);
        // jensenshannon([10,20,30], [30,20,10], base=2) -> 0.354703515198132 (counts are normalised)
        Assert.Equal(0.354703515198132, JensenShannon.Distance([10.0, 20, 30], [30.0, 20, 10]), 1e-12);
        Assert.Equal(0, JensenShannon.Distance([1.0, 2], [2.0, 4]), 12);
    }

    [Fact]
    public void ZTestMatchesFormula()
    {
        // pp=(30+45)/200; z=(0.30-0.45)/np.sqrt(pp*(1-pp)*(1/100+1/100)) -> -2.1908902300206647; 2*stats.norm.sf(abs(z)) -> 0.02845973691631055
        var r = TwoProportionZTest.Test(30, 100, 45, 100);
        Assert.Equal(-2.1908902300206647, r.Statistic, 1e-12);
        Assert.Equal(0.02845973691631055, r.PValue, 1e-12);
    }

    [Fact]
    public void PsiMatchesDefinitionOnGivenEdges()
    {
        // Counts: reference [2,3,5] of 10, current [5,3,2] of 10, edges {1,2}; by hand with ε = 1e-4:
        // (0.5001-0.2001)ln(0.5001/0.2001) + 0 + (0.2001-0.5001)ln(0.2001/0.5001) = 0.6·ln(0.5001/0.2001) = 0.549536...
        double expected = 0.6 * Math.Log(0.5001 / 0.2001);
        var r = PopulationStabilityIndex.ComputeWithEdges([0.5, 0.5, 1, 1.5, 1.5, 2, 3, 3, 3, 3], [0, 0, 0, 0, 0, 1, 1, 1, 2, 2], [1, 2]);
        Assert.Equal(expected, r.Value, 1e-12);
        Assert.Equal(PsiBand.Significant, r.Band);
        Assert.Equal([2L, 3, 5], r.Bins.Select(b => b.ReferenceCount));
        Assert.Equal([5L, 3, 2], r.Bins.Select(b => b.CurrentCount));
    }

    [Fact]
    public void PsiQuantileBinsHaveEqualReferenceMassAndMatchNumpy()
    {
        // ref = np.arange(1000)/10; cur = ref + 5; e = np.quantile(ref, np.arange(1,10)/10)
        // r = np.histogram(ref, [-np.inf,*e,np.inf])[0]/1000; c = np.histogram(cur, [-np.inf,*e,np.inf])[0]/1000
        // np.sum((c+1e-4-(r+1e-4))*np.log((c+1e-4)/(r+1e-4)))
        var reference = Enumerable.Range(0, 1000).Select(i => i / 10.0).ToArray();
        var current = reference.Select(x => x + 5).ToArray();
        var r = PopulationStabilityIndex.Compute(reference, current);
        Assert.Equal(10, r.Bins.Count);
        Assert.All(r.Bins, b => Assert.Equal(100, b.ReferenceCount));
        Assert.Equal(PsiNumpyShifted, r.Value, 1e-10);
    }

    // value pinned from the numpy lines in PsiQuantileBinsHaveEqualReferenceMassAndMatchNumpy
    private const double PsiNumpyShifted = 0.054864036527429834;

    [Fact]
    public void CategoricalPsiCountsMissingCategoryWithEpsilon()
    {
        var r = PopulationStabilityIndex.ComputeCategorical(new Dictionary<string, long> { ["a"] = 50, ["b"] = 50 }, new Dictionary<string, long> { ["a"] = 100 });
        // (1.0001-0.5001)ln(1.0001/0.5001) + (0.0001-0.5001)ln(0.0001/0.5001)
        double expected = 0.5 * Math.Log(1.0001 / 0.5001) + (-0.5) * Math.Log(0.0001 / 0.5001);
        Assert.Equal(expected, r.Value, 1e-12);
    }
}
