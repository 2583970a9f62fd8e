using System.Globalization;

namespace AdaptiveEtl.Kit.SchemaEvolution.Recommendations;

/// <summary>
/// Partitioning and clustering keys from range filters. A time column that range filters use on a large table spanning
/// several months becomes a PostgreSQL monthly range-partitioning key (DuckDB: a sorted rewrite so zone maps prune);
/// a numeric column, or a time column of a table too small or too short for partitions, becomes a clustering key. Expected gain: the share of the table a filtered
/// query no longer reads, 1 − (selectivity + one partition's share) for partitions, 1 − selectivity for clustering.
/// </summary>
public sealed class PartitioningRecommender : ISchemaRecommender
{
    /// <inheritdoc />
    public string Name => "partitioning";

    /// <inheritdoc />
    public IEnumerable<SchemaRecommendation> Recommend(AdvisorContext context, SchemaAdvisorOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var result = new List<SchemaRecommendation>();
        foreach (var byTable in context.Workload.Columns.Where(c => c.RangeFilters >= options.MinExecutions && c.Selectivity is not null).GroupBy(c => c.Column.Table))
        {
            var profile = context.Profile(byTable.Key);
            if (profile is null || profile.RowCount < options.MinTableRows) continue;
            var table = context.TableOf(byTable.Key);
            // One key per table: the column most range-filtered.
            var u = byTable.OrderByDescending(c => c.RangeFilters).ThenBy(c => c.Column).First();
            var col = profile.Column(u.Column.Column);
            if (col is null || col.Min is null || col.Max is null) continue;
            double sel = u.Selectivity!.Value;
            var evidence = new List<string>
            {
                $"{u.Column} has range filters in {u.RangeFilters} executions ({u.FilterDurationMs / 1000:0.#} s in total), mean selectivity {sel:P2}",
                $"{profile.RowCount:N0} rows in {table}",
            };
            var options_ = new Dictionary<string, string> { ["affected_ms"] = u.FilterDurationMs.ToString("0.#", CultureInfo.InvariantCulture) };
            DateOnly from = default, to = default;
            int months = 0;
            if (col.IsTemporal)
            {
                from = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds((long)(col.Min.Value * 1000)).UtcDateTime);
                to = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds((long)(col.Max.Value * 1000)).UtcDateTime).AddMonths(options.PartitionHeadroomMonths);
                months = (to.Year - from.Year) * 12 + to.Month - from.Month + 1;
            }
            if (col.IsTemporal && profile.RowCount >= options.MinPartitionRows && months - options.PartitionHeadroomMonths >= options.MinPartitionMonths)
            {
                double gain = Math.Max(0, 1 - (sel + 1.0 / (months - options.PartitionHeadroomMonths)));
                if (gain < options.MinGain) continue;
                options_["method"] = "range";
                options_["interval"] = "month";
                options_["from"] = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                options_["to"] = to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                evidence.Add($"{col.Column} spans {from:yyyy-MM-dd} … {to.AddMonths(-options.PartitionHeadroomMonths):yyyy-MM-dd}: {months} monthly partitions incl. {options.PartitionHeadroomMonths} months headroom, plus a default partition");
                result.Add(new SchemaRecommendation(RecommendationIds.For(RecommendationKind.Partitioning, table, [col.Column], "range"), RecommendationKind.Partitioning, table, [col.Column],
                    options_, evidence, Math.Round(gain, 4), 0, RecommendationRisk.High,
                    $"Partition {table} by month of {col.Column}: range filters then read only the partitions they touch (DuckDB: sorted rewrite for zone-map pruning)."));
            }
            else if (!col.IsText)
            {
                double gain = Math.Max(0, 1 - sel);
                if (gain < options.MinGain) continue;
                result.Add(new SchemaRecommendation(RecommendationIds.For(RecommendationKind.Clustering, table, [col.Column]), RecommendationKind.Clustering, table, [col.Column],
                    options_, evidence, Math.Round(gain, 4), 0, RecommendationRisk.Medium,
                    $"Order {table} by {col.Column} so range filters skip row groups (DuckDB zone maps; PostgreSQL CLUSTER)."));
            }
        }
        return result;
    }
}
