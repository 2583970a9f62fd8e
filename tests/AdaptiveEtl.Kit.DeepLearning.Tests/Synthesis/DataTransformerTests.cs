using AdaptiveEtl.Kit.DeepLearning.Synthesis.Transform;
using AdaptiveEtl.Kit.Synthesis;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.DeepLearning.Tests.Synthesis;

[Collection(TorchCollection.Name)]
public class DataTransformerTests
{
    [Fact]
    public void InverseOfTransformGivesTheDataBack()
    {
        var frame = SynthesisTestData.Mixed(300);
        // add nulls to a numeric and a categorical column
        frame.Columns["x"][3] = null;
        frame.Columns["segment"][5] = null;
        var data = TabularData.FromFrame(frame);
        var t = DataTransformer.Fit(data);
        var encoded = t.Transform(data, new Random(1));
        var back = t.InverseTransform(encoded, data.RowCount, data);
        var x = data.Numeric("x");
        var bx = back.Numeric("x");
        var (min, max) = t.RangeOf("x");
        for (var i = 0; i < data.RowCount; i++)
        {
            if (x[i] is null) { Assert.Null(bx[i]); continue; }
            // float32 offsets: error ≤ 4σ · 2⁻²³-ish; the range bounds it safely.
            Assert.Equal(x[i]!.Value, bx[i]!.Value, (max - min) * 1e-6);
        }
        Assert.Equal(data.Labels("segment"), back.Labels("segment"));
        Assert.Equal(data.Labels("active"), back.Labels("active"));
        Assert.Equal(data.Numeric("count"), back.Numeric("count"));
        Assert.Equal(data.Numeric("day"), back.Numeric("day"));
        Assert.Equal(data.Numeric("constant"), back.Numeric("constant"));
        Assert.All(back.Numeric("empty"), v => Assert.Null(v));
        // The frame conversion keeps the original column types.
        var f = back.ToFrame();
        Assert.Equal(typeof(DateTime), f.Columns["day"].DataType);
        Assert.Equal(frame.Columns["day"][0], f.Columns["day"][0]);
    }

    [Fact]
    public void LayoutHasOffsetModesAndOneHots()
    {
        var data = TabularData.FromFrame(SynthesisTestData.Mixed(300));
        var t = DataTransformer.Fit(data);
        var seg = t.Spans.Single(s => s.Column == "segment");
        Assert.Equal(3, seg.Length);
        Assert.Equal(SpanActivation.Tanh, t.Spans.First(s => s.Column == "x").Activation);
        Assert.DoesNotContain(t.Spans, s => s.Column == "empty"); // all-null column takes no space
        Assert.DoesNotContain(t.Spans, s => s.Column == "constant");
        Assert.Equal(t.Spans.Sum(s => s.Length), t.OutputDimension);
        var encoded = t.Transform(data, new Random(1));
        foreach (var s in t.Spans.Where(s => s.Activation == SpanActivation.Softmax))
            for (var r = 0; r < data.RowCount; r++)
                Assert.Equal(1f, Enumerable.Range(s.Start, s.Length).Sum(k => encoded[r * t.OutputDimension + k]));
        foreach (var s in t.Spans.Where(s => s.Activation == SpanActivation.Tanh))
            for (var r = 0; r < data.RowCount; r++)
                Assert.InRange(encoded[r * t.OutputDimension + s.Start], -0.99f, 0.99f);
    }

    [Fact]
    public void StateRoundTripsThroughJson()
    {
        var data = TabularData.FromFrame(SynthesisTestData.Mixed(200));
        var t = DataTransformer.Fit(data);
        var copy = DataTransformer.FromJson(t.ToJson());
        Assert.Equal(t.Transform(data, new Random(3)), copy.Transform(data, new Random(3)));
        Assert.Equal(t.ConditionSpans.Select(s => (s.Column, s.Length)), copy.ConditionSpans.Select(s => (s.Column, s.Length)));
    }

    [Fact]
    public void ZeroInflatedColumnGetsAPointModeDecodedExactly()
    {
        // gain: exactly 240 of 300 values are 0 (share 0.8 by construction), the other 60 a long tail exp(N(8, 1)) ≥ 1.
        var random = new Random(5);
        var gain = Enumerable.Range(0, 300).Select(i => i % 5 == 0 ? (double?)Math.Round(Math.Exp(8 + SynthesisTestData.Normal(random))) + 1 : 0).ToArray();
        var data = TabularData.FromFrame(new DataFrame(new DoubleDataFrameColumn("gain", gain)));
        var t = DataTransformer.Fit(data);
        var enc = t.Encoding("gain");
        Assert.Equal(1, enc.PointModes);
        Assert.Equal(0, enc.Means[0]);
        Assert.Equal(0.8, enc.Weights[0], 1e-12);
        Assert.True(enc.Means.Length > 1, "the tail keeps mixture modes of its own");
        var encoded = t.Transform(data, new Random(1));
        var d = t.OutputDimension;
        for (var r = 0; r < 300; r++)
        {
            Assert.Equal(gain[r] == 0 ? 1f : 0f, encoded[r * d + 1]); // mode 0 = the zeros, and only them
            if (gain[r] == 0) Assert.Equal(0f, encoded[r * d]);
        }
        Assert.Equal(gain, t.InverseTransform(encoded, 300, data).Numeric("gain").Select(v => v is { } x ? (double?)Math.Round(x) : null));
        // Any offset under the point mode decodes to exactly 0.
        var row = new float[d];
        row[0] = 0.7f;
        row[1] = 1;
        Assert.Equal(0.0, t.InverseTransform(row, 1, data).Numeric("gain")[0]);
        Assert.Equal(0.0, t.SampleInBin("gain", 0, 0, 1, new Random(2)));
    }

    private static double[] Quantiles(int n, double mean, double sd) =>
        Enumerable.Range(0, n).Select(j => mean + sd * MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, (j + 0.5) / n)).ToArray();

    private static (double W, double M, double S)[] Kept(BayesianGaussianMixture g) =>
        Enumerable.Range(0, g.Weights.Length).Where(k => g.Weights[k] > DataTransformer.WeightThreshold).Select(k => (g.Weights[k], g.Means[k], g.StdDevs[k])).OrderBy(c => c.Item2).ToArray();

    [Fact]
    public void VariationalMixtureMatchesScikitLearnOnABimodalSample()
    {
        // Reference: scikit-learn 1.2.1 (Debian python3-sklearn),
        //   q = norm.ppf((arange(300)+0.5)/300); x = concat([-10+q, 10+q])
        //   BayesianGaussianMixture(n_components=10, weight_concentration_prior_type='dirichlet_process',
        //                           weight_concentration_prior=0.001, max_iter=100, random_state=0).fit(x)
        //   kept (weight > 0.005): weights [0.4998, 0.4932], means [-9.96681855, 9.96681908], sqrt(cov) [1.28821653, 1.28821588]
        var x = Quantiles(300, -10, 1).Concat(Quantiles(300, 10, 1)).ToArray();
        var kept = Kept(BayesianGaussianMixture.Fit(x));
        Assert.Equal(2, kept.Length);
        Assert.Equal(-9.96681855, kept[0].M, 1e-4);
        Assert.Equal(9.96681908, kept[1].M, 1e-4);
        Assert.Equal(1.28821653, kept[0].S, 1e-3); // convergence tolerance and reg_covar differ slightly
        Assert.Equal(1.28821588, kept[1].S, 1e-3);
        Assert.Equal(0.5, kept[0].W, 0.01);
    }

    [Fact]
    public void VariationalMixtureMatchesScikitLearnOnThreeUnequalModes()
    {
        // Reference: scikit-learn 1.2.1, same estimator as above (random_state=0) on
        //   x = concat([-5 + 0.5·norm.ppf((arange(100)+0.5)/100), 3 + 2·norm.ppf((arange(300)+0.5)/300), 20 + norm.ppf((arange(200)+0.5)/200)])
        //   kept: weights [0.1774, 0.4830, 0.3318], means [-4.67600424, 3.10213195, 19.93704052], sqrt(cov) [1.79109886, 1.9998879, 1.49486383]
        var x = Quantiles(100, -5, 0.5).Concat(Quantiles(300, 3, 2)).Concat(Quantiles(200, 20, 1)).ToArray();
        var kept = Kept(BayesianGaussianMixture.Fit(x));
        Assert.Equal(3, kept.Length);
        Assert.Equal(-4.67600424, kept[0].M, 2e-3);
        Assert.Equal(3.10213195, kept[1].M, 2e-3);
        Assert.Equal(19.93704052, kept[2].M, 2e-3);
        Assert.Equal(1.79109886, kept[0].S, 2e-3);
        Assert.Equal(1.9998879, kept[1].S, 2e-3);
        Assert.Equal(1.49486383, kept[2].S, 2e-3);
        Assert.Equal(0.1774, kept[0].W, 0.01);
        Assert.Equal(0.4830, kept[1].W, 0.01);
    }
}
