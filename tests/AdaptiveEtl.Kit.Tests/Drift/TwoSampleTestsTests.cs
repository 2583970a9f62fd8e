using AdaptiveEtl.Kit.Drift;
using AdaptiveEtl.Kit.Drift.DuckDb;
using AdaptiveEtl.Kit.Drift.Statistics;
using DuckDB.NET.Data;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Tests.Drift;

/// <summary>
/// Energy distance, Anderson–Darling k-sample, Cramér–von Mises two-sample and Mann–Whitney U against SciPy 1.10.1
/// (/usr/bin/python3; the calls are quoted beside each number; A, B, X, Y are <see cref="StatisticsTests"/>' samples,
/// X and Y from <c>rng=np.random.default_rng(7); x=np.round(rng.normal(0,1,60),3); y=np.round(rng.normal(0.5,1.2,45),3)</c>).
/// </summary>
public sealed class TwoSampleTestsTests
{
    private static readonly double[] A = StatisticsTests.A, B = StatisticsTests.B, X = StatisticsTests.X, Y = StatisticsTests.Y;
    private static readonly double[] T1 = [1, 2, 2, 3, 3, 3, 4, 5], T2 = [2, 3, 3, 4, 4, 4, 5, 6, 6, 7];
    private static readonly double[] S1 = [0.3, 1.7, -0.2, 2.4, 0.9], S2 = [1.1, 3.0, 2.2, 1.9, 2.8, 0.5, 4.1];

    public static TheoryData<string, double, double> Energy => new()
    {
        // stats.energy_distance(a, b) and stats.energy_distance(a/np.std(a), b/np.std(a))
        { "AB", 0.8352511265747832, 0.8444079887015398 },
        { "XY", 0.4575696668268123, 0.48728146377773246 },
        { "ties", 0.9688911187538051, 0.8973051396616337 },
    };

    private static (double[], double[]) Pair(string name) => name switch
    {
        "AB" => (A, B), "XY" => (X, Y), "ties" => (T1, T2), "small" => (S1, S2), _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Energy))]
    public void Energy_distance_matches_scipy(string pair, double distance, double normalized)
    {
        var (a, b) = Pair(pair);
        Assert.Equal(distance, EnergyDistance.Distance(a, b), 1e-12);
        Assert.Equal(normalized, EnergyDistance.NormalizedDistance(a, b), 1e-12);
        Assert.Throws<KitDataException>(() => EnergyDistance.Distance([1.0, double.NaN], b));
        Assert.Throws<KitDataException>(() => EnergyDistance.DistanceSorted([2.0, 1.0], b));
    }

    public static TheoryData<string, double, double> Cvm => new()
    {
        // r = stats.cramervonmises_2samp(a, b); (r.statistic, r.pvalue)
        { "AB", 0.5560606060606057, 0.028909171324032003 },      // exact (sizes ≤ 20)
        { "XY", 0.9130423280423265, 0.003892484556454079 },      // asymptotic
        { "ties", 0.41087962962962976, 0.07207824854883678 },    // exact, tied midranks
        { "small", 0.3194444444444444, 0.13636363636363635 },    // exact
    };

    [Theory]
    [MemberData(nameof(Cvm))]
    public void Cramer_von_mises_matches_scipy(string pair, double statistic, double p)
    {
        var (a, b) = Pair(pair);
        var r = CramerVonMises.TestTwoSample(a, b);
        Assert.Equal(statistic, r.Statistic, 1e-12);
        Assert.Equal(p, r.PValue, 1e-7); // SciPy's series stops at terms below 1e-7
    }

    [Fact]
    public void Cramer_von_mises_switches_from_exact_to_asymptotic_after_twenty_values_as_scipy()
    {
        // stats.cramervonmises_2samp(x[:20], y[:20]) -> (0.5206250000000008, 0.03558282709029916)   exact
        // stats.cramervonmises_2samp(x[:21], y[:20]) -> (0.5893728222996515, 0.02359025613255683)   asymptotic
        var exact = CramerVonMises.TestTwoSample(X.AsSpan(0, 20), Y.AsSpan(0, 20));
        Assert.Equal(0.5206250000000008, exact.Statistic, 1e-12);
        Assert.Equal(0.03558282709029916, exact.PValue, 1e-12);
        var asymptotic = CramerVonMises.TestTwoSample(X.AsSpan(0, 21), Y.AsSpan(0, 20));
        Assert.Equal(0.5893728222996515, asymptotic.Statistic, 1e-12);
        Assert.Equal(0.02359025613255683, asymptotic.PValue, 1e-7);
        Assert.Throws<KitDataException>(() => CramerVonMises.TestTwoSample([], [1.0]));
    }

    public static TheoryData<string, double, double> Ad => new()
    {
        // r = stats.anderson_ksamp([a, b]); (r.statistic, r.significance_level)
        { "AB", 2.6924848224769478, 0.025720205767657663 },
        { "XY", 4.895588833431017, 0.003782072728151062 },
        { "ties", 2.356291669629891, 0.03499996197102719 },
        { "small", 1.1787814106017935, 0.10635610936457014 },
    };

    [Theory]
    [MemberData(nameof(Ad))]
    public void Anderson_darling_two_samples_match_scipy(string pair, double statistic, double p)
    {
        var (a, b) = Pair(pair);
        var r = AndersonDarling.TestTwoSample(a, b);
        Assert.Equal(statistic, r.Statistic, 1e-10);
        Assert.Equal(p, r.PValue, 1e-10);
        Assert.False(r.Clipped);
        // stats.anderson_ksamp([a, b]).critical_values for k = 2
        Assert.Equal([0.325, 1.226, 1.961, 2.718, 3.752, 4.592, 6.546], r.CriticalValues.Select(c => Math.Round(c, 10)));
    }

    [Fact]
    public void Anderson_darling_k_samples_match_scipy_and_clip_the_p_value()
    {
        // stats.anderson_ksamp([A, B, [0.2,0.9,1.3,-0.3,0.7,1.8,0.4]]) -> statistic=1.947445151148689, pvalue=0.04949854973138733
        var r = AndersonDarling.TestKSample([A, B, [0.2, 0.9, 1.3, -0.3, 0.7, 1.8, 0.4]]);
        Assert.Equal(1.947445151148689, r.Statistic, 1e-10);
        Assert.Equal(0.04949854973138733, r.PValue, 1e-10);
        // stats.anderson_ksamp([A, B, x[:15]]) -> statistic=5.713275681143463, pvalue=0.001 (floored, SciPy warns)
        var far = AndersonDarling.TestKSample([A, B, X[..15]]);
        Assert.Equal(5.713275681143463, far.Statistic, 1e-10);
        Assert.Equal(0.001, far.PValue);
        Assert.True(far.Clipped);
        Assert.Throws<KitDataException>(() => AndersonDarling.TestKSample([A]));
        Assert.Throws<KitDataException>(() => AndersonDarling.TestTwoSample([1.0, 1, 1], [1.0, 1]));
    }

    public static TheoryData<string, double, double> Mwu => new()
    {
        // r = stats.mannwhitneyu(a, b); (r.statistic, r.pvalue)
        { "AB", 26.0, 0.027179886800582677 },        // asymptotic (both > 8)
        { "XY", 897.0, 0.0033890389091953857 },
        { "ties", 18.0, 0.0515549439551676 },         // asymptotic with tie correction
        { "small", 7.0, 0.10606060606060606 },        // exact (sizes 5 and 7, no ties)
    };

    [Theory]
    [MemberData(nameof(Mwu))]
    public void Mann_whitney_u_matches_scipy(string pair, double statistic, double p)
    {
        var (a, b) = Pair(pair);
        var r = MannWhitneyU.Test(a, b);
        Assert.Equal(statistic, r.Statistic, 1e-12);
        Assert.Equal(p, r.PValue, 1e-12);
    }

    [Fact]
    public void Mann_whitney_u_is_exact_for_a_small_sample_against_a_large_one()
    {
        // stats.mannwhitneyu(S1, x) -> statistic=247.0, pvalue=0.014023918968392793 (exact: 5 ≤ 8 values, no ties)
        var r = MannWhitneyU.Test(S1, X);
        Assert.Equal(247.0, r.Statistic);
        Assert.Equal(0.014023918968392793, r.PValue, 1e-12);
    }

    [Theory]
    [InlineData(DriftMethod.CramerVonMises)]
    [InlineData(DriftMethod.AndersonDarling)]
    [InlineData(DriftMethod.MannWhitneyU)]
    [InlineData(DriftMethod.EnergyDistance)]
    public void The_new_methods_give_the_same_verdict_in_memory_and_in_duckdb(DriftMethod method)
    {
        var options = DriftOptions.Default.ForColumn("v", method) with { Multivariate = false };
        var mem = DriftDetector.Compare(new DataFrame(new DoubleDataFrameColumn("v", X)), new DataFrame(new DoubleDataFrameColumn("v", Y)), options)["v"];
        using var conn = new DuckDBConnection("DataSource=:memory:");
        conn.Open();
        foreach (var (table, values) in new[] { ("r", X), ("c", Y) })
        {
            using (var cmd = conn.CreateCommand()) { cmd.CommandText = $"CREATE TABLE {table} (v DOUBLE)"; cmd.ExecuteNonQuery(); }
            using var app = conn.CreateAppender(table);
            foreach (var v in values) app.CreateRow().AppendValue(v).EndRow();
        }
        var sql = DuckDbDriftDetector.Compare(conn, "r", "c", options)["v"];
        Assert.Equal(method, mem.Method);
        Assert.Equal(DriftStatus.Ok, mem.Status);
        Assert.True(mem.Drifted, $"{method}: {mem.Statistic} p {mem.PValue}");
        Assert.Equal(mem.Statistic, sql.Statistic, 1e-9);
        Assert.Equal(mem.PValue, sql.PValue);
        Assert.Equal(mem.Drifted, sql.Drifted);
        // The detector reports SciPy's numbers (see the theories above for X vs Y).
        var expected = method switch
        {
            DriftMethod.CramerVonMises => 0.003892484556454079,
            DriftMethod.AndersonDarling => 0.003782072728151062,
            DriftMethod.MannWhitneyU => 0.0033890389091953857,
            _ => double.NaN,
        };
        if (method == DriftMethod.EnergyDistance)
        {
            Assert.Null(mem.PValue);
            Assert.Equal(0.48728146377773246, mem.Statistic, 1e-12);
        }
        else Assert.Equal(expected, mem.PValue!.Value, 1e-7);
    }

    [Fact]
    public void The_new_methods_do_not_flag_two_samples_of_one_distribution_and_energy_flags_a_fifth_sigma_shift()
    {
        // Two draws of 3000 values from N(0, 1). The energy distance is a distance like Wasserstein: its level under no
        // drift shrinks with the sample size (E D² ≈ 2(1/n + 1/m)·∫F(1 − F) = 2(1/n + 1/m)/√π for a normal), about 0.027
        // at n = m = 3000, below the 0.1 threshold; at n = m = 30 it would be about 0.27 — which is why the automatic
        // choice uses distances only above 1000 values.
        var a = DriftDetectorTests.Normal(3000, 0, 1, 11);
        var b = DriftDetectorTests.Normal(3000, 0, 1, 12);
        foreach (var method in new[] { DriftMethod.CramerVonMises, DriftMethod.AndersonDarling, DriftMethod.MannWhitneyU, DriftMethod.EnergyDistance })
        {
            var r = DriftDetector.Compare(new DataFrame(new DoubleDataFrameColumn("v", a)), new DataFrame(new DoubleDataFrameColumn("v", b)),
                DriftOptions.Default.ForColumn("v", method) with { Multivariate = false })["v"];
            Assert.False(r.Drifted, $"{method}: {r.Statistic} p {r.PValue}");
        }
        var shifted = DriftDetector.Compare(new DataFrame(new DoubleDataFrameColumn("v", a)), new DataFrame(new DoubleDataFrameColumn("v", b.Select(v => v + 0.2).ToArray())),
            DriftOptions.Default.ForColumn("v", DriftMethod.EnergyDistance) with { Multivariate = false })["v"];
        Assert.True(shifted.Drifted, $"energy {shifted.Statistic}");
    }

    [Fact]
    public void Anderson_darling_on_too_few_values_is_inconclusive()
    {
        var report = DriftDetector.Compare(new DataFrame(new DoubleDataFrameColumn("v", [1.0, 2.0])), new DataFrame(new DoubleDataFrameColumn("v", [3.0])),
            DriftOptions.Default.ForColumn("v", DriftMethod.AndersonDarling) with { Multivariate = false });
        Assert.Equal(DriftStatus.InsufficientData, report["v"].Status);
        Assert.Equal(DriftVerdict.Inconclusive, report.Verdict);
    }
}
