using AdaptiveEtl.Kit.Drift.Multivariate;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Tests.Drift;

public class PcaReconstructionDriftTests
{
    // x = sin(0.37 i + off)·3 + i mod 7;  y = 0.8 x + cos(1.3 i + off);  z = ((31 i + ⌊10 off⌋) mod 17) / 4
    private static DataFrame Frame(int n, double off, bool flipY = false)
    {
        var x = new double[n];
        var y = new double[n];
        var z = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = Math.Sin(i * 0.37 + off) * 3 + i % 7;
            y[i] = (0.8 * x[i] + Math.Cos(i * 1.3 + off)) * (flipY ? -1 : 1);
            z[i] = ((i * 31 + (int)(off * 10)) % 17) / 4.0;
        }
        return new DataFrame(new DoubleDataFrameColumn("x", x), new DoubleDataFrameColumn("y", y), new DoubleDataFrameColumn("z", z));
    }

    [Fact]
    public void MatchesNumpyReconstructionOfTheSameProcedure()
    {
        // numpy reference (/tmp script, numpy 1.24): Z = (R - R.mean(0)) / R.std(0); U,S,Vt = np.linalg.svd(Z, full_matrices=False)
        // k = first k with cumsum(S**2)/sum(S**2) >= 0.65; P = Vt[:k].T @ Vt[:k]; err = np.linalg.norm(Z - Z @ P, axis=1)
        // chunk means over 4 chunks of 10 rows -> mean 0.9038522083712484, np.std(ddof=1) 0.10904772703422895;
        // current (off=0.5, y negated) standardized with the reference statistics -> mean error 1.967906299090473; k = 1, 0.6532712969817107
        var detector = PcaReconstructionDrift.Fit(Frame(40, 0.0), ["x", "y", "z"], [], varianceToKeep: 0.65, chunks: 4);
        Assert.Equal(1, detector.Components);
        Assert.Equal(0.6532712969817107, detector.ExplainedVariance, 1e-10);
        var result = detector.Evaluate(Frame(20, 0.5, flipY: true));
        Assert.Equal(0.9038522083712484, result.ReferenceMean, 1e-10);
        Assert.Equal(0.10904772703422895, result.ReferenceStdDev, 1e-10);
        Assert.Equal(1.967906299090473, result.ReconstructionError, 1e-10);
        Assert.True(result.Drifted); // 1.97 > 0.904 + 3·0.109
        Assert.Equal(1.0, result.Signal);
    }

    [Fact]
    public void MissingColumnInCurrentIsAClearError()
    {
        var detector = PcaReconstructionDrift.Fit(Frame(40, 0.0), ["x", "y"], [], chunks: 4);
        var ex = Assert.Throws<KitDataException>(() => detector.Evaluate(new DataFrame(new DoubleDataFrameColumn("x", [1.0, 2.0]))));
        Assert.Equal("y", ex.Column);
    }

    [Fact]
    public void RefusesToKeepEveryComponentBecauseTheErrorWouldAlwaysBeZero()
    {
        // x, y, z are not collinear (z is independent of x, y), so keeping all three needs varianceToKeep = 1 - tiny:
        // the projection would be the identity and any batch, however drifted, would reconstruct exactly.
        var ex = Assert.Throws<KitDataException>(() => PcaReconstructionDrift.Fit(Frame(40, 0.0), ["x", "y", "z"], [], varianceToKeep: 0.99999, chunks: 4));
        Assert.Contains("keeps all 3 principal components", ex.Message);
        var one = Assert.Throws<KitDataException>(() => PcaReconstructionDrift.Fit(Frame(40, 0.0), ["x"], [], chunks: 4));
        Assert.Contains("at least two usable features", one.Message);
    }
}
