using AdaptiveEtl.Kit.Drift;
using AdaptiveEtl.Kit.Tests.Infrastructure;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Tests.Drift;

/// <summary>
/// The sample customers batches (data-samples/README.md documents how the drifted batch was generated: age 41 → 47,
/// IN 13 % → 28 %, BR 10 % → 22 %, enterprise 15 % → 3 %, spend × 1.15, later signups; activity and churn unchanged).
/// </summary>
public class CustomersSampleTests
{
    private static (DataFrame Reference, DataFrame Current) Load()
    {
        var r = RepoPaths.Sample("customers_reference.csv");
        var c = RepoPaths.Sample("customers_drifted.csv");
        if (!File.Exists(r) || !File.Exists(c)) Assert.Skip("data-samples/customers_*.csv not generated yet");
        return (EtlKit.ReadCsv(r), EtlKit.ReadCsv(c)); // the kit's one CSV loader, as kit run reads them
    }

    [Fact]
    public void DocumentedShiftsAreFoundAndStableColumnsAreNot()
    {
        var (reference, current) = Load();
        var report = DriftDetector.Compare(reference, current, DriftOptions.Default.Ignore("customer_id"));
        foreach (var drifted in new[] { "age", "country", "segment", "monthly_spend", "signup_date" })
            Assert.True(report[drifted].Drifted, drifted);
        foreach (var stable in new[] { "is_active", "churned", "last_login" })
            Assert.False(report[stable].Drifted, stable);
        Assert.Equal(DriftStatus.Skipped, report["email"].Status);
        Assert.True(report.DatasetDrifted);
        Assert.True(report.Multivariate!.Drifted);

        var segment = report["segment"].Slices.Where(s => s.IsUnderRepresented).ToArray();
        Assert.Equal("enterprise", segment[0].Category);
        Assert.InRange(segment[0].CurrentShare, 0.01, 0.06);
        var countries = report["country"].Slices.Where(s => !s.IsUnderRepresented).Select(s => s.Category).Take(2).ToHashSet();
        Assert.Equal(new HashSet<string?> { "IN", "BR" }, countries);
    }

    [Fact]
    public void ReferenceAgainstItselfDoesNotDrift()
    {
        var (reference, _) = Load();
        var half = (int)(reference.Rows.Count / 2);
        var first = reference.Filter(new PrimitiveDataFrameColumn<bool>("m", Enumerable.Range(0, (int)reference.Rows.Count).Select(i => i % 2 == 0)));
        var second = reference.Filter(new PrimitiveDataFrameColumn<bool>("m", Enumerable.Range(0, (int)reference.Rows.Count).Select(i => i % 2 == 1)));
        var report = DriftDetector.Compare(first, second, DriftOptions.Default.Ignore("customer_id"));
        Assert.False(report.DatasetDrifted, report.ToString());
        Assert.True(half > 1000);
        Assert.False(report.Multivariate!.Drifted);
    }
}
