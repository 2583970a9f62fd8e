using AdaptiveEtl.Kit.SchemaEvolution.Profiling;
using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;
using AdaptiveEtl.Kit.SchemaEvolution.Usage;

namespace AdaptiveEtl.Kit.SchemaEvolution.Degradation;

/// <summary>
/// Builds <see cref="FamilyPerformanceSeries"/> from a recorded <see cref="WorkloadModel"/>: per query family and period,
/// the call-weighted mean latency of its executions, the number of calls, the rows of the tables it reads (from
/// <see cref="ProfileHistory"/> snapshots: the latest snapshot at or before the period, the first one before any), and
/// its lineage depth.
/// </summary>
/// <remarks>
/// Periods without an execution carry the previous latency forward (the first observed value fills the start): a quiet
/// day is no evidence of a faster query. Families with fewer executed periods than <c>minimumPeriods</c> are
/// left out. Without snapshots of any table a family reads, its rows are constant 1 (no growth signal).
/// </remarks>
public static class WorkloadPerformanceSeries
{
    /// <summary>Builds one series per SQL query family with durations.</summary>
    /// <param name="workload">The workload model.</param>
    /// <param name="history">Row-count snapshots of the tables, or null.</param>
    /// <param name="period">Length of a period (default one day).</param>
    /// <param name="minimumPeriods">Fewest periods with executions a family needs (default 20).</param>
    public static IReadOnlyList<FamilyPerformanceSeries> FromWorkload(WorkloadModel workload, ProfileHistory? history = null, TimeSpan? period = null, int minimumPeriods = 20)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var step = period ?? TimeSpan.FromDays(1);
        if (step <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(period), period, "The period must be positive.");
        var start = workload.From.UtcDateTime.Date;
        int periods = (int)((workload.To.UtcDateTime - start) / step) + 1;
        var byFamily = workload.Executions.Where(e => e.DurationMs is > 0).GroupBy(e => e.Fingerprint).ToDictionary(g => g.Key, g => g.ToList());
        var result = new List<FamilyPerformanceSeries>();
        foreach (var family in workload.Families.Where(f => f.Source == "sql"))
        {
            if (!byFamily.TryGetValue(family.Fingerprint, out var runs)) continue;
            var time = new double[periods];
            var calls = new double[periods];
            foreach (var r in runs)
            {
                int p = (int)((r.Timestamp.UtcDateTime - start) / step);
                if (p < 0 || p >= periods) continue;
                long c = Math.Max(1, r.Calls);
                time[p] += r.DurationMs!.Value * c;
                calls[p] += c;
            }
            if (calls.Count(c => c > 0) < minimumPeriods) continue;
            var latency = new double[periods];
            double last = time[Array.FindIndex(calls, c => c > 0)] / calls[Array.FindIndex(calls, c => c > 0)];
            for (int p = 0; p < periods; p++)
            {
                if (calls[p] > 0) last = time[p] / calls[p];
                latency[p] = last;
            }
            var tables = family.Reads.Select(QualifiedTable.Parse).ToList();
            var rows = new double[periods];
            for (int p = 0; p < periods; p++)
            {
                var at = new DateTimeOffset(start + step * (p + 1), TimeSpan.Zero);
                double sum = 0;
                foreach (var t in tables)
                {
                    var snaps = history?.All.Where(s => SameTable(s.Table, t)).OrderBy(s => s.TakenAt).ToList();
                    if (snaps is null || snaps.Count == 0) continue;
                    sum += (snaps.LastOrDefault(s => s.TakenAt <= at) ?? snaps[0]).RowCount;
                }
                rows[p] = Math.Max(1, sum);
            }
            result.Add(new FamilyPerformanceSeries(family.Fingerprint, latency, rows, calls, family.LineageDepth, tables));
        }
        return result;
    }

    private static bool SameTable(QualifiedTable a, QualifiedTable b) =>
        string.Equals(a.Name, b.Name, StringComparison.OrdinalIgnoreCase)
        && (string.Equals(a.Schema, b.Schema, StringComparison.OrdinalIgnoreCase) || a.Schema is null or "main" or "public" && b.Schema is null);
}
