using System.Globalization;
using AdaptiveEtl.Kit.Lineage;

namespace AdaptiveEtl.Kit.SchemaEvolution.Recommendations;

/// <summary>
/// Skewed join, group and partition keys (top-k share, Gini, max/mean spread from the value distribution) and what to do:
/// salting for join keys (the hot key splits into ⌈largest/mean⌉ buckets), a composite index with the column most often
/// filtered beside it, and hash partitioning on the key plus a high-cardinality column for large tables. Expected gain:
/// the hot share of the work that becomes parallel, top share × (1 − 1/buckets).
/// </summary>
public sealed class SkewRecommender : ISchemaRecommender
{
    /// <inheritdoc />
    public string Name => "skew";

    /// <inheritdoc />
    public IEnumerable<SchemaRecommendation> Recommend(AdvisorContext context, SchemaAdvisorOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var result = new List<SchemaRecommendation>();
        foreach (var (column, freq) in context.Frequencies.OrderBy(p => p.Key))
        {
            var counts = freq.Select(f => f.Count).ToArray();
            if (counts.Length < 2) continue;
            double gini = SkewStatistics.Gini(counts), top = SkewStatistics.TopShare(counts, options.TopK), spread = SkewStatistics.Spread(counts);
            // Skewed: a high Gini, or top groups holding a large share that is also well above an even split (1.5 × k/n),
            // so that a two-valued key split 50/50 does not count.
            bool topHeavy = top >= options.TopShareThreshold && top >= 1.5 * Math.Min(options.TopK, counts.Length) / counts.Length;
            if (gini < options.GiniThreshold && !topHeavy) continue;
            var usage = context.Workload.Column(column);
            var profile = context.Profile(column.Table);
            var table = context.TableOf(column.Table);
            var name = context.ColumnName(column);
            var hot = freq.OrderByDescending(f => f.Count).First();
            int buckets = (int)Math.Clamp(Math.Ceiling(spread), 2, 64);
            var evidence = new List<string>
            {
                $"{column}: {counts.Length} distinct values; the top {options.TopK} hold {top:P1} of the rows (hottest '{hot.Value ?? "NULL"}': {hot.Count:N0} rows)",
                $"Gini {gini:0.000}, largest/mean {spread:0.0}",
                usage is null ? "not used by the logged workload" : $"used as join key in {usage.Joins}, group key in {usage.Groups}, filter in {usage.Filters} executions",
            };
            string affected = (usage?.FilterDurationMs ?? 0).ToString("0.#", CultureInfo.InvariantCulture);
            double gain = Math.Round(top * (1 - 1.0 / buckets), 4);
            if (usage is { Joins: > 0 })
                result.Add(new SchemaRecommendation(RecommendationIds.For(RecommendationKind.SkewMitigation, table, [name], "salting"), RecommendationKind.SkewMitigation, table, [name],
                    new Dictionary<string, string> { ["strategy"] = "salting", ["salt_buckets"] = buckets.ToString(CultureInfo.InvariantCulture), ["affected_ms"] = affected },
                    evidence, gain, 2L * (profile?.RowCount ?? 0), RecommendationRisk.High,
                    $"Salt the skewed join key {name} of {table} into {buckets} buckets so the hot value's join work spreads."));
            var partner = Partner(context, column);
            if (partner is not null && usage is { Filters: > 0 } or { Groups: > 0 })
            {
                var cols = new List<string> { name, context.ColumnName(partner.Value) };
                result.Add(new SchemaRecommendation(RecommendationIds.For(RecommendationKind.SkewMitigation, table, cols, "composite"), RecommendationKind.SkewMitigation, table, cols,
                    new Dictionary<string, string> { ["strategy"] = "composite", ["affected_ms"] = affected },
                    [.. evidence, $"{partner} is filtered together with it: a composite key ({string.Join(", ", cols)}) splits the hot value's rows"],
                    gain, profile is null ? 0 : StorageEstimate.Index(profile.RowCount, cols.Select(c => profile.Column(c))), RecommendationRisk.Low,
                    $"Composite key ({string.Join(", ", cols)}) on {table}: the skewed {name} alone cannot narrow a lookup of its hot value."));
            }
            if (profile is not null && profile.RowCount >= options.MinPartitionRows &&
                profile.Columns.Where(c => c.Column != name && !c.IsText).OrderByDescending(c => c.DistinctCount).FirstOrDefault() is { } spreader &&
                spreader.DistinctCount >= profile.RowCount / 2)
            {
                int modulus = (int)Math.Clamp(Math.Ceiling((double)profile.RowCount / options.TargetPartitionRows), 2, 64);
                var cols = new List<string> { name, spreader.Column };
                result.Add(new SchemaRecommendation(RecommendationIds.For(RecommendationKind.SkewMitigation, table, cols, "hash"), RecommendationKind.SkewMitigation, table, cols,
                    new Dictionary<string, string> { ["strategy"] = "hash", ["method"] = "hash", ["modulus"] = modulus.ToString(CultureInfo.InvariantCulture), ["partitions"] = modulus.ToString(CultureInfo.InvariantCulture), ["affected_ms"] = affected },
                    [.. evidence, $"partitioning by {name} alone would put {top:P1} of {profile.RowCount:N0} rows in one partition; hashing ({name}, {spreader.Column}) over {modulus} partitions evens them"],
                    Math.Round(top * (1 - 1.0 / modulus), 4), 0, RecommendationRisk.High,
                    $"Hash-partition {table} on ({name}, {spreader.Column}) instead of the skewed {name} alone (PostgreSQL)."));
            }
        }
        return result;
    }

    // The column filtered most often in the same query families as the skewed one (same table).
    private static ColumnRef? Partner(AdvisorContext context, ColumnRef column) =>
        context.Workload.Families.Where(f => f.Filters.Any(c => c.Column == column))
            .SelectMany(f => f.Filters.Where(c => c.Column != column && c.Column.Table == column.Table).Select(c => (c.Column, f.Executions)))
            .GroupBy(p => p.Column).OrderByDescending(g => g.Sum(p => p.Executions)).ThenBy(g => g.Key).Select(g => (ColumnRef?)g.Key).FirstOrDefault();
}
