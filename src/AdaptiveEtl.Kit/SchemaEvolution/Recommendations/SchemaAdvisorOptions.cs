namespace AdaptiveEtl.Kit.SchemaEvolution.Recommendations;

/// <summary>Thresholds of the <see cref="SchemaAdvisor"/> and its recommenders.</summary>
public sealed record SchemaAdvisorOptions
{
    /// <summary>Executions a column/family needs before it earns a recommendation.</summary>
    public long MinExecutions { get; init; } = 5;

    /// <summary>Smallest expected gain (share of the affected workload's time) worth recommending.</summary>
    public double MinGain { get; init; } = 0.05;

    /// <summary>
    /// Cost of a random page read relative to a sequential one (PostgreSQL's <c>random_page_cost</c> default 4): an index
    /// pays off when it fetches fewer than 1/RandomPageCost of the rows, and saves about 1 − RandomPageCost × selectivity.
    /// </summary>
    public double RandomPageCost { get; init; } = 4;

    /// <summary>Tables with fewer rows get no index, partitioning or clustering (a scan is cheap enough).</summary>
    public long MinTableRows { get; init; } = 10_000;

    /// <summary>Tables with fewer rows are not partitioned.</summary>
    public long MinPartitionRows { get; init; } = 100_000;

    /// <summary>A time column must span at least this many months to be a range-partitioning key.</summary>
    public int MinPartitionMonths { get; init; } = 3;

    /// <summary>Months of growth the last range partition leaves room for (beyond the current maximum).</summary>
    public int PartitionHeadroomMonths { get; init; } = 3;

    /// <summary>Rows per hash partition aimed at.</summary>
    public long TargetPartitionRows { get; init; } = 1_000_000;

    /// <summary>Headroom kept above observed values when narrowing or widening a type (0.5 = 50 %).</summary>
    public double SafetyMargin { get; init; } = 0.5;

    /// <summary>How far ahead (days) the value trends must stay within a type.</summary>
    public double HorizonDays { get; init; } = 365;

    /// <summary>Executions a query family needs to become a materialised view / pre-joined table.</summary>
    public long MinViewExecutions { get; init; } = 10;

    /// <summary>At most this many materialised views / pre-joined tables.</summary>
    public int MaxViews { get; init; } = 3;

    /// <summary>Gini coefficient from which a key counts as skewed.</summary>
    public double GiniThreshold { get; init; } = 0.5;

    /// <summary>Share of rows in the largest group from which a key counts as skewed.</summary>
    public double TopShareThreshold { get; init; } = 0.2;

    /// <summary>How many largest groups <see cref="SkewStatistics.TopShare"/> sums.</summary>
    public int TopK { get; init; } = 1;

    /// <summary>At most this many recommendations are returned (best first).</summary>
    public int MaxRecommendations { get; init; } = 50;
}
