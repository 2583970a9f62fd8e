using System.Data.Common;
using System.Globalization;
using AdaptiveEtl.Kit.Lineage;
using AdaptiveEtl.Kit.SchemaEvolution.Profiling;
using AdaptiveEtl.Kit.SchemaEvolution.Usage;

namespace AdaptiveEtl.Kit.SchemaEvolution.Recommendations;

/// <summary>
/// Runs every recommender (indexes, partitioning/clustering, materialised views, types, skew) over a workload and
/// returns one ranked list: widenings with an overflow ETA first (soonest first), then by expected gain × affected
/// workload time. Recommendations below <see cref="SchemaAdvisorOptions.MinGain"/> are dropped (type changes excepted:
/// their value is correctness, not speed).
/// </summary>
/// <example><code>
/// var model = WorkloadModel.Build(QueryLogReader.ReadCsv("workload_log.csv"), parser, profiles: profiles);
/// var advice = new SchemaAdvisor().Recommend(model);
/// File.WriteAllText("recommendations.json", advice.ToJson());
/// </code></example>
public sealed class SchemaAdvisor
{
    /// <summary>Creates an advisor with the default recommenders.</summary>
    public SchemaAdvisor(SchemaAdvisorOptions? options = null, IEnumerable<ISchemaRecommender>? recommenders = null)
    {
        Options = options ?? new SchemaAdvisorOptions();
        Recommenders = (recommenders ?? [new IndexRecommender(), new PartitioningRecommender(), new MaterializedViewRecommender(), new TypeRecommender(), new SkewRecommender()]).ToList();
    }

    /// <summary>The thresholds.</summary>
    public SchemaAdvisorOptions Options { get; }

    /// <summary>The recommenders run, in order.</summary>
    public IReadOnlyList<ISchemaRecommender> Recommenders { get; }

    /// <summary>Runs all recommenders and ranks their output.</summary>
    /// <param name="workload">The workload (with its profiles).</param>
    /// <param name="history">Profile snapshots for trend checks, or null.</param>
    /// <param name="frequencies">Value distributions of key columns for skew (<see cref="CollectFrequenciesAsync"/>), or null.</param>
    public SchemaAdvice Recommend(WorkloadModel workload, ProfileHistory? history = null, IReadOnlyDictionary<ColumnRef, IReadOnlyList<ValueFrequency>>? frequencies = null)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var context = new AdvisorContext(workload, history, frequencies ?? new Dictionary<ColumnRef, IReadOnlyList<ValueFrequency>>());
        var all = Recommenders.SelectMany(r => r.Recommend(context, Options))
            .Where(r => r.ExpectedGain >= Options.MinGain || r.Kind is RecommendationKind.NarrowType or RecommendationKind.WidenType)
            .GroupBy(r => r.Id, StringComparer.Ordinal).Select(g => g.First());
        var ranked = all
            .OrderBy(r => r.Kind == RecommendationKind.WidenType ? 0 : 1)
            .ThenBy(r => r.Option("overflow_eta") ?? "9999", StringComparer.Ordinal)
            .ThenByDescending(r => r.ExpectedGain * (double.TryParse(r.Option("affected_ms"), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) ? ms : 0))
            .ThenByDescending(r => r.ExpectedGain)
            .ThenBy(r => r.Id, StringComparer.Ordinal)
            .Take(Options.MaxRecommendations).ToList();
        return new SchemaAdvice(ranked);
    }

    /// <summary>
    /// Counts the values of every join, group-by and filter column used at least <see cref="SchemaAdvisorOptions.MinExecutions"/>
    /// times, on the tables the workload has profiles for (the skew recommender's input).
    /// </summary>
    public async Task<IReadOnlyDictionary<ColumnRef, IReadOnlyList<ValueFrequency>>> CollectFrequenciesAsync(DbConnection connection, WorkloadModel workload,
        int limit = 100_000, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(workload);
        var result = new Dictionary<ColumnRef, IReadOnlyList<ValueFrequency>>();
        foreach (var u in workload.Columns.Where(c => c.Joins + c.Groups + c.Filters >= Options.MinExecutions))
        {
            var profile = workload.ProfileOf(u.Column.Table);
            if (profile?.Column(u.Column.Column) is not { } column) continue;
            result[u.Column] = await StoreProfiler.ValueFrequenciesAsync(connection, profile.Table, column.Column, limit, cancellationToken);
        }
        return result;
    }
}
