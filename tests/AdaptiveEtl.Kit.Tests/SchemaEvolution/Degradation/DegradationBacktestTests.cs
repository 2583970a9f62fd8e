using AdaptiveEtl.Kit.SchemaEvolution.Degradation;
using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;

namespace AdaptiveEtl.Kit.Tests.SchemaEvolution.Degradation;

public sealed class DegradationBacktestTests
{
    /// <summary>Latency 100 ms until period 25, then 200 ms: with threshold 1.5 × baseline (100) the onset is period 25.</summary>
    private static FamilyPerformanceSeries StepSeries() => new(
        "orders_by_day",
        Enumerable.Range(0, 40).Select(t => t < 25 ? 100.0 : 200.0).ToArray(),
        Enumerable.Range(0, 40).Select(t => 1000.0 + 10 * t).ToArray(),
        Enumerable.Range(0, 40).Select(_ => 10.0).ToArray(),
        2,
        [new QualifiedTable("mart", "orders")]);

    /// <summary>Alarms at fixed periods and records what it was trained on, so the metrics can be worked by hand.</summary>
    private sealed class FixedAlarms(IReadOnlySet<int> alarms, List<int> trainedUpTo) : IDegradationModel
    {
        public string Name => "Fixed";
        public void Fit(IReadOnlyList<DegradationExample> examples) => trainedUpTo.Add(examples.Max(e => e.Period));
        public double[] PredictProbabilities(IReadOnlyList<DegradationExample> examples) => examples.Select(e => alarms.Contains(e.Period) ? 1.0 : 0.0).ToArray();
    }

    [Fact]
    public void Metrics_and_lead_time_match_the_hand_computation_from_the_known_onset()
    {
        // Options: baseline and lookback 8, horizon 5. Cases exist for periods 7..24 (stop at the onset, 25).
        // Label(t) = max(latency[t+1..t+5]) > 150  ⇔  t + 5 ≥ 25  ⇔  t ≥ 20: true for 20..24.
        // Origins 16 and 21 (step 5) test periods 16..24. Alarms at 17, 22, 23, 24:
        // TP = {22, 23, 24} = 3, FP = {17} = 1, FN = {20, 21} = 2, TN = {16, 18, 19} = 3.
        // Precision 3/4, recall 3/5; first alarm within the horizon before the onset is 22: lead time 25 − 22 = 3.
        var trained = new List<int>();
        var options = new DegradationOptions { Threshold = 1.5, Horizon = 5, Lookback = 8, BaselinePeriods = 8 };
        var result = DegradationBacktest.Run(() => new FixedAlarms(new HashSet<int> { 17, 22, 23, 24 }, trained), [StepSeries()], options, firstOrigin: 16, step: 5);

        Assert.Equal(2, result.Origins);
        Assert.Equal(9, result.Predictions.Count);
        Assert.Equal((3, 1, 2, 3), (result.TruePositives, result.FalsePositives, result.FalseNegatives, result.TrueNegatives));
        Assert.Equal(0.75, result.Precision, 12);
        Assert.Equal(0.6, result.Recall, 12);
        var lead = Assert.Single(result.LeadTimes);
        Assert.Equal(25, lead.Onset);
        Assert.Equal(3, lead.Periods);
        // No leakage: at origin o the training cases end at o − 1 − horizon (16 → 10, 21 → 15).
        Assert.Equal([10, 15], trained);
    }

    [Fact]
    public void FastTree_beats_the_constant_base_rate_on_the_synthetic_workload()
    {
        var sample = SyntheticDegradationSample.Generate(families: 16, periods: 120, seed: 7);
        var options = DegradationOptions.Default;
        var tree = DegradationBacktest.Run(() => new FastTreeDegradationModel(seed: 1), sample.Series, options, firstOrigin: 40, step: 10);
        var constant = DegradationBacktest.Run(() => new ConstantDegradationModel(), sample.Series, options, firstOrigin: 40, step: 10);
        TestContext.Current.TestOutputHelper?.WriteLine(tree.ToString());
        TestContext.Current.TestOutputHelper?.WriteLine(constant.ToString());

        Assert.True(tree.Brier < constant.Brier, $"{tree} vs {constant}");
        Assert.True(tree.F1 > constant.F1 + 0.3, $"{tree} vs {constant}");
        Assert.True(tree.FamilyRecall >= 0.5, tree.ToString());
        Assert.NotNull(tree.MeanLeadTime);
        Assert.InRange(tree.MeanLeadTime!.Value, 1, options.Horizon);
    }

    [Fact]
    public void Synthetic_onsets_follow_the_closed_form_when_noise_is_off()
    {
        var sample = SyntheticDegradationSample.Generate(families: 8, periods: 150, seed: 3, noise: 0);
        Assert.Contains(sample.NoiseFreeOnsets.Values, v => v is not null);
        foreach (var s in sample.Series)
        {
            // Without noise the baseline is the base latency exactly (rows are below the knee early on), so the observed
            // first degraded period is the closed-form onset (±1 for the rounding of rows).
            var observed = DegradationFeatureBuilder.FirstDegradedPeriod(s, DegradationOptions.Default);
            var expected = sample.NoiseFreeOnsets[s.Family];
            if (expected is null) Assert.True(observed is null || observed >= s.Length - 2);
            else Assert.InRange(observed!.Value, expected.Value - 1, expected.Value + 1);
        }
    }

    [Fact]
    public void Only_recommendations_for_tables_of_at_risk_families_pass_the_filter()
    {
        var orders = new QualifiedTable("mart", "orders");
        var customers = new QualifiedTable("mart", "customers");
        SchemaRecommendation Rec(string id, QualifiedTable t) => new(id, RecommendationKind.Index, t, ["c"], new Dictionary<string, string>(), [], 0.3, 100, RecommendationRisk.Low, "r");
        var risks = new[]
        {
            new FamilyDegradationRisk("a", 10, 0.8, false, [orders]),
            new FamilyDegradationRisk("b", 10, 0.2, false, [customers]),
        };
        var kept = DegradationOutlook.Filter([Rec("1", orders), Rec("2", customers), Rec("3", orders)], risks, 0.5);
        Assert.Equal(["1", "3"], kept.Select(r => r.Id));
    }

    [Fact]
    public void Mismatched_series_lengths_name_the_family()
    {
        var bad = new FamilyPerformanceSeries("f1", [1.0, 2.0], [1.0], [1.0, 1.0], 0, []);
        var e = Assert.Throws<KitDataException>(() => DegradationFeatureBuilder.Build(bad));
        Assert.Contains("f1", e.Message + e.Source);
    }
}
