using System.Globalization;
using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Data;
using AdaptiveEtl.Kit.Drift;
using AdaptiveEtl.Kit.Drift.Reporting;

namespace AdaptiveEtl.Kit.Tests.Drift.Reporting;

/// <summary>
/// The report of one comparison: its summary numbers against counts taken here straight from the CSV text, its checks'
/// pass/fail against their values and thresholds, inconclusive checks never shown as passes, and the JSON twin carrying
/// the same summary and checks.
/// </summary>
public sealed class DriftDatasetReportTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("kit-drift-dataset-");

    public void Dispose() => folder.Delete(recursive: true);

    /// <summary>
    /// Reference: 400 rows of id, amount (10 + i mod 20), plan (basic/pro/team/legacy), score (i mod 50), region.
    /// Current: 300 rows; amount shifted by +30 and empty in every third row, plan 'legacy' replaced by 'trial', score
    /// unchanged, region dropped, channel added.
    /// </summary>
    private (string Reference, string Current) WriteInputs()
    {
        string[] refPlans = ["basic", "pro", "team", "legacy"], curPlans = ["basic", "pro", "team", "trial"];
        var reference = new List<string> { "id,amount,plan,score,region" };
        for (int i = 0; i < 400; i++)
            reference.Add(string.Create(CultureInfo.InvariantCulture, $"{i},{10 + i % 20}.5,{refPlans[i % 4]},{i % 50},{(i % 7 == 0 ? "" : "eu")}"));
        var current = new List<string> { "id,amount,plan,score,channel" };
        for (int i = 0; i < 300; i++)
            current.Add(string.Create(CultureInfo.InvariantCulture, $"{1000 + i},{(i % 3 == 0 ? "" : (40 + i % 20) + ".5")},{curPlans[i % 4]},{i % 50},web"));
        var r = Path.Combine(folder.FullName, "reference.csv");
        var c = Path.Combine(folder.FullName, "current.csv");
        File.WriteAllLines(r, reference);
        File.WriteAllLines(c, current);
        return (r, c);
    }

    /// <summary>Counts read from the CSV text itself (no quoting in these files): header, rows, empty fields per column, distinct values of a column.</summary>
    private static (string[] Header, int Rows, Dictionary<string, int> Empty, Func<string, HashSet<string>> Values) Count(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        var empty = header.Select((h, i) => (h, n: rows.Count(r => r[i].Length == 0))).ToDictionary(p => p.h, p => p.n);
        return (header, rows.Length, empty, name => rows.Select(r => r[Array.IndexOf(header, name)]).Where(v => v.Length > 0).ToHashSet());
    }

    [Fact]
    public void Summary_numbers_match_counts_taken_from_the_input_files()
    {
        var (refPath, curPath) = WriteInputs();
        var reference = CsvFrame.Read(refPath);
        var current = CsvFrame.Read(curPath);
        var options = DriftOptions.Default.Ignore("id") with { Multivariate = false };
        var report = DriftDatasetReport.Create("accounts", reference, current, DriftDetector.Compare(reference, current, options), options);

        var r = Count(refPath);
        var c = Count(curPath);
        var s = report.Summary;
        Assert.Equal(r.Rows, s.ReferenceRows);
        Assert.Equal(c.Rows, s.CurrentRows);
        Assert.Equal(r.Header.Length, s.ReferenceColumns);
        Assert.Equal(c.Header.Length, s.CurrentColumns);
        Assert.Equal(r.Empty.Values.Sum(), s.ReferenceMissing);
        Assert.Equal(c.Empty.Values.Sum(), s.CurrentMissing);
        Assert.Equal((double)r.Empty.Values.Sum() / (r.Rows * r.Header.Length), s.ReferenceMissingShare, 12);
        Assert.Equal(c.Empty["amount"], s.Columns.Single(x => x.Column == "amount").CurrentMissing);
        Assert.Equal(c.Header.Except(r.Header), s.AddedColumns);
        Assert.Equal(r.Header.Except(c.Header), s.RemovedColumns);
        var plan = s.Columns.Single(x => x.Column == "plan");
        Assert.Equal(c.Values("plan").Except(r.Values("plan")).Order(), plan.NewCategories.Order());
        Assert.Equal(r.Values("plan").Except(c.Values("plan")).Order(), plan.LostCategories.Order());
        Assert.Equal(["trial"], plan.NewCategories);
        Assert.Equal(["legacy"], plan.LostCategories);
        // the ignored identifier is not searched for categories, though all its values are "new"
        Assert.Empty(s.Columns.Single(x => x.Column == "id").NewCategories);

        // the distribution pictures cover the same non-missing values
        var amount = report.Distributions["amount"];
        Assert.Equal(r.Rows - r.Empty["amount"], amount.ReferenceTotal);
        Assert.Equal(c.Rows - c.Empty["amount"], amount.CurrentTotal);
        Assert.Equal(r.Values("plan").Union(c.Values("plan")).Order(), report.Distributions["plan"].Labels.Order());
    }

    [Fact]
    public void Checks_pass_and_fail_by_their_thresholds_and_an_uncomparable_column_is_inconclusive()
    {
        var (refPath, curPath) = WriteInputs();
        var reference = CsvFrame.Read(refPath);
        var current = CsvFrame.Read(curPath);
        var options = DriftOptions.Default.Ignore("id") with { Multivariate = false };
        var drift = DriftDetector.Compare(reference, current, options);
        var report = DriftDatasetReport.Create("accounts", reference, current, drift, options);

        foreach (var check in report.Checks.Where(k => k.Status != CheckStatus.Inconclusive))
        {
            bool crossed = check.Rule.StartsWith("fail when p <", StringComparison.Ordinal) ? check.Value < check.Threshold
                : check.Rule.StartsWith("fail when PSI ≥", StringComparison.Ordinal) || check.Rule.StartsWith("fail when share ≥", StringComparison.Ordinal) ? check.Value >= check.Threshold
                : check.Rule.StartsWith("fail when distance >", StringComparison.Ordinal) ? check.Value > check.Threshold
                : check.Rule.StartsWith("fail when |change| ≥", StringComparison.Ordinal) ? Math.Abs(check.Value) >= check.Threshold && drift[check.Column!].MissingValues!.MissingPValue < options.PValueThreshold
                : throw new Xunit.Sdk.XunitException($"unexpected rule '{check.Rule}' of {check.Name}");
            Assert.True(crossed == (check.Status == CheckStatus.Fail), $"{check.Name}: {check.Value} vs {check.Threshold} ({check.Rule}) is {check.Status}");
        }

        // amount moved by +30 on a 0–19 spread: KS p ≈ 0 against 0.05
        var amount = report.Checks.Single(k => k.Name == "amount: drift test");
        Assert.Equal(CheckStatus.Fail, amount.Status);
        Assert.Equal(0.05, amount.Threshold);
        // amount's missing share 0 → 100/300 (every third row empty): change 1/3 ≥ 0.05
        var missing = report.Checks.Single(k => k.Name == "amount: missing share change");
        Assert.Equal(1.0 / 3, missing.Value, 12);
        Assert.Equal(CheckStatus.Fail, missing.Status);
        // score has the same values (i mod 50) on both sides
        Assert.Equal(CheckStatus.Pass, report.Checks.Single(k => k.Name == "score: drift test").Status);
        Assert.Equal(CheckStatus.Pass, report.Checks.Single(k => k.Name == "score: missing share change").Status);
        // region is gone, channel is new: no verdict for either, and never a pass
        Assert.Equal(CheckStatus.Inconclusive, report.Checks.Single(k => k.Name == "region: drift test").Status);
        Assert.Equal(CheckStatus.Inconclusive, report.Checks.Single(k => k.Name == "channel: drift test").Status);
        Assert.DoesNotContain(report.Checks, k => k.Column == "id");
        // amount and plan drifted of amount, plan, score: 2/3 ≥ 0.5
        var share = report.Checks.Single(k => k.Name == "dataset drift share");
        Assert.Equal(2.0 / 3, share.Value, 12);
        Assert.Equal(0.5, share.Threshold);
        Assert.Equal(CheckStatus.Fail, share.Status);

        var html = report.ToHtml();
        Assert.Equal(report.Checks.Count(k => k.Status == CheckStatus.Inconclusive), Occurrences(html, "data-check-status=\"inconclusive\""));
        Assert.Equal(report.Checks.Count(k => k.Status == CheckStatus.Fail), Occurrences(html, "data-check-status=\"fail\""));
        Assert.Equal(report.Checks.Count(k => k.Status == CheckStatus.Pass), Occurrences(html, "data-check-status=\"pass\""));
        Assert.Equal(report.Distributions.Count, Occurrences(html, "class=\"kit-sparkline\""));
    }

    [Fact]
    public void A_dataset_without_drift_but_with_a_lost_column_is_inconclusive_not_passed()
    {
        var lines = Enumerable.Range(0, 200).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i % 40},{i % 3}")).ToArray();
        var r = Path.Combine(folder.FullName, "r.csv");
        var c = Path.Combine(folder.FullName, "c.csv");
        File.WriteAllLines(r, ["x,y", .. lines]);
        File.WriteAllLines(c, ["x", .. lines.Select(l => l.Split(',')[0])]);
        var reference = CsvFrame.Read(r);
        var current = CsvFrame.Read(c);
        var options = DriftOptions.Default with { Multivariate = false };
        var report = DriftDatasetReport.Create("t", reference, current, DriftDetector.Compare(reference, current, options), options);

        var share = report.Checks.Single(k => k.Name == "dataset drift share");
        Assert.Equal(0.0, share.Value);
        Assert.Equal(CheckStatus.Inconclusive, share.Status);
        Assert.Contains("'y' MissingInCurrent", share.Detail);
        Assert.Equal(CheckStatus.Pass, report.Checks.Single(k => k.Name == "x: drift test").Status);
    }

    [Fact]
    public void The_json_twin_carries_the_same_summary_checks_and_drift()
    {
        var (refPath, curPath) = WriteInputs();
        var reference = CsvFrame.Read(refPath);
        var current = CsvFrame.Read(curPath);
        var options = DriftOptions.Default.Ignore("id") with { Multivariate = false };
        var report = DriftDatasetReport.Create("accounts", reference, current, DriftDetector.Compare(reference, current, options), options);

        var json = JsonNode.Parse(report.ToJson().ToJsonString())!;
        Assert.Equal("accounts", (string?)json["name"]);
        var summary = json["summary"]!;
        Assert.Equal(report.Summary.ReferenceRows, (long)summary["reference_rows"]!);
        Assert.Equal(report.Summary.CurrentMissing, (long)summary["current_missing"]!);
        Assert.Equal(["channel"], summary["added_columns"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(["trial"], summary["columns"]!.AsArray().Single(x => (string?)x!["column"] == "plan")!["new_categories"]!.AsArray().Select(v => (string)v!));
        var checks = json["checks"]!.AsArray();
        Assert.Equal(report.Checks.Count, checks.Count);
        for (int i = 0; i < checks.Count; i++)
        {
            var k = report.Checks[i];
            Assert.Equal(k.Name, (string?)checks[i]!["name"]);
            Assert.Equal(k.Status.ToString().ToLowerInvariant(), (string?)checks[i]!["status"]);
            Assert.Equal(k.Rule, (string?)checks[i]!["rule"]);
            if (double.IsFinite(k.Value)) Assert.Equal(k.Value, (double)checks[i]!["value"]!);
            else Assert.Null(checks[i]!["value"]);
            if (double.IsFinite(k.Threshold)) Assert.Equal(k.Threshold, (double)checks[i]!["threshold"]!);
        }
        Assert.Equal(report.Failed, (int)json["checks_failed"]!);
        Assert.Equal(report.Inconclusive, (int)json["checks_inconclusive"]!);
        Assert.Equal("drift", (string?)json["drift"]!["verdict"]);
        Assert.Equal(report.Distributions.Count, json["distributions"]!.AsArray().Count);
    }

    private static int Occurrences(string text, string what)
    {
        int n = 0;
        for (int i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal)) n++;
        return n;
    }
}
