using System.Globalization;
using AdaptiveEtl.Kit.Lineage;
using AdaptiveEtl.Kit.SchemaEvolution.Usage;

namespace AdaptiveEtl.Kit.SchemaEvolution.Recommendations;

/// <summary>
/// B-tree indexes on selective filter and join columns. Single-column candidates come from <see cref="ColumnUsage"/>;
/// multi-column ones from query families filtering several columns of one table, ordered equality/IN first, then range,
/// each group most selective first (an index serves a range only on its last used column). Expected gain of an index:
/// 1 − RandomPageCost × selectivity of the affected queries (the index fetch replaces a sequential scan).
/// </summary>
public sealed class IndexRecommender : ISchemaRecommender
{
    /// <inheritdoc />
    public string Name => "index";

    /// <inheritdoc />
    public IEnumerable<SchemaRecommendation> Recommend(AdvisorContext context, SchemaAdvisorOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var w = context.Workload;
        var result = new List<SchemaRecommendation>();
        var composites = new List<(string Table, ColumnRef[] Columns, double Sel, long Executions, double TimeMs, QueryFamily Family)>();
        foreach (var f in w.Families.Where(f => f.Executions >= options.MinExecutions))
            foreach (var group in f.Filters.Where(c => c.Selectivity is not null).GroupBy(c => c.Column.Table))
            {
                var ordered = group.OrderBy(c => c.Kind is PredicateKind.Equality or PredicateKind.InList ? 0 : 1).ThenBy(c => c.Selectivity).ToList();
                // Columns after the first range column cannot narrow an index scan: stop there.
                int firstRange = ordered.FindIndex(c => c.Kind is not (PredicateKind.Equality or PredicateKind.InList));
                if (firstRange >= 0) ordered = ordered.Take(firstRange + 1).ToList();
                if (ordered.Count < 2) continue;
                double sel = ordered.Aggregate(1.0, (s, c) => s * c.Selectivity!.Value);
                composites.Add((group.Key, ordered.Select(c => c.Column).ToArray(), sel, f.Executions, f.TotalDurationMs, f));
            }
        var covered = new HashSet<ColumnRef>();
        foreach (var c in composites.GroupBy(c => string.Join("|", c.Columns)).Select(g => g.First() with { Executions = g.Sum(x => x.Executions), TimeMs = g.Sum(x => x.TimeMs) }))
        {
            var profile = context.Profile(c.Table);
            if (profile is null || profile.RowCount < options.MinTableRows) continue;
            double gain = Gain(c.Sel, options);
            if (gain < options.MinGain) continue;
            var table = context.TableOf(c.Table);
            var names = c.Columns.Select(context.ColumnName).ToList();
            covered.Add(c.Columns[0]);
            result.Add(Make(table, names, gain, StorageEstimate.Index(profile.RowCount, names.Select(n => profile.Column(n))), c.TimeMs,
                [$"query family {c.Family.Fingerprint} filters {string.Join(" and ", c.Columns.Select(x => x.Column))} together in {c.Executions} executions ({c.TimeMs / 1000:0.#} s in total)",
                 $"combined selectivity {c.Sel:P2} (equality columns first, then the most selective)",
                 $"{profile.RowCount:N0} rows in {table}"],
                $"Composite index on {table} ({string.Join(", ", names)}) for a query family that filters these columns together."));
        }
        foreach (var u in w.Columns)
        {
            long uses = u.Filters + u.Joins;
            if (uses < options.MinExecutions || covered.Contains(u.Column)) continue;
            // Without a profile the table size is unknown and the selectivity a planner default: no evidence for an index.
            var profile = context.Profile(u.Column.Table);
            if (profile is null || profile.RowCount < options.MinTableRows) continue;
            // A join key gains from an index only on the lookup side: a (nearly) unique key probed one value per outer
            // row (selectivity 1/distinct). A foreign key of a scanned fact table is hashed, not looked up.
            var stats = profile.Column(u.Column.Column);
            bool lookupKey = u.Joins > 0 && stats is { DistinctCount: > 0 } && stats.DistinctCount >= 0.9 * (profile.RowCount - stats.NullCount);
            double? sel = u.Selectivity ?? (lookupKey ? 1.0 / stats!.DistinctCount : null);
            if (sel is null) continue;
            double gain = Gain(sel.Value, options);
            if (gain < options.MinGain) continue;
            var table = context.TableOf(u.Column.Table);
            var name = context.ColumnName(u.Column);
            result.Add(Make(table, [name], gain, StorageEstimate.Index(profile.RowCount, [profile.Column(name)]), u.FilterDurationMs,
                [$"{u.Column} is filtered in {u.Filters} and joined on in {u.Joins} executions ({u.FilterDurationMs / 1000:0.#} s in total), by {u.Consumers} consumers",
                 $"estimated selectivity {sel:P2}" + (u.Selectivity is null ? " (one join-key value)" : $" ({u.EqualityFilters} equality, {u.RangeFilters} range executions)"),
                 $"{profile.RowCount:N0} rows in {table}"],
                $"Index on {table} ({name}): a selective {(u.Filters >= u.Joins ? "filter" : "join")} column scanned in full today."));
        }
        return result;
    }

    private static double Gain(double selectivity, SchemaAdvisorOptions o) => Math.Max(0, 1 - o.RandomPageCost * selectivity);

    private static SchemaRecommendation Make(QualifiedTable table, List<string> columns, double gain, long storage, double affectedMs, List<string> evidence, string rationale) =>
        new(RecommendationIds.For(RecommendationKind.Index, table, columns), RecommendationKind.Index, table, columns,
            new Dictionary<string, string> { ["affected_ms"] = affectedMs.ToString("0.#", CultureInfo.InvariantCulture) }, evidence, Math.Round(gain, 4), storage,
            RecommendationRisk.Low, rationale);
}
