using AdaptiveEtl.Kit.SchemaEvolution.Shadow;

namespace AdaptiveEtl.Kit.Tests.SchemaEvolution.Shadow;

public sealed class ReplayComparisonTests
{
    private static readonly WorkloadQuery A = new("a", "SELECT 1", 2);
    private static readonly WorkloadQuery B = new("b", "SELECT 2", 5);

    [Fact]
    public void The_gain_is_frequency_weighted_over_the_families()
    {
        // Worked by hand: before 10·2 + 4·5 = 40 ms, after 2·2 + 4·5 = 24 ms, gain 1 − 24/40 = 0.4;
        // per family: a 1 − 2/10 = 0.8, b 1 − 4/4 = 0.
        var before = new WorkloadTiming([new QueryTiming(A, 10, [10]), new QueryTiming(B, 4, [4])]);
        var after = new WorkloadTiming([new QueryTiming(A, 2, [2]), new QueryTiming(B, 4, [4])]);
        var c = new ReplayComparison(before, after);
        Assert.Equal(40, c.TotalBeforeMilliseconds, 12);
        Assert.Equal(24, c.TotalAfterMilliseconds, 12);
        Assert.Equal(0.4, c.Gain, 12);
        Assert.Equal([0.8, 0.0], c.Queries.Select(q => Math.Round(q.Gain, 12)));
    }

    [Fact]
    public void A_slower_workload_has_a_negative_gain()
    {
        var c = new ReplayComparison(new WorkloadTiming([new QueryTiming(A, 5, [5])]), new WorkloadTiming([new QueryTiming(A, 8, [8])]));
        Assert.Equal(-0.6, c.Gain, 12); // 1 − 16/10
    }

    [Fact]
    public void The_what_if_gain_weights_plan_costs_by_frequency_and_is_null_when_unavailable()
    {
        // (100 → 10)·2 + (50 → 50)·5: before 450, after 270, gain 1 − 270/450 = 0.4.
        var w = new WhatIfResult(true, null, [new WhatIfQueryCost(A, 100, 10, true), new WhatIfQueryCost(B, 50, 50, false)]);
        Assert.Equal(450, w.WeightedCostBefore, 12);
        Assert.Equal(270, w.WeightedCostAfter, 12);
        Assert.Equal(0.4, w.EstimatedGain!.Value, 12);
        Assert.Null(WhatIfResult.Unavailable("no HypoPG").EstimatedGain);
    }

    [Fact]
    public void The_workload_after_a_change_uses_each_familys_rewritten_query_where_it_has_one()
    {
        var after = WorkloadQuery.AfterChange([A with { SqlAfterChange = "SELECT n FROM mv" }, B]);
        Assert.Equal(["SELECT n FROM mv", "SELECT 2"], after.Select(q => q.Sql));
        Assert.All(after, q => Assert.Null(q.SqlAfterChange));
    }
}
