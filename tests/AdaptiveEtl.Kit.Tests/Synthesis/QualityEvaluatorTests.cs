using AdaptiveEtl.Kit.Schema;
using AdaptiveEtl.Kit.Synthesis;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Tests.Synthesis;

public class QualityEvaluatorTests
{
    [Fact]
    public void KsComplementIsOneMinusTheTwoSampleKsStatistic()
    {
        // scipy 1.10: ks_2samp([0.1,0.4,0.7,1.5,2.2], [0.3,0.5,0.9,1.1,2.5,3.0]).statistic = 0.3333333333333333
        Assert.Equal(1 - 0.3333333333333333, QualityEvaluator.KsComplement([0.1, 0.4, 0.7, 1.5, 2.2], [0.3, 0.5, 0.9, 1.1, 2.5, 3.0]), 12);
        Assert.Equal(1.0, QualityEvaluator.KsComplement([1, 2, 3], [3, 2, 1]), 12);
        // Disjoint supports: the CDFs are 1 apart → score 0.
        Assert.Equal(0.0, QualityEvaluator.KsComplement([1, 2], [5, 6]), 12);
    }

    [Fact]
    public void TvComplementCountsNullAsACategory()
    {
        // p = (a .5, b .25, c .25), q = (a .25, b .5, null .25): ½(.25 + .25 + .25 + .25) = 0.5 → 1 − 0.5.
        Assert.Equal(0.5, QualityEvaluator.TvComplement(["a", "a", "b", "c"], ["a", "b", "b", null]), 12);
        Assert.Equal(1.0, QualityEvaluator.TvComplement(["a", "b"], ["b", "a"]), 12);
    }

    [Fact]
    public void CorrelationSimilarityUsesPearson()
    {
        // scipy 1.10: pearsonr([1,2,3,4],[2,1,4,3]) = 0.6; identical synthetic pair has ρ = 1 → 1 − |0.6 − 1|/2 = 0.8.
        Assert.Equal(0.8, QualityEvaluator.CorrelationSimilarity([1, 2, 3, 4], [2, 1, 4, 3], [1, 2, 3, 4], [1, 2, 3, 4]), 12);
        // scipy 1.10: pearsonr([1..5],[2.0,4.1,5.9,8.2,9.9]) = 0.9991551336721896, pearsonr([1..5],[5,3,4,1,2]) = -0.8.
        Assert.Equal(1 - (0.9991551336721896 + 0.8) / 2, QualityEvaluator.CorrelationSimilarity([1, 2, 3, 4, 5], [2.0, 4.1, 5.9, 8.2, 9.9], [1, 2, 3, 4, 5], [5, 3, 4, 1, 2]), 12);
    }

    [Fact]
    public void ContingencySimilarityIsOneMinusHalfTheL1DistanceOfJointFrequencies()
    {
        // Real: four cells of .25; synthetic: (x,u) .5 and (y,v) .5 → Σ|p − q| = 4 × .25 = 1 → 1 − ½ = 0.5.
        Assert.Equal(0.5, QualityEvaluator.ContingencySimilarity(["x", "x", "y", "y"], ["u", "v", "u", "v"], ["x", "x", "y", "y"], ["u", "u", "v", "v"]), 12);
    }

    [Fact]
    public void ReportAveragesShapesAndPairs()
    {
        var real = new DataFrame(new DoubleDataFrameColumn("n", [1.0, 2, 3, 4]), new StringDataFrameColumn("c", ["a", "a", "b", "b"]));
        var syn = new DataFrame(new DoubleDataFrameColumn("n", [1.0, 2, 3, 9]), new StringDataFrameColumn("c", ["a", "b", "b", "b"]));
        var schema = TableSchema.Infer(real);
        var report = QualityEvaluator.Evaluate(TabularData.FromFrame(real, schema), TabularData.FromFrame(syn, schema));
        // n: ECDFs differ by .25 at most (at x = 4 real 1.0 vs syn .75) → .75; c: p=(.5,.5), q=(.25,.75) → 1 − .25 = .75.
        Assert.Equal(0.75, report.ColumnShapes.Single(s => s.Column == "n").Score, 12);
        Assert.Equal(0.75, report.ColumnShapes.Single(s => s.Column == "c").Score, 12);
        // Pair (n, c): n binned into 10 bins over [1, 4]; 9 is clipped to 4 → real cells (b0,a)(b3,a)(b6,b)(b9,b),
        // synthetic (b0,a)(b3,b)(b6,b)(b9,b): differ in two cells of .25 → 1 − ½·.5 = .75.
        Assert.Equal(0.75, report.ColumnPairTrends.Single().Score, 12);
        Assert.Equal(0.75, report.Score, 12);
        Assert.Contains("Synthetic data quality", report.ToHtml());
    }

    [Fact]
    public void EmptyInputIsRejectedWithAClearError()
    {
        var real = new DataFrame(new DoubleDataFrameColumn("n", [1.0]));
        var empty = new DataFrame(new DoubleDataFrameColumn("n", Array.Empty<double>()));
        var e = Assert.Throws<KitDataException>(() => QualityEvaluator.Evaluate(TabularData.FromFrame(real), TabularData.FromFrame(empty, TableSchema.Infer(real))));
        Assert.Contains("0 rows", e.Message);
    }
}
