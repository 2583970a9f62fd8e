using AdaptiveEtl.Kit.Forecasting;
using AdaptiveEtl.Kit.Forecasting.Conformal;
using MathNet.Numerics.Distributions;

namespace AdaptiveEtl.Kit.Tests.Forecasting.Conformal;

public sealed class ConformalTests
{
    [Fact]
    public void Winkler_score_matches_hand_computation()
    {
        // Interval [10, 20] at 80% (α = 0.2), width 10.
        // y = 15 inside: W = 10.  y = 7 below: W = 10 + (2/0.2)·(10 − 7) = 40.  y = 26 above: W = 10 + 10·6 = 70.
        Assert.Equal(10, IntervalMetrics.Winkler(15, 10, 20, 0.8), 12);
        Assert.Equal(40, IntervalMetrics.Winkler(7, 10, 20, 0.8), 12);
        Assert.Equal(70, IntervalMetrics.Winkler(26, 10, 20, 0.8), 12);
        Assert.Equal((10 + 40 + 70) / 3.0, IntervalMetrics.MeanWinkler([15, 7, 26], [10, 10, 10], [20, 20, 20], 0.8), 12);
        Assert.Equal(1 / 3.0, IntervalMetrics.Coverage([15, 7, 26], [10, 10, 10], [20, 20, 20]), 12);
        Assert.Equal(10, IntervalMetrics.MeanWidth([10, 0], [20, 10]), 12);
    }

    [Fact]
    public void Split_conformal_quantile_uses_the_finite_sample_rank()
    {
        // n = 9 residuals |r| = 1..9. α = 0.2: rank ⌈(9+1)·0.8⌉ = 8 → half-width 8. α = 0.05: ⌈10·0.95⌉ = 10 > 9 → ∞.
        var cal = new SplitConformalCalibrator([[-1.0, 2, -3, 4, -5, 6, -7, 8, -9]]);
        Assert.Equal(8, cal.HalfWidth(0.2, 0));
        Assert.True(double.IsPositiveInfinity(cal.HalfWidth(0.05, 0)));
        // α = 0.5: ⌈10·0.5⌉ = 5 → 5.
        Assert.Equal(5, cal.HalfWidth(0.5, 0));
        var f = new ForecastResult("m", "s", [100.0], [], new Dictionary<double, IReadOnlyList<double>>());
        var c = cal.Calibrate(f, new ForecastOptions { Levels = [0.8], Quantiles = [0.5] });
        Assert.Equal(92, c.Interval(0.8).Lower[0]);
        Assert.Equal(108, c.Interval(0.8).Upper[0]);
        Assert.Equal(99, c.Quantiles[0.5][0]); // median of the signed residuals is −1
    }

    [Fact]
    public void Split_conformal_coverage_is_close_to_nominal_on_exchangeable_data()
    {
        // Residuals are i.i.d. Student-t(3) (heavy tails: a Gaussian interval would be wrong, conformal is not).
        var rng = new Random(11);
        int covered = 0, trials = 2000;
        for (int trial = 0; trial < trials; trial++)
        {
            var cal = new SplitConformalCalibrator([Enumerable.Range(0, 50).Select(_ => StudentT.Sample(rng, 0, 1, 3)).ToArray()]);
            double q = cal.HalfWidth(0.1, 0), next = StudentT.Sample(rng, 0, 1, 3);
            if (Math.Abs(next) <= q) covered++;
        }
        // Theory (Lei et al. 2018, Thm 2.2): 0.9 ≤ coverage ≤ 0.9 + 1/(n+1) = 0.9196; binomial sd over 2000 trials ≈ 0.0067.
        Assert.InRange((double)covered / trials, 0.885, 0.935);
    }

    [Fact]
    public void Aci_recovers_coverage_after_a_variance_shift_where_the_static_interval_does_not()
    {
        // Calibrate on 200 N(0, 1) residuals, then the noise sd jumps to 3 for 3000 steps (seed 5).
        var rng = new Random(5);
        var calibration = Enumerable.Range(0, 200).Select(_ => Normal.Sample(rng, 0, 1)).ToList();
        var staticCal = new SplitConformalCalibrator([calibration.ToArray()]);
        double staticQ = staticCal.HalfWidth(0.1, 0);
        var aci = new AdaptiveConformalInference(0.9, gamma: 0.02);
        var window = new List<double>(calibration); // ACI quantiles of the most recent 200 scores, as in Gibbs & Candès' experiments
        int staticCovered = 0, steps = 3000, lateAci = 0, lateN = 0;
        for (int t = 0; t < steps; t++)
        {
            double r = Normal.Sample(rng, 0, 3);
            if (Math.Abs(r) <= staticQ) staticCovered++;
            double q = new SplitConformalCalibrator([window.ToArray()]).HalfWidth(aci.Alpha, 0);
            bool covered = aci.Observe(r, -q, q);
            if (t >= 1000) { lateN++; if (covered) lateAci++; }
            window.Add(r);
            window.RemoveAt(0);
        }
        double staticCoverage = (double)staticCovered / steps;
        // Static: P(|N(0,9)| ≤ 1.645) = 2Φ(0.548) − 1 ≈ 0.42, far below 0.9.
        Assert.InRange(staticCoverage, 0.35, 0.5);
        Assert.InRange((double)lateAci / lateN, 0.87, 0.93);
        Assert.InRange(aci.EmpiricalCoverage, 0.86, 0.93);
    }

    [Fact]
    public void Aci_update_rule_matches_the_paper()
    {
        // α_{t+1} = α_t + γ(α − err_t): from 0.1 with γ = 0.05, a miss gives 0.1 + 0.05·(0.1 − 1) = 0.055, a hit then 0.055 + 0.005 = 0.06.
        var aci = new AdaptiveConformalInference(0.9, 0.05);
        aci.Update(covered: false);
        Assert.Equal(0.055, aci.Alpha, 12);
        aci.Update(covered: true);
        Assert.Equal(0.06, aci.Alpha, 12);
        Assert.Equal(0.5, aci.EmpiricalCoverage);
    }
}
