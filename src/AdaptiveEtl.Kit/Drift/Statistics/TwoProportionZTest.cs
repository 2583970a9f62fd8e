using MathNet.Numerics.Distributions;

namespace AdaptiveEtl.Kit.Drift.Statistics;

/// <summary>
/// Two-proportion z-test with pooled variance for binary columns: z = (p₁ − p₂) / sqrt(p̂(1 − p̂)(1/n₁ + 1/n₂)),
/// p̂ = (x₁ + x₂)/(n₁ + n₂), two-sided p = 2(1 − Φ(|z|)) (Agresti, "Categorical Data Analysis", 3rd ed., §2.1.6;
/// Evidently's <c>z</c> test).
/// </summary>
public static class TwoProportionZTest
{
    /// <summary>Tests whether the share of successes differs between reference (x₁ of n₁) and current (x₂ of n₂).</summary>
    /// <exception cref="KitDataException">A sample is empty or a count is out of range.</exception>
    public static TestResult Test(long referenceSuccesses, long referenceTotal, long currentSuccesses, long currentTotal)
    {
        if (referenceTotal <= 0 || currentTotal <= 0) throw new KitDataException($"the z-test needs non-empty samples; got {referenceTotal} and {currentTotal} values.");
        if (referenceSuccesses < 0 || referenceSuccesses > referenceTotal || currentSuccesses < 0 || currentSuccesses > currentTotal)
            throw new KitDataException($"the z-test needs 0 ≤ successes ≤ total; got {referenceSuccesses}/{referenceTotal} and {currentSuccesses}/{currentTotal}.");
        double p1 = (double)referenceSuccesses / referenceTotal, p2 = (double)currentSuccesses / currentTotal;
        double pooled = (double)(referenceSuccesses + currentSuccesses) / (referenceTotal + currentTotal);
        double se = Math.Sqrt(pooled * (1 - pooled) * (1.0 / referenceTotal + 1.0 / currentTotal));
        if (se == 0) return new TestResult(0, 1);
        double z = (p1 - p2) / se;
        return new TestResult(z, Math.Clamp(2 * Normal.CDF(0, 1, -Math.Abs(z)), 0, 1));
    }
}
