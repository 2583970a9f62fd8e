using AdaptiveEtl.Kit.Drift;
using AdaptiveEtl.Kit.Drift.Streaming;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Tests.Drift;

/// <summary>
/// Verdicts that never lie: data that could not be compared makes the dataset inconclusive (never "no drift"), and the
/// share of missing and ±∞ values is a drift signal of its own.
/// </summary>
public sealed class InconclusiveVerdictTests
{
    private static double[] Values(int n, int offset = 0) => Enumerable.Range(offset, n).Select(i => (double)(i % 50)).ToArray();

    private static DoubleDataFrameColumn Col(string name, IEnumerable<double?> values) => new(name, values);

    [Fact]
    public void A_column_going_from_no_nulls_to_sixty_percent_nulls_has_drifted_though_its_values_match()
    {
        // Same value distribution (i % 50) on the non-missing rows; the current batch has 120 of 200 values null.
        var reference = new DataFrame(Col("x", Values(200).Select(v => (double?)v)));
        var current = new DataFrame(Col("x", Values(200).Select((v, i) => i % 5 < 3 ? null : (double?)v)));

        var report = DriftDetector.Compare(reference, current, DriftOptions.Default with { Multivariate = false });

        var x = report["x"];
        Assert.True(x.Drifted, x.Message);
        Assert.Equal(DriftMethod.KolmogorovSmirnov, x.Method); // the value test ran and, on its own, finds nothing
        Assert.True(x.PValue > 0.05, $"KS p {x.PValue}");
        var shift = Assert.IsType<MissingValueShift>(x.MissingValues);
        Assert.Equal(0.0, shift.ReferenceMissingRate);
        Assert.Equal(0.6, shift.CurrentMissingRate, 12);
        // scipy: pooled two-proportion z for 0/200 vs 120/200: z = -13.093073414159543,
        // 2 * scipy.stats.norm.sf(13.093073414159543) = 3.6071125385853654e-39
        Assert.Equal(3.6071125385853654e-39, shift.MissingPValue, 3.6071125385853654e-39 * 1e-6);
        Assert.Contains("missing 0.0 % → 60.0 %", x.Message);
        Assert.Equal(DriftVerdict.Drift, report.Verdict);
    }

    [Fact]
    public void A_significant_but_small_change_of_the_missing_share_is_not_drift()
    {
        // 1 % → 3 % missing on 100,000 rows: scipy gives p = 6.581293073048448e-224 (z = -31.94), far below 0.05, but the
        // change is 2 points, under MinimumMissingRateChange (5 points).
        var reference = new DataFrame(Col("x", Enumerable.Range(0, 100_000).Select(i => i % 100 == 0 ? null : (double?)(i % 50))));
        var current = new DataFrame(Col("x", Enumerable.Range(0, 100_000).Select(i => i % 100 < 3 ? null : (double?)(i % 50))));
        var x = DriftDetector.Compare(reference, current, DriftOptions.Default with { Multivariate = false })["x"];
        Assert.True(x.MissingValues!.MissingPValue < 1e-200);
        Assert.False(x.MissingValues.Drifted);
        Assert.Equal(0, x.MissingValues.Signal);
    }

    [Fact]
    public void Infinities_appearing_in_a_numeric_column_are_drift_though_the_finite_values_match()
    {
        // 100 of 200 current values are +∞; the value tests only see the finite ones (same distribution).
        var reference = new DataFrame(Col("x", Values(200).Select(v => (double?)v)));
        var current = new DataFrame(Col("x", Values(200).Select((v, i) => i % 2 == 0 ? double.PositiveInfinity : (double?)v)));
        var x = DriftDetector.Compare(reference, current, DriftOptions.Default with { Multivariate = false })["x"];
        Assert.True(x.Drifted, x.Message);
        Assert.Equal(0, x.MissingValues!.CurrentMissing);
        Assert.Equal(100, x.MissingValues.CurrentNonFinite);
        // scipy: 2 * norm.sf(11.547005383792515) = 7.643758385631121e-31 for 0/200 vs 100/200
        Assert.Equal(7.643758385631121e-31, x.MissingValues.NonFinitePValue, 7.643758385631121e-31 * 1e-6);
        Assert.Contains("±∞ 0.0 % → 50.0 %", x.Message);
    }

    [Fact]
    public void A_column_whose_current_batch_is_all_null_is_compared_on_missing_values_and_drifts()
    {
        var reference = new DataFrame(Col("x", Values(200).Select(v => (double?)v)), Col("y", Values(200).Select(v => (double?)v)));
        var current = new DataFrame(Col("x", Enumerable.Repeat<double?>(null, 200)), Col("y", Values(200).Select(v => (double?)v)));
        var report = DriftDetector.Compare(reference, current, DriftOptions.Default with { Multivariate = false, DatasetDriftShare = 0.5 });
        var x = report["x"];
        Assert.Equal(DriftStatus.Ok, x.Status);
        Assert.Equal(DriftMethod.MissingRate, x.Method);
        Assert.True(x.Drifted);
        Assert.Equal(1.0, x.Statistic, 12); // the missing share went up by 100 points
        Assert.Equal(DriftVerdict.Drift, report.Verdict); // 1 of 2 columns ≥ the 50 % dataset share
    }

    [Fact]
    public void An_empty_current_batch_is_inconclusive_never_no_drift()
    {
        var reference = new DataFrame(Col("x", Values(100).Select(v => (double?)v)));
        var current = new DataFrame(Col("x", []));
        var report = DriftDetector.Compare(reference, current);
        Assert.False(report.DatasetDrifted);
        Assert.Equal(DriftVerdict.Inconclusive, report.Verdict);
        Assert.Contains("the current data has no rows", report.InconclusiveReason);
        Assert.StartsWith("Drift: INCONCLUSIVE", report.ToString());
        Assert.Contains("Inconclusive: some data could not be compared", report.ToHtml());
    }

    [Fact]
    public void A_type_change_or_a_lost_column_makes_the_verdict_inconclusive_and_names_the_column()
    {
        var reference = new DataFrame(Col("amount", Values(200).Select(v => (double?)v)), Col("fine", Values(200).Select(v => (double?)v)), Col("lost", Values(200).Select(v => (double?)v)));
        var current = new DataFrame(new StringDataFrameColumn("amount", Values(200).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))), Col("fine", Values(200).Select(v => (double?)v)));
        var report = DriftDetector.Compare(reference, current, DriftOptions.Default with { Multivariate = false });
        Assert.Equal(0, report.DriftedColumns);
        Assert.Equal(DriftVerdict.Inconclusive, report.Verdict);
        Assert.Equal(["amount", "lost"], report.InconclusiveColumns.Select(c => c.Column));
        Assert.Contains("'amount' TypeMismatch", report.InconclusiveReason);
        Assert.Contains("'lost' MissingInCurrent", report.InconclusiveReason);
    }

    [Fact]
    public void Drift_found_elsewhere_is_still_drift_and_the_uncompared_columns_are_listed()
    {
        var reference = new DataFrame(Col("shifted", Values(200).Select(v => (double?)v)), Col("nulls", Enumerable.Repeat<double?>(null, 200)));
        var current = new DataFrame(Col("shifted", Values(200).Select(v => (double?)(v + 100))), Col("nulls", Enumerable.Repeat<double?>(null, 200)));
        var report = DriftDetector.Compare(reference, current, DriftOptions.Default with { Multivariate = false });
        Assert.Equal(DriftVerdict.Drift, report.Verdict);
        Assert.Equal(DriftStatus.Empty, report["nulls"].Status); // all null on both sides: nothing to compare
        Assert.Equal("nulls", Assert.Single(report.InconclusiveColumns).Column);
        Assert.Contains("could not be compared: nulls (Empty)", report.ToString());
    }

    [Fact]
    public void Columns_ignored_on_purpose_do_not_make_the_verdict_inconclusive()
    {
        var reference = new DataFrame(Col("x", Values(200).Select(v => (double?)v)), Col("id", Values(200).Select(v => (double?)v)));
        var current = new DataFrame(Col("x", Values(200).Select(v => (double?)v)), new StringDataFrameColumn("id", Enumerable.Repeat("a", 200)));
        var report = DriftDetector.Compare(reference, current, DriftOptions.Default.Ignore("id") with { Multivariate = false });
        Assert.Equal(DriftVerdict.NoDrift, report.Verdict);
        Assert.Null(report.InconclusiveReason);
    }

    [Fact]
    public void The_json_twin_carries_the_verdict_every_column_and_the_missing_value_shift()
    {
        var reference = new DataFrame(Col("x", Values(200).Select(v => (double?)v)), Col("lost", Values(200).Select(v => (double?)v)));
        var current = new DataFrame(Col("x", Values(200).Select((v, i) => i % 5 < 3 ? null : (double?)v)));
        var report = DriftDetector.Compare(reference, current, DriftOptions.Default with { Multivariate = false });

        using var json = System.Text.Json.JsonDocument.Parse(report.ToJson());
        var root = json.RootElement;
        Assert.Equal("drift", root.GetProperty("verdict").GetString()); // x drifted on its missing share; lost is listed
        Assert.Equal(report.ComparedColumns, root.GetProperty("compared_columns").GetInt32());
        var columns = root.GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("column").GetString()!);
        Assert.Equal(["lost", "x"], columns.Keys.Order());
        Assert.True(columns["x"].GetProperty("drifted").GetBoolean());
        Assert.Equal(0.6, columns["x"].GetProperty("missing").GetProperty("current_rate").GetDouble(), 12);
        Assert.Equal("MissingInCurrent", columns["lost"].GetProperty("status").GetString());
        Assert.True(columns["lost"].GetProperty("inconclusive").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, columns["lost"].GetProperty("statistic").ValueKind); // NaN → null
    }

    [Fact]
    public void The_streaming_monitor_keeps_at_most_max_history_windows_and_alerts_on_an_inconclusive_window()
    {
        var reference = new DataFrame(Col("x", Values(500).Select(v => (double?)v)));
        var monitor = DriftStreamMonitor.FromReference(reference, new DriftStreamOptions { MaxHistory = 3, Drift = DriftOptions.Default with { Multivariate = false } });
        var alerts = new List<DriftWindowResult>();
        monitor.Alert += (_, e) => alerts.Add(e.Window);
        var t0 = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        for (int i = 0; i < 5; i++) monitor.Observe(new DataFrame(Col("x", Values(200, i).Select(v => (double?)v))), t0.AddHours(i));
        Assert.Equal(3, monitor.History.Count);
        Assert.Equal(t0.AddHours(2), monitor.History[0].WindowEnd); // the two oldest windows were dropped
        Assert.Empty(alerts);

        monitor.Observe(new DataFrame(Col("x", [])), t0.AddHours(5)); // an empty batch: nothing could be compared
        var alert = Assert.Single(alerts);
        Assert.Equal(DriftVerdict.Inconclusive, alert.Report.Verdict);
        Assert.Equal(3, monitor.History.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => DriftStreamMonitor.FromReference(reference, new DriftStreamOptions { MaxHistory = 0 }));
    }
}
