using AdaptiveEtl.Kit.Drift.Statistics;

namespace AdaptiveEtl.Kit.Tests.Drift;

/// <summary>
/// NaN, ±∞, negative counts and bad epsilons are rejected with the parameter and position named, promptly (issue 19:
/// the Wasserstein and KS merge walks spun forever on a NaN, even with two elements). Every test has a timeout so that
/// a hang fails instead of stalling the run; the work runs on the thread pool so that the timeout can fire.
/// </summary>
public sealed class NonFiniteInputTests
{
    private static Task<T> Run<T>(Func<T> f) => Task.Run(f, TestContext.Current.CancellationToken);

    private static async Task<KitDataException> Rejects(Func<object> f, params string[] mentions)
    {
        var ex = await Assert.ThrowsAsync<KitDataException>(() => Run(f));
        foreach (var m in mentions) Assert.Contains(m, ex.Message);
        return ex;
    }

    [Fact(Timeout = 5000)]
    public async Task Wasserstein_distance_rejects_nan_naming_the_sample_and_index() =>
        await Rejects(() => Wasserstein.Distance([1.0, double.NaN], [2.0, 3.0]), "'a'", "NaN", "index 1");

    [Fact(Timeout = 5000)]
    public async Task Wasserstein_distance_rejects_infinity() =>
        await Rejects(() => Wasserstein.Distance([1.0, 2.0], [double.NegativeInfinity, 3.0]), "'b'", "−∞", "index 0");

    [Fact(Timeout = 5000)]
    public async Task Wasserstein_distance_sorted_rejects_nan() =>
        await Rejects(() => Wasserstein.DistanceSorted([1.0, 2.0], [double.NaN, 3.0]), "'b'", "NaN", "index 0");

    [Fact(Timeout = 5000)]
    public async Task Wasserstein_distance_sorted_rejects_an_unsorted_sample() =>
        await Rejects(() => Wasserstein.DistanceSorted([2.0, 1.0], [3.0]), "'a'", "sorted ascending", "index 1");

    [Fact(Timeout = 5000)]
    public async Task Normalized_distance_rejects_nan_in_either_entry_point()
    {
        await Rejects(() => Wasserstein.NormalizedDistance([double.NaN, 1.0], [2.0]), "'reference'", "NaN");
        await Rejects(() => Wasserstein.NormalizedDistanceSorted([1.0], [2.0, double.NaN]), "'current'", "NaN");
        await Rejects(() => Wasserstein.NormalizedDistanceSorted([1.0, double.PositiveInfinity], [2.0]), "'reference'", "+∞");
    }

    [Fact(Timeout = 5000)]
    public async Task Ks_test_sorted_rejects_nan_and_unsorted_input()
    {
        await Rejects(() => KolmogorovSmirnov.TestSorted([1.0, double.NaN], [2.0, 3.0]), "'sortedA'", "NaN", "index 1");
        await Rejects(() => KolmogorovSmirnov.TestSorted([1.0], [double.NaN]), "'sortedB'", "NaN", "index 0");
        await Rejects(() => KolmogorovSmirnov.TestSorted([1.0, 2.0], [3.0, 0.5]), "'sortedB'", "sorted ascending");
    }

    [Fact(Timeout = 5000)]
    public async Task Ks_test_treats_infinities_as_ordinary_extremes()
    {
        // The test uses ranks only. Every value of a lies below every value of b, so D = 1; for n = m = 3 the exact
        // P(D ≥ 1) counts the 2 monotone lattice paths of C(6, 3) = 20 that separate the samples: 2/20 = 0.1
        // (by hand; scipy.stats.ks_2samp([-inf, 0, 1], [2, 3, inf]) gives statistic=1.0, pvalue=0.1).
        var sorted = await Run(() => KolmogorovSmirnov.TestSorted([double.NegativeInfinity, 0, 1], [2, 3, double.PositiveInfinity]));
        var unsorted = await Run(() => KolmogorovSmirnov.Test([1, double.NegativeInfinity, 0], [double.PositiveInfinity, 3, 2]));
        foreach (var r in new[] { sorted, unsorted })
        {
            Assert.Equal(1.0, r.Statistic);
            Assert.Equal(0.1, r.PValue, 12);
            Assert.True(r.Exact);
        }
    }

    [Fact(Timeout = 5000)]
    public async Task Chi_square_rejects_negative_nan_and_infinite_counts()
    {
        await Rejects(() => ChiSquareTest.Test([5.0, -1.0, 3.0], [4.0, 4.0, 4.0]), "'referenceCounts'", "entry 1", "-1");
        await Rejects(() => ChiSquareTest.Test([5.0, 1.0], [double.NaN, 4.0]), "'currentCounts'", "entry 0", "NaN");
        await Rejects(() => ChiSquareTest.Test([5.0, double.PositiveInfinity], [1.0, 4.0]), "'referenceCounts'", "entry 1");
        await Rejects(() => ChiSquareTest.Test(new Dictionary<string, long> { ["a"] = 3, ["b"] = -2 }, new Dictionary<string, long> { ["a"] = 1 }),
            "'reference'", "category 'b'");
    }

    [Fact(Timeout = 5000)]
    public async Task Jensen_shannon_rejects_infinite_weights() =>
        await Rejects(() => JensenShannon.Distance([1.0, double.PositiveInfinity], [1.0, 1.0]), "'p'", "entry 1");

    [Theory(Timeout = 5000)]
    [InlineData(double.NaN)]
    [InlineData(-1e-4)]
    [InlineData(0.0)]
    [InlineData(double.PositiveInfinity)]
    public async Task Psi_rejects_an_epsilon_that_is_not_finite_and_positive(double epsilon)
    {
        double[] r = [1, 2, 3, 4, 5, 6], c = [2, 3, 4, 5, 6, 7];
        var cases = new Func<object>[]
        {
            () => PopulationStabilityIndex.Compute(r, c, 2, epsilon),
            () => PopulationStabilityIndex.ComputeSorted(r, c, 2, epsilon),
            () => PopulationStabilityIndex.ComputeWithEdges(r, c, [3.5], epsilon),
            () => PopulationStabilityIndex.ComputeCategorical(new Dictionary<string, long> { ["a"] = 1 }, new Dictionary<string, long> { ["a"] = 2 }, epsilon),
            () => PopulationStabilityIndex.FromCounts([3.5], [3, 3], [2, 4], epsilon),
        };
        foreach (var f in cases)
        {
            var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Run(f));
            Assert.Equal("epsilon", ex.ParamName);
        }
    }

    [Fact(Timeout = 5000)]
    public async Task Psi_rejects_non_finite_reference_values_bad_edges_and_negative_counts()
    {
        await Rejects(() => PopulationStabilityIndex.Compute([1, 2, double.PositiveInfinity, 4], [1, 2, 3], 2), "'reference'", "+∞", "index 2");
        await Rejects(() => PopulationStabilityIndex.Compute([1, 2, 3, 4], [1, double.NaN, 3], 2), "'current'", "NaN", "index 1");
        await Rejects(() => PopulationStabilityIndex.ComputeSorted([1, 2, 3, 4], [1, double.NaN], 2), "'sortedCurrent'", "NaN");
        await Rejects(() => PopulationStabilityIndex.ComputeSorted([3, 2, 1, 4], [1, 2], 2), "'sortedReference'", "sorted ascending");
        await Rejects(() => PopulationStabilityIndex.ComputeWithEdges([1, 2], [1, 2], [double.NaN]), "edge 0", "finite");
        await Rejects(() => PopulationStabilityIndex.FromCounts([3.5], [3, -1], [2, 4]), "'referenceCounts'", "bin 1");
        await Rejects(() => PopulationStabilityIndex.ComputeCategorical(new Dictionary<string, long> { ["a"] = 5, ["b"] = -3 }, new Dictionary<string, long> { ["a"] = 2 }),
            "'reference'", "category 'b'");
    }

    [Fact(Timeout = 5000)]
    public async Task Psi_keeps_infinite_current_values_in_the_open_end_bins()
    {
        // Edge 3.5 splits reference [1, 2, 3, 4, 5, 6] into 3 | 3 and current [−∞, 1, 9, +∞] into 2 | 2: equal shares,
        // so every term (c − r)·ln(c / r) is 0 and PSI = 0 (by hand).
        var psi = await Run(() => PopulationStabilityIndex.ComputeWithEdges([1, 2, 3, 4, 5, 6], [double.NegativeInfinity, 1, 9, double.PositiveInfinity], [3.5]));
        Assert.Equal(0.0, psi.Value, 12);
        Assert.Equal(new long[] { 2, 2 }, psi.Bins.Select(b => b.CurrentCount));
    }
}
