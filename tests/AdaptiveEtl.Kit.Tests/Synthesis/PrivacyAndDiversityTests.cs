using AdaptiveEtl.Kit.Synthesis;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Tests.Synthesis;

public class PrivacyAndDiversityTests
{
    private static TabularData Table(double[] x, string[] c) =>
        TabularData.FromFrame(new DataFrame(new DoubleDataFrameColumn("x", x), new StringDataFrameColumn("c", c)));

    [Fact]
    public void CopiesOfTrainingRowsAreFlagged()
    {
        var random = new Random(4);
        var xs = Enumerable.Range(0, 200).Select(_ => random.NextDouble() * 100).ToArray();
        var cs = Enumerable.Range(0, 200).Select(i => i % 3 == 0 ? "a" : "b").ToArray();
        var train = Table(xs[..100], cs[..100]);
        var holdout = Table(xs[100..], cs[100..]);
        var copies = Table(xs[..50], cs[..50]);
        var report = PrivacyCheck.DistanceToClosestRecord(train, holdout, copies);
        Assert.Equal(50, report.ExactCopies);
        Assert.Equal(1.0, report.ShareCloserThanHoldout);
        Assert.False(report.Passes);

        // Fresh rows from the same distribution behave like the hold-out: few are closer than its 5th percentile.
        var fresh = Table(Enumerable.Range(0, 100).Select(_ => random.NextDouble() * 100).ToArray(), Enumerable.Range(0, 100).Select(i => i % 3 == 0 ? "a" : "b").ToArray());
        var ok = PrivacyCheck.DistanceToClosestRecord(train, holdout, fresh);
        Assert.Equal(0, ok.ExactCopies);
        Assert.True(ok.ShareCloserThanHoldout < 0.2, $"share {ok.ShareCloserThanHoldout}");
    }

    [Fact]
    public void DcrUsesTheNormalisedDistance()
    {
        // x range [0, 10] → scale 0.1; categories one-hot. Hold-out DCRs: 0.5 (x = 5 vs 0 → 0.5), 0.1; synthetic 0.05.
        var train = Table([0, 10], ["a", "a"]);
        var holdout = Table([5, 9], ["a", "a"]);
        var syn = Table([9.5], ["a"]);
        var r = PrivacyCheck.DistanceToClosestRecord(train, holdout, syn);
        // 5th percentile (linear interpolation) of [0.1, 0.5] = 0.1 + 0.05·0.4 = 0.12.
        Assert.Equal(0.12, r.HoldoutFifthPercentile, 9);
        Assert.Equal(0.05, r.MedianSyntheticDcr, 9);
        Assert.Equal(1.0, r.ShareCloserThanHoldout);
    }

    [Fact]
    public void NearDuplicatesAndCoverageMoveWithCollapse()
    {
        var random = new Random(2);
        var real = Table(Enumerable.Range(0, 300).Select(_ => random.NextDouble() * 100).ToArray(), Enumerable.Range(0, 300).Select(i => "c" + (i % 5)).ToArray());
        var collapsed = Table(Enumerable.Range(0, 300).Select(_ => 50 + random.NextDouble() * 0.1).ToArray(), Enumerable.Repeat("c1", 300).ToArray());
        var diverse = DiversityMetrics.Evaluate(real, real, epsilon: 0.001);
        var narrow = DiversityMetrics.Evaluate(real, collapsed, epsilon: 0.001);
        Assert.Equal(1.0, diverse.Coverage);
        // collapsed: 1 of 5 categories and 1 of 10 populated bins → 2 / 15.
        Assert.Equal(2.0 / 15, narrow.Coverage, 12);
        Assert.Equal(1.0, narrow.NearDuplicateShare);
        Assert.True(diverse.NearDuplicateShare < 0.5);
    }
}
