using AdaptiveEtl.Kit.Drift;
using AdaptiveEtl.Kit.Schema;
using AdaptiveEtl.Kit.Synthesis;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Tests.Synthesis;

public class BlendingTests
{
    /// <summary>A source that marks its rows so the test can see which slice they were drawn for.</summary>
    private sealed class MarkingSource : ISyntheticSource
    {
        public TableSchema Schema { get; } = new("batch", [new ColumnSchema("segment", ColumnKind.Categorical), new ColumnSchema("x", ColumnKind.Continuous)]);

        public DataFrame Sample(int rows, int seed) => Frame(Enumerable.Repeat("consumer", rows), Enumerable.Repeat(0.0, rows));

        public DataFrame SampleSlice(DriftSlice slice, int rows, int seed) =>
            slice.Category is { } c ? Frame(Enumerable.Repeat(c, rows), Enumerable.Repeat(1.0, rows)) : Frame(Enumerable.Repeat("consumer", rows), Enumerable.Repeat(slice.Lower ?? 0, rows));

        public static DataFrame Frame(IEnumerable<string> s, IEnumerable<double> x) =>
            new(new StringDataFrameColumn("segment", s), new DoubleDataFrameColumn("x", x));
    }

    private static DataFrame Batch(int rows) => MarkingSource.Frame(Enumerable.Range(0, rows).Select(i => i % 10 == 0 ? "enterprise" : "consumer"), Enumerable.Repeat(5.0, rows));

    [Theory]
    // ratio = clamp(base + scale·s, 0, max)
    [InlineData(0.0, 0.5, 0.5, 0.0, 0.0)]
    [InlineData(0.0, 0.5, 0.5, 0.6, 0.3)]
    [InlineData(0.0, 0.5, 0.5, 1.0, 0.5)]
    [InlineData(0.1, 1.0, 0.4, 0.5, 0.4)]
    [InlineData(0.1, 1.0, 0.4, 7.0, 0.4)]
    [InlineData(-0.2, 0.5, 0.5, 0.2, 0.0)]
    public void RatioGrowsWithTheSignalAndIsClamped(double b, double scale, double max, double signal, double expected) =>
        Assert.Equal(expected, new BlendingPolicy(b, scale, max).RatioFor(signal), 12);

    [Fact]
    public void DeficitFillsASliceUpToItsReferenceShare()
    {
        // (0.15 − 0.03) · 1000 / (1 − 0.15) = 141.18 → 142 rows; then (30 + 142) / (1000 + 142) = 0.1506 ≥ 0.15.
        Assert.Equal(142, SyntheticBlender.Deficit(new DriftSlice("segment", "enterprise", null, null, 0.15, 0.03), 1000));
        Assert.Equal(0, SyntheticBlender.Deficit(new DriftSlice("segment", "consumer", null, null, 0.5, 0.6), 1000));
    }

    [Fact]
    public void BlendPrioritisesUnderRepresentedSlicesAndMarksProvenance()
    {
        var blender = new SyntheticBlender(new MarkingSource());
        var slices = new[] { new DriftSlice("segment", "enterprise", null, null, 0.15, 0.10), new DriftSlice("segment", "consumer", null, null, 0.85, 0.90) };
        var result = blender.Blend(Batch(200), slices, driftSignal: 1.0, seed: 3);
        // ratio 0.5 → 100 synthetic rows; enterprise deficit ⌈0.05·200/0.85⌉ = 12, the other 88 unconditional.
        Assert.Equal(100, result.SyntheticRows);
        Assert.Equal(300, result.Frame.Rows.Count);
        Assert.Equal(12, result.RowsPerSlice.Values.Single());
        var flag = result.Frame.Columns["_synthetic"];
        Assert.All(Enumerable.Range(0, 200), i => Assert.Equal(false, flag[i]));
        Assert.All(Enumerable.Range(200, 100), i => Assert.Equal(true, flag[i]));
        Assert.Equal("enterprise", result.Frame.Columns["segment"][200]);
    }

    [Fact]
    public void SmallBudgetIsSplitProportionally()
    {
        Assert.Equal([6, 4], SyntheticBlender.Allocate([30, 20], 10));
        Assert.Equal([3, 2], SyntheticBlender.Allocate([3, 2], 10));
    }

    [Fact]
    public void FillGapsReachesTheReferenceShare()
    {
        var blender = new SyntheticBlender(new MarkingSource()) { ProvenanceColumn = "is_synthetic" };
        var result = blender.FillGaps(Batch(200), [new DriftSlice("segment", "enterprise", null, null, 0.3, 0.1)]);
        var seg = result.Frame.Columns["segment"];
        var share = Enumerable.Range(0, (int)result.Frame.Rows.Count).Count(i => (string)seg[i]! == "enterprise") / (double)result.Frame.Rows.Count;
        Assert.InRange(share, 0.3, 0.305);
        Assert.Contains(result.Frame.Columns, c => c.Name == "is_synthetic");
    }

    [Fact]
    public void BlendingTwiceIsRefused()
    {
        var blender = new SyntheticBlender(new MarkingSource());
        var once = blender.Blend(Batch(20), [], 1.0).Frame;
        var e = Assert.Throws<KitDataException>(() => blender.Blend(once, [], 1.0));
        Assert.Contains("_synthetic", e.Message);
    }
}
