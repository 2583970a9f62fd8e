using AdaptiveEtl.Kit.SchemaEvolution.Degradation;
using AdaptiveEtl.Kit.Tests.Infrastructure;

namespace AdaptiveEtl.Kit.Tests.SchemaEvolution;

public sealed class SchemaEvolutionKitTests
{
    private static string Sample(string name) => Path.Combine(RepoPaths.Root, "data-samples", name);

    [Fact]
    public void The_sample_workload_flows_from_usage_to_recommendations_to_degradation_risk()
    {
        using var kit = EtlKit.InMemory();
        var workload = kit.Schema.Workload(Sample("workload_log.csv"), Sample("access_log.jsonl"), Sample("star_catalog.json"), Sample("profile_history.json"));
        var history = kit.Schema.Profiles(Sample("profile_history.json"));
        var advice = kit.Schema.Recommend(workload, history);
        var series = kit.Schema.PerformanceSeries(workload, history);
        var backtest = kit.Schema.BacktestDegradation(series, firstOrigin: 40, step: 10);
        var risks = kit.Schema.DegradationRisks(series);
        var kept = kit.Schema.AtRisk(advice, risks);
        var replay = kit.Schema.ReplayWorkload(workload);

        Console.WriteLine($"{workload.Families.Count} families, {advice.Recommendations.Count} recommendations, {series.Count} series; {backtest}");
        foreach (var r in risks) Console.WriteLine($"  {r.Family[..Math.Min(12, r.Family.Length)]} p={r.Probability:F2} degraded={r.AlreadyDegraded} {string.Join(",", r.Tables)}");
        Console.WriteLine($"kept {kept.Count}: {string.Join("; ", kept.Select(k => k.Kind + " " + k.Table))}");

        Assert.NotEmpty(advice.Recommendations);
        Assert.NotEmpty(series);
        Assert.NotEmpty(replay);
        Assert.All(kept, k => Assert.Contains(advice.Recommendations, r => r.Id == k.Id));
        // The sample degrades three families from mid-October on (×(1 + 8·max(0, t − 0.4)²), WorkloadSample): at t = 1
        // that is ×3.88 on top of growth, far past 1.5 × baseline, so they end degraded and their tables are at risk.
        Assert.True(risks.Count(r => r.AlreadyDegraded) >= 3, string.Join(", ", risks.Select(r => $"{r.Family}:{r.Probability:F2}")));
        Assert.NotEmpty(kept);
    }
}
