using AdaptiveEtl.Kit.Forecasting.Arima;

namespace AdaptiveEtl.Kit.Tests.Forecasting.Arima;

/// <summary>State-space building blocks checked against closed-form results.</summary>
public sealed class ArimaStateSpaceTests
{
    [Fact]
    public void StationaryCovarianceMatchesClosedForms()
    {
        // AR(1): Var y = 1 / (1 − φ²) (Box, Jenkins & Reinsel, §3.2.4). φ = 0.999 forces the doubling path.
        foreach (var phi in new[] { 0.5, -0.8, 0.999 })
            Assert.Equal(1 / (1 - phi * phi), ArimaStateSpace.StationaryCovariance([phi], [], 1)[0], 1e-6 / (1 - phi * phi));
        // ARMA(1,1) in Harvey's form: P11 = Var y = (1 + 2φθ + θ²) / (1 − φ²), P22 = θ², P12 = φ·θ² + θ … from α2 = θ ε.
        double f = 0.6, t = 0.4;
        var p = ArimaStateSpace.StationaryCovariance([f], [t], 2);
        Assert.Equal((1 + 2 * f * t + t * t) / (1 - f * f), p[0], 1e-9);
        Assert.Equal(t * t, p[3], 1e-12);
        Assert.Equal(t, p[1], 1e-9); // Cov(y_t, θ ε_t) = θ σ²
        // MA(2): P = Σ_k R_{i+k} R_{j+k} with R = (1, θ1, θ2).
        var ma = ArimaStateSpace.StationaryCovariance([], [0.3, -0.2], 3);
        Assert.Equal(1 + 0.09 + 0.04, ma[0], 1e-12);
    }

    [Fact]
    public void ParameterTransformRoundTripsAndStaysStationary()
    {
        var raw = new[] { 2.5, -1.7, 0.3 };
        var ar = (double[])raw.Clone();
        ArimaStateSpace.PacfToAr(ar);
        Assert.True(ArimaStateSpace.IsStationary(ar));
        ArimaStateSpace.ArToPacf(ar);
        for (int i = 0; i < raw.Length; i++) Assert.Equal(raw[i], ar[i], 1e-9);
    }

    [Fact]
    public void MaInversionReflectsRoots()
    {
        // 1 + 2B has its root at −0.5: the invertible equivalent is 1 + 0.5B (R: maInvert).
        var ma = new[] { 2.0 };
        ArimaStateSpace.InvertMa(ma);
        Assert.Equal(0.5, ma[0], 1e-12);
        // (1 + 2B)(1 + 0.5B) = 1 + 2.5B + B²  ->  (1 + 0.5B)(1 + 0.5B) = 1 + B + 0.25B²
        var ma2 = new[] { 2.5, 1.0 };
        ArimaStateSpace.InvertMa(ma2);
        Assert.Equal(1.0, ma2[0], 1e-9);
        Assert.Equal(0.25, ma2[1], 1e-9);
    }

    [Fact]
    public void DifferencingPolynomial()
    {
        // (1 − B)(1 − B^4) = 1 − B − B^4 + B^5  ->  Δ = (1, 0, 0, 1, −1)
        Assert.Equal([1.0, 0, 0, 1, -1], ArimaStateSpace.Delta(new ArimaOrder(0, 1, 0, 0, 1, 0, 4)));
    }
}
