using System.Globalization;
using AdaptiveEtl.Kit.Lineage.Sql;

namespace AdaptiveEtl.Kit.SchemaEvolution.Recommendations;

/// <summary>
/// Materialised views for critical-path query families: scored by executions × mean duration × (1 + lineage depth) —
/// most used, slowest, deepest in the lineage. A family that always runs the same text becomes a materialised view of it;
/// its refresh dependency (option <c>refresh_after</c>) is every table upstream of what it reads, from the lineage.
/// Expected gain: 1 − rows the view returns / rows the query reads today (from the read tables' profiles).
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
        foreach (var (f, score) in candidates)
        {
            if (result.Count >= options.MaxViews) break;
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
            result.Add(new SchemaRecommendation(RecommendationIds.For(RecommendationKind.MaterializedView, view, [], f.Fingerprint), RecommendationKind.MaterializedView, view, [],
                new Dictionary<string, string>
                {
                    ["sql"] = f.SampleSql!,
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
}
