using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;

namespace AdaptiveEtl.Kit.SchemaEvolution.Degradation;

/// <summary>
/// The measured history of one query family (normalised SQL fingerprint), one value per period (e.g. a day): its latency,
/// the rows of the tables it reads, how often it ran, and how deep it sits in the lineage graph. The input of every
/// <see cref="IDegradationModel"/>.
/// </summary>
/// <param name="Family">The family's fingerprint or name.</param>
/// <param name="LatencyMs">Latency per period (e.g. the median or p95 of the period's runs), in milliseconds.</param>
/// <param name="TableRows">Total rows of the tables the family reads, per period.</param>
/// <param name="UsageCount">How many times the family ran, per period.</param>
/// <param name="LineageDepth">Number of upstream hops of the family's deepest input in the lineage graph (0: reads sources only).</param>
/// <param name="Tables">The tables the family reads, used to relate predictions to recommendations (may be empty).</param>
public sealed record FamilyPerformanceSeries(
    string Family,
    IReadOnlyList<double> LatencyMs,
    IReadOnlyList<double> TableRows,
    IReadOnlyList<double> UsageCount,
    int LineageDepth,
    IReadOnlyList<QualifiedTable> Tables)
{
    /// <summary>Number of periods.</summary>
    public int Length => LatencyMs.Count;

    /// <summary>Checks lengths and values; throws a <see cref="KitDataException"/> naming the family, the series and the period.</summary>
    /// <exception cref="KitDataException">Lengths differ, a value is not finite, latency or rows are not positive, or usage is negative.</exception>
    public void Validate()
    {
        var source = $"query family '{Family}'";
        if (TableRows.Count != LatencyMs.Count || UsageCount.Count != LatencyMs.Count)
            throw new KitDataException($"latency has {LatencyMs.Count} periods but table rows {TableRows.Count} and usage {UsageCount.Count}; all three need one value per period.", source);
        if (LineageDepth < 0) throw new KitDataException($"lineage depth {LineageDepth} is negative.", source);
        for (int i = 0; i < LatencyMs.Count; i++)
        {
            if (!double.IsFinite(LatencyMs[i]) || LatencyMs[i] <= 0)
                throw new KitDataException($"latency {LatencyMs[i]} ms is not a positive number.", source, "latency_ms", i);
            if (!double.IsFinite(TableRows[i]) || TableRows[i] <= 0)
                throw new KitDataException($"table rows {TableRows[i]} is not a positive number.", source, "table_rows", i);
            if (!double.IsFinite(UsageCount[i]) || UsageCount[i] < 0)
                throw new KitDataException($"usage count {UsageCount[i]} is not a non-negative number.", source, "usage_count", i);
        }
    }
}
