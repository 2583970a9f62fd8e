using System.Globalization;
using AdaptiveEtl.Kit.Lineage.Sql;

namespace AdaptiveEtl.Kit.SchemaEvolution.Recommendations;

/// <summary>
/// Materialised views for critical-path query families: scored by executions × mean duration × (1 + lineage depth) —
/// most used, slowest, deepest in the lineage. A family that always runs the same text becomes a materialised view of it;
/// its refresh dependency (option <c>refresh_after</c>) is every table upstream of what it reads, from the lineage.
/// <see cref="SchemaRecommendation.Table"/> is the first table the query reads; option <c>name</c> names the view created there.
/// Expected gain: 1 − rows the view returns / rows the query reads today (from the read tables' profiles).
/// A parameterised family (literals vary) that joins tables becomes a pre-joined table instead: its FROM clause with the
/// joins and the columns the family uses, without the WHERE, so every literal variant reads one table; expected gain
/// 1 − largest input / all input rows (the join work saved, counting work by rows read).
/// </summary>
public sealed class MaterializedViewRecommender : ISchemaRecommender
{
    /// <inheritdoc />
    public string Name => "materialized-view";

    /// <inheritdoc />
    public IEnumerable<SchemaRecommendation> Recommend(AdvisorContext context, SchemaAdvisorOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var w = context.Workload;
        var candidates = w.Families
            .Where(f => f.Source == "sql" && f.Kind == StatementKind.Select && f.SampleSql is not null && f.DistinctTexts == 1 && f.Executions >= options.MinViewExecutions && f.Reads.Count > 0)
            .Select(f => (Family: f, Score: f.Executions * f.MeanDurationMs * (1 + f.LineageDepth)))
            .OrderByDescending(p => p.Score).ThenBy(p => p.Family.Fingerprint, StringComparer.Ordinal);
        var result = new List<SchemaRecommendation>();
        var preJoined = w.Families
            .Where(f => f.Source == "sql" && f.Kind == StatementKind.Select && f.SampleSql is not null && f.DistinctTexts > 1 && f.Executions >= options.MinViewExecutions
                        && f.Reads.Count >= 2 && f.JoinColumns.Count > 0)
            .Select(f => (Family: f, Score: f.Executions * f.MeanDurationMs * (1 + f.LineageDepth)))
            .OrderByDescending(p => p.Score).ThenBy(p => p.Family.Fingerprint, StringComparer.Ordinal).ToList();
        foreach (var (f, score) in preJoined)
        {
            if (result.Count >= options.MaxViews) break;
            var profiles = f.Reads.Select(context.Profile).ToList();
            if (profiles.Any(p => p is null)) continue;
            double total = profiles.Sum(p => (double)p!.RowCount), largest = profiles.Max(p => (double)p!.RowCount);
            if (total <= 0) continue;
            double gain = 1 - largest / total;
            if (gain < options.MinGain) continue;
            var columns = f.ProjectedColumns.Concat(f.Filters.Select(c => c.Column)).Concat(f.GroupColumns).Concat(f.OrderColumns).Distinct().Order().ToList();
            var sql = PreJoinSql(f.SampleSql!, columns, context);
            if (sql is null) continue;
            var table = context.TableOf(f.Reads[0]);
            var name = "pj_" + f.Fingerprint;
            var upstream = f.Reads.Concat(f.Reads.SelectMany(w.UpstreamOf)).Distinct(StringComparer.Ordinal).ToList();
            result.Add(new SchemaRecommendation(RecommendationIds.For(RecommendationKind.PreJoinedTable, new QualifiedTable(table.Schema, name), [], f.Fingerprint), RecommendationKind.PreJoinedTable, table, [],
                new Dictionary<string, string>
                {
                    ["sql"] = sql, ["name"] = name, ["refresh_after"] = string.Join(",", upstream), ["family"] = f.Fingerprint,
                    ["affected_ms"] = f.TotalDurationMs.ToString("0.#", CultureInfo.InvariantCulture),
                },
                [
                    $"query family {f.Fingerprint} ran {f.Executions} times with {f.DistinctTexts} different literal sets, mean {f.MeanDurationMs:0.#} ms, {f.TotalDurationMs / 1000:0.#} s in total",
                    $"joins {string.Join(", ", f.Reads)} on {string.Join(", ", f.JoinColumns)}; lineage depth {f.LineageDepth}; critical-path score {score:0}",
                    $"{total:N0} input rows per run, {largest:N0} in the largest input",
                    $"refresh after loads of: {string.Join(", ", upstream)}",
                ],
                Math.Round(gain, 4), (long)Math.Ceiling(largest * columns.Sum(c => StorageEstimate.Width(context.Profile(c.Table)?.Column(c.Column)))), RecommendationRisk.Medium,
                $"Pre-join {string.Join(" ⋈ ", f.Reads)} for the parameterised query {f.Fingerprint} and refresh it after its {upstream.Count} upstream tables load."));
        }
        foreach (var (f, score) in candidates)
        {
            if (result.Count(r => r.Kind == RecommendationKind.MaterializedView) >= options.MaxViews) break;
            var profiles = f.Reads.Select(context.Profile).ToList();
            if (profiles.Any(p => p is null) || f.MeanRows is null) continue;
            double sourceRows = profiles.Sum(p => (double)p!.RowCount);
            if (sourceRows <= 0) continue;
            double gain = Math.Max(0, 1 - f.MeanRows.Value / sourceRows);
            if (gain < options.MinGain) continue;
            var first = context.TableOf(f.Reads[0]);
            var view = new QualifiedTable(first.Schema, "mv_" + f.Fingerprint);
            var upstream = f.Reads.Concat(f.Reads.SelectMany(w.UpstreamOf)).Distinct(StringComparer.Ordinal).ToList();
            double width = profiles.Max(p => StorageEstimate.RowWidth(p!));
            result.Add(new SchemaRecommendation(RecommendationIds.For(RecommendationKind.MaterializedView, view, [], f.Fingerprint), RecommendationKind.MaterializedView, first, [],
                new Dictionary<string, string>
                {
                    ["sql"] = f.SampleSql!,
                    ["name"] = view.Name,
                    ["refresh_after"] = string.Join(",", upstream),
                    ["family"] = f.Fingerprint,
                    ["affected_ms"] = f.TotalDurationMs.ToString("0.#", CultureInfo.InvariantCulture),
                },
                [
                    $"query family {f.Fingerprint} ran {f.Executions} times, mean {f.MeanDurationMs:0.#} ms (p95 {f.P95DurationMs:0.#} ms), {f.TotalDurationMs / 1000:0.#} s in total, by {string.Join(", ", f.Consumers)}",
                    $"lineage depth {f.LineageDepth}: reads {string.Join(", ", f.Reads)}; critical-path score {score:0}",
                    $"returns {f.MeanRows:0.#} rows from {sourceRows:N0} source rows",
                    $"refresh after loads of: {string.Join(", ", upstream)}",
                ],
                Math.Round(gain, 4), (long)Math.Ceiling(f.MeanRows.Value * width), RecommendationRisk.Medium,
                $"Materialise the critical-path query {f.Fingerprint} ({f.Executions} runs, {f.MeanDurationMs:0} ms each) and refresh it after its {upstream.Count} upstream tables load."));
        }
        return result;
    }

    private static readonly HashSet<string> ClauseEnd = new(StringComparer.OrdinalIgnoreCase)
        { "where", "group", "order", "limit", "having", "qualify", "window", "union", "except", "intersect", "offset", "fetch" };

    private static readonly HashSet<string> NotAlias = new(StringComparer.OrdinalIgnoreCase)
        { "join", "left", "right", "inner", "outer", "full", "cross", "on", "using", "natural", "lateral" };

    /// <summary>
    /// <c>SELECT alias.col AS "table__col", … FROM &lt;the family's FROM clause&gt;</c>, or null when the FROM clause holds
    /// something other than plain (aliased) tables (subqueries, functions) or a used column's table has no alias there.
    /// Hand-written on the kit's tokenizer: the lineage parser resolves columns to tables but does not keep the FROM text.
    /// </summary>
    internal static string? PreJoinSql(string sql, IReadOnlyList<Lineage.ColumnRef> columns, AdvisorContext context)
    {
        var t = SqlTokenizer.Tokenize(sql);
        int from = t.FindIndex(x => x.Depth == 0 && x.Is("from"));
        if (from < 0) return null;
        int end = t.FindIndex(from + 1, x => x.Depth == 0 && x.Kind == SqlTokenKind.Word && ClauseEnd.Contains(x.Text));
        if (end < 0) end = t.Count;
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = from + 1; i < end; i++)
        {
            bool starts = i == from + 1 || t[i - 1].Is("join") || t[i - 1].IsSymbol(",");
            if (!starts) continue;
            if (t[i].Kind is not (SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)) return null; // a subquery or function
            var name = new List<string> { t[i].Identifier };
            int j = i + 1;
            while (j + 1 < end && t[j].IsSymbol(".")) { name.Add(t[j + 1].Identifier); j += 2; }
            if (j < end && t[j].IsSymbol("(")) return null;
            if (j < end && t[j].Is("as")) j++;
            string alias = j < end && t[j].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier && !NotAlias.Contains(t[j].Text) ? t[j].Identifier : name[^1];
            aliases[string.Join(".", name)] = alias;
        }
        var select = new List<string>();
        foreach (var c in columns)
        {
            if (!aliases.TryGetValue(c.Table, out var alias)) return null;
            var column = context.ColumnName(c);
            select.Add($"{Data.SqlIdentifier.Quote(alias)}.{Data.SqlIdentifier.Quote(column)} AS {Data.SqlIdentifier.Quote(c.Table[(c.Table.LastIndexOf('.') + 1)..] + "__" + column)}");
        }
        if (select.Count == 0) return null;
        return $"SELECT {string.Join(", ", select)} FROM {sql[t[from + 1].Start..t[end - 1].End]}";
    }
}
