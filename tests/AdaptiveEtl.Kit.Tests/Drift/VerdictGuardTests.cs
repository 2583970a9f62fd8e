using AdaptiveEtl.Kit.Drift;
using AdaptiveEtl.Kit.Drift.DuckDb;
using AdaptiveEtl.Kit.Drift.Statistics;
using AdaptiveEtl.Kit.Drift.Streaming;
using DuckDB.NET.Data;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Tests.Drift;

/// <summary>
/// Guards of the drift verdicts: sparse χ² tables (pooling, Fisher's exact fallback), the missing/±∞ share signal on the
/// DuckDB and streaming paths, unreadable columns, constant columns and NaN input.
/// </summary>
public sealed class VerdictGuardTests
{
    private static readonly DriftOptions NoPca = DriftOptions.Default with { Multivariate = false };

    private static Dictionary<string, long> Counts(params (string Key, long Count)[] cells) => cells.ToDictionary(c => c.Key, c => c.Count, StringComparer.Ordinal);

    private static StringDataFrameColumn Strings(string name, params (string Value, int Count)[] cells) =>
        new(name, cells.SelectMany(c => Enumerable.Repeat(c.Value, c.Count)));

    private static double[] Values(int n) => Enumerable.Range(0, n).Select(i => (double)(i % 50)).ToArray();

    // ---- χ² guards -------------------------------------------------------------------------------------------------

    [Fact]
    public void Chi_square_pools_categories_whose_expected_count_is_below_five()
    {
        var reference = Counts(("a", 120), ("b", 90), ("c", 40), ("d", 3), ("e", 2));
        var current = Counts(("a", 60), ("b", 70), ("c", 50), ("d", 1), ("e", 4));
        // d and e have expected counts 185·4/440 = 1.68 and 185·6/440 = 2.52; pooled (5, 5) is still below 5 (4.2), so it
        // joins the smallest other cell, c: (45, 55).
        // scipy.stats.chi2_contingency([[120,90,45],[60,70,55]]) -> statistic=12.68468468468469, pvalue=0.001760174473205338, dof=2
        var pooled = ChiSquareTest.TestPooled(reference, current);
        Assert.False(pooled.FisherExact);
        Assert.Equal(["d", "e"], pooled.PooledCells);
        Assert.Equal(12.68468468468469, pooled.Test.Statistic, 1e-10);
        Assert.Equal(0.001760174473205338, pooled.Test.PValue, 1e-14);
        Assert.Equal(2, pooled.Test.DegreesOfFreedom);
        // The unpooled test is SciPy's plain one: chi2_contingency([[120,90,40,3,2],[60,70,50,1,4]]) -> 14.508626273332158, dof 4
        Assert.Equal(14.508626273332158, ChiSquareTest.Test(reference, current).Statistic, 1e-10);
    }

    [Fact]
    public void Chi_square_without_sparse_cells_is_the_plain_scipy_test()
    {
        // scipy.stats.chi2_contingency([[120,90,40,30],[60,70,50,20]]) -> statistic=12.628571428571426, pvalue=0.005512735435714211
        var pooled = ChiSquareTest.TestPooled([120, 90, 40, 30], [60, 70, 50, 20]);
        Assert.Empty(pooled.PooledCells);
        Assert.Equal(12.628571428571426, pooled.Test.Statistic, 1e-10);
        Assert.Equal(0.005512735435714211, pooled.Test.PValue, 1e-14);
        Assert.Throws<KitDataException>(() => ChiSquareTest.TestPooled([1.0, 2], [3.0, 4], minimumExpected: 0));
    }

    [Fact]
    public void A_chi_square_table_too_sparse_to_pool_is_decided_by_fishers_exact_test()
    {
        // b and c (2 each) are sparse, pooled (1, 3) still is, and folding it into a leaves one cell: the table becomes
        // a against the rest, [[200, 1], [195, 3]].
        // scipy.stats.fisher_exact([[200,1],[195,3]]) -> statistic=3.076923076923077, pvalue=0.36936819473591886
        var pooled = ChiSquareTest.TestPooled(Counts(("a", 200), ("b", 1)), Counts(("a", 195), ("b", 1), ("c", 2)));
        Assert.True(pooled.FisherExact);
        Assert.Equal(["b", "c"], pooled.PooledCells);
        Assert.Equal(3.076923076923077, pooled.Test.Statistic, 1e-12);
        Assert.Equal(0.36936819473591886, pooled.Test.PValue, 1e-12);
    }

    [Theory]
    // scipy.stats.fisher_exact([[10,0],[2,8]]) -> (inf, 0.0007144558228149558)
    [InlineData(10, 0, 2, 8, double.PositiveInfinity, 0.0007144558228149558)]
    // scipy.stats.fisher_exact([[3,1],[1,3]]) -> (9.0, 0.48571428571428565)
    [InlineData(3, 1, 1, 3, 9.0, 0.48571428571428565)]
    // scipy.stats.fisher_exact([[1000,3],[980,25]]) -> (8.503401360544217, 2.439491859002512e-05)
    [InlineData(1000, 3, 980, 25, 8.503401360544217, 2.439491859002512e-05)]
    public void Fishers_exact_test_matches_scipy(long a, long b, long c, long d, double odds, double p)
    {
        var r = FisherExactTest.Test(a, b, c, d);
        Assert.Equal(odds, r.Statistic, 1e-9);
        Assert.True(Math.Abs(r.PValue - p) <= 1e-9 * p, $"p {r.PValue} vs SciPy {p}");
        Assert.Throws<KitDataException>(() => FisherExactTest.Test(-1, 0, 0, 0));
    }

    [Fact]
    public void The_detector_reports_the_pooled_categories_and_the_pooled_p_value()
    {
        var reference = new DataFrame(Strings("segment", ("a", 120), ("b", 90), ("c", 40), ("d", 3), ("e", 2)));
        var current = new DataFrame(Strings("segment", ("a", 60), ("b", 70), ("c", 50), ("d", 1), ("e", 4)));
        var s = DriftDetector.Compare(reference, current, NoPca)["segment"];
        Assert.Equal(DriftMethod.ChiSquare, s.Method);
        Assert.Equal(0.001760174473205338, s.PValue!.Value, 1e-14); // the pooled table's p (see above)
        Assert.True(s.Drifted);
        Assert.Contains("pooled (d, e)", s.Message);
    }

    [Fact]
    public void A_sparse_table_that_collapses_can_still_show_drift_through_fishers_test()
    {
        // Reference: 10 × a. Current: 2 × a, 4 × b, 4 × c. b and c are sparse (expected 2), pooled (0, 8) still is (4):
        // a against the rest = [[10, 0], [2, 8]], Fisher p = 0.0007144558228149558 (scipy, above).
        var reference = new DataFrame(Strings("segment", ("a", 10)));
        var current = new DataFrame(Strings("segment", ("a", 2), ("b", 4), ("c", 4)));
        var report = DriftDetector.Compare(reference, current, NoPca);
        var s = report["segment"];
        Assert.Equal(DriftMethod.FisherExact, s.Method);
        Assert.Equal(DriftStatus.Constant, s.Status); // the reference holds a single category
        Assert.Equal(0.0007144558228149558, s.PValue!.Value, 1e-12);
        Assert.True(s.Drifted);
        Assert.Contains("Fisher's exact test", s.Message);
        Assert.Equal(DriftVerdict.Drift, report.Verdict);
    }

    [Fact]
    public void A_single_category_on_both_sides_is_a_constant_without_drift()
    {
        var report = DriftDetector.Compare(new DataFrame(Strings("segment", ("a", 50))), new DataFrame(Strings("segment", ("a", 70))), NoPca);
        var s = report["segment"];
        Assert.Equal(DriftStatus.Constant, s.Status);
        Assert.False(s.Drifted);
        Assert.Equal(1.0, s.PValue);
        Assert.Equal(DriftVerdict.NoDrift, report.Verdict);
    }

    [Fact]
    public void A_constant_numeric_column_on_both_sides_is_no_drift_and_leaving_the_constant_is_drift()
    {
        var reference = new DataFrame(new DoubleDataFrameColumn("x", Enumerable.Repeat(5.0, 200)));
        var same = DriftDetector.Compare(reference, new DataFrame(new DoubleDataFrameColumn("x", Enumerable.Repeat(5.0, 150))), NoPca);
        Assert.Equal(DriftStatus.Constant, same["x"].Status);
        Assert.False(same["x"].Drifted);
        Assert.Equal(DriftVerdict.NoDrift, same.Verdict);
        var left = DriftDetector.Compare(reference, new DataFrame(new DoubleDataFrameColumn("x", Enumerable.Range(0, 150).Select(i => i < 100 ? 5.0 : 6.0))), NoPca);
        Assert.True(left["x"].Drifted);
        Assert.Equal(DriftVerdict.Drift, left.Verdict);
    }

    [Fact]
    public void Psi_smooths_an_empty_bin_with_epsilon_instead_of_dividing_by_zero()
    {
        // Edges {5}: reference shares 0.5 / 0.5, current 0 / 1. With ε = 1e-4 on every share:
        // (0.0001 − 0.5001)·ln(0.0001/0.5001) + (1.0001 − 0.5001)·ln(1.0001/0.5001)
        var r = PopulationStabilityIndex.ComputeWithEdges(Values(10).Select(v => v % 10).ToArray(), Enumerable.Repeat(7.0, 10).ToArray(), [5.0]);
        double expected = -0.5 * Math.Log(0.0001 / 0.5001) + 0.5 * Math.Log(1.0001 / 0.5001);
        Assert.True(double.IsFinite(r.Value));
        Assert.Equal(expected, r.Value, 1e-12);
        // A larger ε flattens the empty bin's term.
        double withBigEpsilon = -0.5 * Math.Log(0.01 / 0.51) + 0.5 * Math.Log(1.01 / 0.51);
        Assert.Equal(withBigEpsilon, PopulationStabilityIndex.ComputeWithEdges(Values(10).Select(v => v % 10).ToArray(), Enumerable.Repeat(7.0, 10).ToArray(), [5.0], epsilon: 0.01).Value, 1e-12);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void NaN_and_null_in_a_double_column_both_count_as_missing(bool asNaN)
    {
        var reference = new DataFrame(new DoubleDataFrameColumn("x", Values(200).Select(v => (double?)v)));
        var current = new DataFrame(new DoubleDataFrameColumn("x", Values(200).Select((v, i) => i % 5 < 3 ? (asNaN ? double.NaN : null) : (double?)v)));
        var x = DriftDetector.Compare(reference, current, NoPca)["x"];
        Assert.Equal(120, x.MissingValues!.CurrentMissing);
        Assert.Equal(80, x.CurrentCount); // the value test saw only the 80 finite values
        Assert.True(x.Drifted);
        // 0/200 vs 120/200 missing: 2·norm.sf(13.093073414159543) = 3.6071125385853654e-39 (scipy; the same p as
        // scipy.stats.chi2_contingency([[0,200],[120,80]], correction=False) -> 3.6071125385853896e-39, since χ² = z²)
        Assert.Equal(3.6071125385853654e-39, x.MissingValues.MissingPValue, 3.6071125385853654e-39 * 1e-6);
    }

    // ---- missing values on the DuckDB and streaming paths --------------------------------------------------------

    private static void CreateTable(DuckDBConnection conn, string table, IReadOnlyList<double?> values)
    {
        using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = $"CREATE TABLE {Kit.Data.SqlIdentifier.Quote(table)} (x DOUBLE, y DOUBLE)";
            cmd.ExecuteNonQuery();
        }
        using var app = conn.CreateAppender(table);
        for (int i = 0; i < values.Count; i++)
        {
            var row = app.CreateRow();
            if (values[i] is { } v) row.AppendValue(v); else row.AppendNullValue();
            row.AppendValue((double)(i % 50)).EndRow();
        }
    }

    [Theory]
    [InlineData("null")]
    [InlineData("nan")]
    [InlineData("inf")]
    public void DuckDb_push_down_compares_the_missing_and_infinite_shares_like_the_data_frame(string kind)
    {
        var refValues = Values(200).Select(v => (double?)v).ToArray();
        var curValues = Values(200).Select((v, i) => i % 5 < 3 ? kind switch { "null" => null, "nan" => double.NaN, _ => double.PositiveInfinity } : (double?)v).ToArray();
        using var conn = new DuckDBConnection("DataSource=:memory:");
        conn.Open();
        CreateTable(conn, "r", refValues);
        CreateTable(conn, "c", curValues);
        var sql = DuckDbDriftDetector.Compare(conn, "r", "c", NoPca);
        var mem = DriftDetector.Compare(
            new DataFrame(new DoubleDataFrameColumn("x", refValues), new DoubleDataFrameColumn("y", Values(200))),
            new DataFrame(new DoubleDataFrameColumn("x", curValues), new DoubleDataFrameColumn("y", Values(200))), NoPca);
        var x = sql["x"];
        Assert.True(x.Drifted, x.Message);
        Assert.Equal(mem["x"].MissingValues, x.MissingValues);
        Assert.Equal(mem["x"].PValue, x.PValue);
        if (kind == "inf")
        {
            Assert.Equal(120, x.MissingValues!.CurrentNonFinite);
            Assert.Contains("±∞ 0.0 % → 60.0 %", x.Message);
        }
        else
        {
            Assert.Equal(120, x.MissingValues!.CurrentMissing);
            Assert.Equal(3.6071125385853654e-39, x.MissingValues.MissingPValue, 3.6071125385853654e-39 * 1e-6); // scipy, see above
        }
        Assert.False(sql["y"].Drifted);
    }

    [Fact]
    public void DuckDb_push_down_decides_an_all_null_current_column_on_its_missing_share()
    {
        using var conn = new DuckDBConnection("DataSource=:memory:");
        conn.Open();
        CreateTable(conn, "r", Values(200).Select(v => (double?)v).ToArray());
        CreateTable(conn, "c", Enumerable.Repeat<double?>(null, 200).ToArray());
        var x = DuckDbDriftDetector.Compare(conn, "r", "c", NoPca)["x"];
        Assert.Equal(DriftMethod.MissingRate, x.Method);
        Assert.Equal(DriftStatus.Ok, x.Status);
        Assert.True(x.Drifted);
        Assert.Equal(1.0, x.Statistic, 12);
    }

    [Fact]
    public void A_column_duckdb_cannot_read_is_unreadable_and_the_verdict_inconclusive()
    {
        using var conn = new DuckDBConnection("DataSource=:memory:");
        conn.Open();
        using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = """
                CREATE TABLE r AS SELECT (i % 50)::INTEGER AS x, (i % 50)::DOUBLE AS y FROM range(200) t(i);
                CREATE TABLE raw AS SELECT CASE WHEN i = 150 THEN 'oops' ELSE (i % 50)::VARCHAR END AS s, (i % 50)::DOUBLE AS y FROM range(200) t(i);
                CREATE VIEW c AS SELECT CAST(s AS INTEGER) AS x, y FROM raw;
                """;
            cmd.ExecuteNonQuery();
        }
        var report = DuckDbDriftDetector.Compare(conn, "r", "c", NoPca);
        var x = report["x"];
        Assert.Equal(DriftStatus.Unreadable, x.Status);
        Assert.True(x.Inconclusive);
        Assert.Contains("oops", x.Message);
        Assert.Equal(DriftStatus.Ok, report["y"].Status); // the other columns are still compared
        Assert.Equal(DriftVerdict.Inconclusive, report.Verdict);
        Assert.Contains("'x' Unreadable", report.InconclusiveReason);
    }

    [Fact]
    public void The_streaming_monitor_alerts_when_a_window_goes_sixty_percent_null()
    {
        var reference = new DataFrame(new DoubleDataFrameColumn("x", Values(500).Select(v => (double?)v)));
        var monitor = DriftStreamMonitor.FromReference(reference, new DriftStreamOptions { Drift = NoPca });
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var quiet = monitor.Observe(new DataFrame(new DoubleDataFrameColumn("x", Values(200).Select(v => (double?)v))), t0)!;
        Assert.False(quiet.Alerted);
        var window = monitor.Observe(new DataFrame(new DoubleDataFrameColumn("x", Values(200).Select((v, i) => i % 5 < 3 ? null : (double?)v))), t0.AddHours(1))!;
        Assert.True(window.Alerted);
        var x = window.Report["x"];
        Assert.True(x.Drifted, x.Message);
        Assert.Equal(500, x.MissingValues!.ReferenceRows); // exact reference counts, not the reservoir
        // 0/500 vs 120/200: scipy.stats.chi2_contingency([[0,500],[120,80]], correction=False) -> p = 9.97875146583114e-81
        // (= 2·norm.sf(19.028109877684685) = 9.97875146583057e-81, the pooled two-proportion z-test)
        Assert.Equal(9.97875146583057e-81, x.MissingValues.MissingPValue, 9.97875146583057e-81 * 1e-6);

        var empty = monitor.Observe(new DataFrame(new DoubleDataFrameColumn("x", Enumerable.Repeat<double?>(null, 200))), t0.AddHours(2))!;
        Assert.Equal(DriftMethod.MissingRate, empty.Report["x"].Method);
        Assert.Equal(DriftVerdict.Drift, empty.Report.Verdict);
    }

    // ---- unreadable values on the DataFrame path ---------------------------------------------------------------

    /// <summary>A column whose values cannot be read, as a broken reader or a lazily converted source would give.</summary>
    private sealed class BrokenColumn(string name, int length) : StringDataFrameColumn(name, Enumerable.Repeat("a", length))
    {
        protected override object GetValue(long rowIndex) => rowIndex == 3 ? throw new FormatException($"row {rowIndex}: 'x7' is not a number") : base.GetValue(rowIndex);
    }

    [Fact]
    public void A_data_frame_column_whose_values_cannot_be_read_is_unreadable_and_inconclusive()
    {
        var reference = new DataFrame(Strings("segment", ("a", 20), ("b", 20)), new DoubleDataFrameColumn("y", Values(40)));
        var current = new DataFrame(new BrokenColumn("segment", 40), new DoubleDataFrameColumn("y", Values(40)));
        var report = DriftDetector.Compare(reference, current, NoPca);
        Assert.Equal(DriftStatus.Unreadable, report["segment"].Status);
        Assert.Contains("'x7' is not a number", report["segment"].Message);
        Assert.Equal(DriftVerdict.Inconclusive, report.Verdict);
        Assert.Contains("Unreadable", report.ToHtml());
    }
}
