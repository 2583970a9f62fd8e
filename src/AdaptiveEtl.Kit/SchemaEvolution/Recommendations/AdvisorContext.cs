using AdaptiveEtl.Kit.Lineage;
using AdaptiveEtl.Kit.SchemaEvolution.Profiling;
using AdaptiveEtl.Kit.SchemaEvolution.Usage;

namespace AdaptiveEtl.Kit.SchemaEvolution.Recommendations;

/// <summary>What the recommenders look at: the workload, the profile history (for trends) and value distributions of keys (for skew).</summary>
/// <param name="Workload">The workload model (its <see cref="WorkloadModel.Profiles"/> are the current statistics).</param>
/// <param name="History">Profile snapshots over time, or null (no trend checks: narrowing then needs no growth, widening is not predicted).</param>
/// <param name="Frequencies">Row counts per value of key columns (<see cref="StoreProfiler.ValueFrequenciesAsync"/>), keyed by lineage column.</param>
public sealed record AdvisorContext(WorkloadModel Workload, ProfileHistory? History, IReadOnlyDictionary<ColumnRef, IReadOnlyList<ValueFrequency>> Frequencies)
{
    /// <summary>The latest profile of a lineage table name: from the history if it has a newer one, else from the workload.</summary>
    public TableProfile? Profile(string table)
    {
        var fromWorkload = Workload.ProfileOf(table);
        var fromHistory = History is null ? null : WorkloadModel.FindProfile(History.All, table);
        return fromHistory is not null && (fromWorkload is null || fromHistory.TakenAt > fromWorkload.TakenAt) ? fromHistory : fromWorkload;
    }

    /// <summary>The table as a <see cref="QualifiedTable"/> with its stored spelling (from the profile when there is one).</summary>
    public QualifiedTable TableOf(string table) => Profile(table)?.Table ?? QualifiedTable.Parse(table);

    /// <summary>The stored spelling of a column (from the profile, else the lineage name).</summary>
    public string ColumnName(ColumnRef column) => Profile(column.Table)?.Column(column.Column)?.Column ?? column.Column;

    /// <summary>Every table with a profile: the latest snapshot of each (history and workload).</summary>
    public IReadOnlyList<TableProfile> LatestProfiles() =>
        (History?.Latest() ?? []).Concat(Workload.Profiles).GroupBy(p => p.Table).Select(g => g.OrderByDescending(p => p.TakenAt).First()).ToList();
}
