using AdaptiveEtl.Kit.Drift;
using AdaptiveEtl.Kit.Drift.Statistics;
using AdaptiveEtl.Kit.Schema;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Tests.Drift;

public class DriftDetectorTests
{
    // System.Random's seeded (Knuth subtractive) streams are visibly correlated for neighbouring seeds; scramble them.
    internal static Random Rng(int seed) => new((int)((uint)seed * 2654435761u % int.MaxValue));

    internal static double[] Normal(int n, double mean, double sd, int seed)
    {
        var rng = Rng(seed);
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            // Box–Muller
            double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
            x[i] = mean + sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
        return x;
    }

    internal static string[] Categories(int n, (string Label, double Share)[] mix, int seed)
    {
        var rng = Rng(seed);
        var result = new string[n];
        for (int i = 0; i < n; i++)
        {
            double u = rng.NextDouble(), acc = 0;
            result[i] = mix[^1].Label;
            foreach (var (label, share) in mix)
            {
                acc += share;
                if (u < acc) { result[i] = label; break; }
            }
        }
        return result;
    }

    private static DataFrame Frame(int n, double shift, (string, double)[] segmentMix, int seed) => new(
        new DoubleDataFrameColumn("income", Normal(n, 50 + shift, 10, seed)),
        new StringDataFrameColumn("segment", Categories(n, segmentMix, seed + 1)),
        new BooleanDataFrameColumn("active", Categories(n, [("t", 0.7), ("f", 0.3)], seed + 2).Select(s => s == "t")));

    private static readonly (string, double)[] BaseMix = [("consumer", 0.6), ("smb", 0.25), ("enterprise", 0.15)];
    private static readonly (string, double)[] LostEnterprise = [("consumer", 0.7), ("smb", 0.27), ("enterprise", 0.03)];

    [Fact]
    public void SmallSamplesUseTestsAndAgreeWithTheStandaloneTests()
    {
        var reference = Frame(500, 0, BaseMix, 1);
        var current = Frame(400, 3, LostEnterprise, 11);
        var report = DriftDetector.Compare(reference, current);

        var income = report["income"];
        Assert.Equal(DriftMethod.KolmogorovSmirnov, income.Method);
        var ks = KolmogorovSmirnov.Test(((DoubleDataFrameColumn)reference.Columns["income"]).Select(v => v!.Value).ToArray(),
            ((DoubleDataFrameColumn)current.Columns["income"]).Select(v => v!.Value).ToArray());
        Assert.Equal(ks.Statistic, income.Statistic, 12);
        Assert.Equal(ks.PValue, income.PValue!.Value, 12);
        Assert.True(income.Drifted); // a 0.3σ shift with 500 vs 400 rows
        Assert.Equal(DriftMethod.ChiSquare, report["segment"].Method);
        Assert.True(report["segment"].Drifted);
        Assert.Equal(DriftMethod.ZTest, report["active"].Method);
        Assert.False(report["active"].Drifted); // same 70/30 mix
        Assert.True(report.DatasetDrifted); // 2 of 3 ≥ 0.5
        Assert.Equal(2.0 / 3, report.DriftedShare, 12);
    }

    [Fact]
    public void LargeSamplesUseDistances()
    {
        var report = DriftDetector.Compare(Frame(3000, 0, BaseMix, 2), Frame(3000, 0.2, BaseMix, 22));
        Assert.Equal(DriftMethod.Wasserstein, report["income"].Method);
        Assert.Equal(DriftMethod.JensenShannon, report["segment"].Method);
        Assert.Equal(DriftMethod.JensenShannon, report["active"].Method);
        Assert.False(report["income"].Drifted); // 0.02σ shift is under the 0.1 threshold
        Assert.False(report.DatasetDrifted);
        Assert.All(report.Columns, c => Assert.NotNull(c.Psi));
    }

    [Fact]
    public void SlicesThatLostMassComeFirst()
    {
        var report = DriftDetector.Compare(Frame(3000, 0, BaseMix, 3), Frame(3000, 0, LostEnterprise, 33));
        var lost = report["segment"].Slices.Where(s => s.IsUnderRepresented).ToArray();
        Assert.Equal("enterprise", lost[0].Category);
        Assert.InRange(lost[0].ShareChange, -0.15, -0.09);
        Assert.Equal(report["segment"].Slices.Select(s => Math.Abs(s.ShareChange)).OrderByDescending(x => x), report["segment"].Slices.Select(s => Math.Abs(s.ShareChange)));
        Assert.Contains(report.LostSlices, s => s.Category == "enterprise");
    }

    [Fact]
    public void OverridesAreFluentAndComposable()
    {
        var options = DriftOptions.Default.ForColumn("income", DriftMethod.Psi, threshold: 0.2).ForColumn("segment", DriftMethod.JensenShannon).Ignore("active");
        Assert.Empty(DriftOptions.Default.Rules); // the fluent calls above returned copies
        var report = DriftDetector.Compare(Frame(500, 0, BaseMix, 4), Frame(500, 8, BaseMix, 44), options);
        Assert.Equal(DriftMethod.Psi, report["income"].Method);
        Assert.Equal(0.2, report["income"].Threshold);
        Assert.Equal(report["income"].Psi!.Value, report["income"].Statistic);
        Assert.True(report["income"].Drifted); // 0.8σ shift: PSI well above 0.2
        Assert.Equal(DriftMethod.JensenShannon, report["segment"].Method);
        Assert.Equal(DriftStatus.Skipped, report["active"].Status);
        Assert.Equal(2, report.ComparedColumns);
    }

    [Fact]
    public void BadColumnsGetAStatusNotAnException()
    {
        var reference = new DataFrame(
            new DoubleDataFrameColumn("all_nan", [double.NaN, double.NaN, double.NaN]),
            new DoubleDataFrameColumn("constant", [5.0, 5, 5]),
            new DoubleDataFrameColumn("only_in_reference", [1.0, 2, 3]),
            new DoubleDataFrameColumn("mixed", [1.0, 2, 3]),
            new DoubleDataFrameColumn("nulls", [null, null, null]),
            new DoubleDataFrameColumn("fine", [1.0, 2, 3]));
        var current = new DataFrame(
            new DoubleDataFrameColumn("all_nan", [1.0, 2]),
            new DoubleDataFrameColumn("constant", [5.0, 6]),
            new StringDataFrameColumn("mixed", ["a", "b"]),
            new DoubleDataFrameColumn("nulls", [1.0, 2]),
            new DoubleDataFrameColumn("fine", [1.0, 2]),
            new StringDataFrameColumn("only_in_current", ["x", "y"]));
        var report = DriftDetector.Compare(reference, current);
        // No comparable value in the reference: compared on the missing share alone (100 % → 0 %, z-test p = 0.025 for 3 vs 2
        // rows: 2 * scipy.stats.norm.sf(2.23606797749979) = 0.025347318677468252), which drifted.
        Assert.Equal(DriftMethod.MissingRate, report["all_nan"].Method);
        Assert.True(report["all_nan"].Drifted);
        Assert.Equal(0.025347318677468252, report["all_nan"].PValue!.Value, 9);
        Assert.Equal(DriftMethod.MissingRate, report["nulls"].Method);
        Assert.Equal(DriftStatus.Constant, report["constant"].Status);
        Assert.Contains("constant", report["constant"].Message);
        Assert.Equal(DriftStatus.MissingInCurrent, report["only_in_reference"].Status);
        Assert.Equal(DriftStatus.MissingInReference, report["only_in_current"].Status);
        Assert.Equal(DriftStatus.TypeMismatch, report["mixed"].Status);
        Assert.Contains("String", report["mixed"].Message);
        Assert.Equal(DriftStatus.Ok, report["fine"].Status);
        Assert.Contains("TypeMismatch", report.ToHtml());
        Assert.Equal(["only_in_reference", "mixed", "only_in_current"], report.InconclusiveColumns.Select(c => c.Column));
    }

    [Fact]
    public void EmptyFramesGiveEmptyStatusesAndAnInconclusiveVerdict()
    {
        var reference = Frame(100, 0, BaseMix, 5);
        var empty = new DataFrame(new DoubleDataFrameColumn("income", 0), new StringDataFrameColumn("segment", 0), new BooleanDataFrameColumn("active", 0));
        var report = DriftDetector.Compare(reference, empty);
        Assert.All(report.Columns, c => Assert.Equal(DriftStatus.Empty, c.Status));
        Assert.False(report.DatasetDrifted);
        Assert.Equal(DriftVerdict.Inconclusive, report.Verdict); // never "no drift" on data that could not be compared
        Assert.Null(report.Multivariate);
        Assert.NotNull(report.MultivariateNote);
    }

    [Fact]
    public void ConstantReferenceFlagsACurrentThatLeftTheConstant()
    {
        var reference = new DataFrame(new DoubleDataFrameColumn("c", Enumerable.Repeat(5.0, 200)));
        var same = DriftDetector.Compare(reference, new DataFrame(new DoubleDataFrameColumn("c", Enumerable.Repeat(5.0, 100))));
        Assert.Equal(DriftStatus.Constant, same["c"].Status);
        Assert.False(same["c"].Drifted);
        var moved = DriftDetector.Compare(reference, new DataFrame(new DoubleDataFrameColumn("c", Enumerable.Repeat(5.0, 50).Concat(Enumerable.Repeat(7.0, 50)))));
        Assert.True(moved["c"].Drifted);
        Assert.Contains(moved["c"].Slices, s => s.Category == "= 5" && s.IsUnderRepresented);
    }

    [Fact]
    public void TextColumnsAreSkippedWithAReason()
    {
        var emails = Enumerable.Range(0, 300).Select(i => $"user{i}@example.com").ToArray();
        var report = DriftDetector.Compare(new DataFrame(new StringDataFrameColumn("email", emails)), new DataFrame(new StringDataFrameColumn("email", emails.Reverse())));
        Assert.Equal(ColumnKind.Text, report["email"].Kind);
        Assert.Equal(DriftStatus.Skipped, report["email"].Status);
    }

    [Fact]
    public void SignalIsHalfAtTheThreshold()
    {
        Assert.Equal(0.5, DriftSignal.FromPValue(0.05, 0.05), 12);
        Assert.Equal(0, DriftSignal.FromPValue(1, 0.05), 12);
        Assert.Equal(1, DriftSignal.FromPValue(0.0025, 0.05), 12);
        Assert.Equal(0.5, DriftSignal.FromDistance(0.1, 0.1), 12);
        Assert.Equal(1, DriftSignal.FromDistance(0.5, 0.1), 12);
        var report = DriftDetector.Compare(Frame(500, 0, BaseMix, 6), Frame(500, 5, LostEnterprise, 66));
        Assert.All(report.Columns.Where(c => c.Compared), c => Assert.Equal(c.Drifted, c.Signal >= 0.5));
        Assert.InRange(report.Signal, 0, 1);
    }

    [Fact]
    public void MultivariateDetectorCatchesABrokenCorrelationThatMarginalsMiss()
    {
        static DataFrame Correlated(int n, bool correlated, int seed)
        {
            var x = Normal(n, 0, 1, seed);
            var noise = Normal(n, 0, 0.3, seed + 1);
            var other = Normal(n, 0, 1, seed + 2);
            var y = new double[n];
            for (int i = 0; i < n; i++) y[i] = correlated ? 0.95 * x[i] + noise[i] : 0.95 * other[i] + noise[i];
            return new DataFrame(new DoubleDataFrameColumn("x", x), new DoubleDataFrameColumn("y", y));
        }
        var reference = Correlated(2000, true, 7);
        var same = DriftDetector.Compare(reference, Correlated(1000, true, 77));
        var broken = DriftDetector.Compare(reference, Correlated(1000, false, 777));
        Assert.NotNull(same.Multivariate);
        Assert.Equal(1, same.Multivariate!.Components); // 2 strongly correlated features: one component passes 65 %
        Assert.False(same.Multivariate.Drifted);
        Assert.True(broken.Multivariate!.Drifted);
        Assert.False(broken["x"].Drifted); // marginals unchanged
        Assert.False(broken["y"].Drifted);
    }

    [Fact]
    public void ReportRendersAndSavesAtomically()
    {
        var report = DriftDetector.Compare(Frame(300, 0, BaseMix, 8), Frame(300, 6, LostEnterprise, 88));
        var html = report.ToHtml();
        Assert.StartsWith("<div", html);
        Assert.DoesNotContain("<html", html);
        Assert.Contains("Dataset drift detected", html);
        Assert.Contains("enterprise", html);
        var dir = Path.Combine(Path.GetTempPath(), "aek-drift-" + Guid.NewGuid().ToString("N"));
        try
        {
            var path = Path.Combine(dir, "sub", "report.html");
            report.SaveHtml(path, "Customers <drift>");
            var page = File.ReadAllText(path);
            Assert.StartsWith("<!DOCTYPE html>", page);
            Assert.Contains("Customers &lt;drift&gt;", page);
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void ColumnWeightsDriveTheDatasetSignalAndBadOverridesAreRejected()
    {
        var reference = Frame(500, 0, BaseMix, 9);
        var current = Frame(500, 6, BaseMix, 99); // income drifts, segment does not
        var even = DriftDetector.Compare(reference, current, DriftOptions.Default.Ignore("active"));
        var heavy = DriftDetector.Compare(reference, current, DriftOptions.Default.Ignore("active").ForColumn("income", DriftMethod.Auto, weight: 3));
        double expected = (3 * heavy["income"].Signal + heavy["segment"].Signal) / 4; // weighted mean, DriftSignal docs
        Assert.Equal(expected, heavy.Signal, 12);
        Assert.True(heavy.Signal > even.Signal);
        Assert.Throws<ArgumentOutOfRangeException>(() => DriftOptions.Default.ForColumn("x", DriftMethod.Psi, threshold: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => DriftOptions.Default.ForColumn("x", DriftMethod.Psi, weight: double.NaN));
    }

    [Fact]
    public void DateTimeSlicesAreLabelledWithDates()
    {
        var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var reference = new DataFrame(new PrimitiveDataFrameColumn<DateTime>("at", Enumerable.Range(0, 300).Select(i => start.AddDays(i))));
        var current = new DataFrame(new PrimitiveDataFrameColumn<DateTime>("at", Enumerable.Range(0, 300).Select(i => start.AddDays(150 + i))));
        var report = DriftDetector.Compare(reference, current);
        Assert.Equal(ColumnKind.DateTime, report["at"].Kind);
        Assert.True(report["at"].Drifted);
        var lost = report.LostSlices[0];
        Assert.Matches(@"^in \[(-inf|\d{4}-\d{2}-\d{2}), \d{4}-\d{2}-\d{2}( \d{2}:\d{2})?\)$", report.SliceLabel(lost));
        Assert.Contains("2025-", report["at"].Psi!.Bins[1].Label);
    }
}
