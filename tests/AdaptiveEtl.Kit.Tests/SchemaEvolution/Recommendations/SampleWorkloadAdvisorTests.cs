using AdaptiveEtl.Kit.Lineage;
using AdaptiveEtl.Kit.Lineage.Capture;
using AdaptiveEtl.Kit.Lineage.Sql;
using AdaptiveEtl.Kit.Samples;
using AdaptiveEtl.Kit.SchemaEvolution.Ddl;
using AdaptiveEtl.Kit.SchemaEvolution.Profiling;
using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;
using AdaptiveEtl.Kit.SchemaEvolution.Usage;
using AdaptiveEtl.Kit.Tests.Infrastructure;
using AdaptiveEtl.Kit.Tests.SchemaEvolution.Ddl;
using DuckDB.NET.Data;

namespace AdaptiveEtl.Kit.Tests.SchemaEvolution.Recommendations;

/// <summary>The whole chain on the committed sample workload (data-samples/README.md documents what was planted in it).</summary>
public class SampleWorkloadAdvisorTests
{
    private static WorkloadModel Model(IEnumerable<TableProfile>? profiles)
    {
        using var parser = new SqlLineageParser(LineageCatalog.FromJsonFile(RepoPaths.Sample("star_catalog.json")));
        return WorkloadModel.Build(QueryLogReader.ReadCsv(RepoPaths.Sample("workload_log.csv")), parser, AccessLogReader.Read(RepoPaths.Sample("access_log.jsonl")), profiles);
    }

    private static string Family(WorkloadModel m, string startsWith) => m.Families.Single(f => f.NormalizedSql.StartsWith(startsWith, StringComparison.Ordinal)).Fingerprint;

    [Fact]
    public void The_planted_degrading_families_grow_slower_than_the_rest()
    {
        var m = Model(null);
        Assert.Equal(1, m.UnparsedFamilies);
        Assert.Equal(4, m.Families.Count(f => f.Source == "access"));
        // Generator: every family × (1 + 1.5 t); revenue_by_country, store_category_units, region_category_revenue also × (1 + 8 max(0, t − 0.4)²).
        var degrading = new[] { "select c.country, sum", "select p.category, sum (f.quantity)", "select st.region, p.category" }.Select(p => m.Family(Family(m, p))!).ToList();
        var steady = m.Families.Where(f => f.Source == "sql" && f.Kind == StatementKind.Select && !degrading.Contains(f) && f.Executions >= 30).ToList();
        Assert.True(steady.Count >= 4);
        Assert.True(degrading.Min(f => f.DurationGrowth) > steady.Max(f => f.DurationGrowth),
            $"degrading {string.Join(", ", degrading.Select(f => f.DurationGrowth.ToString("0.00")))} vs steady max {steady.Max(f => f.DurationGrowth):0.00}");
        Assert.All(degrading, f => Assert.True(f.DurationTrendMsPerWeek > 0));
        // The ETL writes fact_sales from staging.sales and agg_daily_sales from fact_sales: depth 2 for the monthly report.
        Assert.Equal(2, m.Family(Family(m, "select d.year, d.month"))!.LineageDepth);
        Assert.Contains("staging.sales", m.UpstreamOf("star.agg_daily_sales"));
    }

    [Fact]
    public async Task Star_schema_in_duckdb_gets_indexes_a_view_and_skew_fixes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var conn = new DuckDBConnection("DataSource=:memory:");
        await conn.OpenAsync(ct);
        await StarSchemaSample.CreateDuckDbAsync(conn, salesRows: 60_000, cancellationToken: ct);
        var profiles = new List<TableProfile>();
        foreach (var t in StarSchemaSample.TableNames) profiles.Add(await StoreProfiler.ProfileDuckDbAsync(conn, new QualifiedTable("star", t), cancellationToken: ct));
        var model = Model(profiles);
        var advisor = new SchemaAdvisor();
        var advice = advisor.Recommend(model, frequencies: await advisor.CollectFrequenciesAsync(conn, model, cancellationToken: ct));
        var recs = advice.Recommendations;
        var fact = new QualifiedTable("star", "fact_sales");
        Assert.Contains(recs, r => r.Kind == RecommendationKind.Index && r.Table == fact && r.Columns.SequenceEqual(["customer_id"]));
        Assert.Contains(recs, r => r.Kind == RecommendationKind.Index && r.Table == fact && r.Columns.SequenceEqual(["store_id", "sold_at"]));
        var mv = Assert.Single(recs, r => r.Kind == RecommendationKind.MaterializedView);
        Assert.Equal(Family(model, "select st.region, p.category"), mv.Option("family"));
        Assert.Contains("staging.sales", mv.Option("refresh_after")!.Split(','));
        // Store 1 sells as much as six others (generator weight 6 of 25): a skewed join key.
        Assert.Contains(recs, r => r.Kind == RecommendationKind.SkewMitigation && r.Option("strategy") == "salting" && r.Columns.SequenceEqual(["store_id"]));
        Assert.DoesNotContain(recs, r => r.Kind == RecommendationKind.Index && r.Table.Name == "dim_store"); // 20 rows
        // Every recommendation renders and its DuckDB DDL runs against the star schema.
        foreach (var r in recs.Where(r => SchemaChangeDdl.Supports(r, DdlDialect.DuckDb) && r.Kind is RecommendationKind.Index or RecommendationKind.MaterializedView))
        {
            var ddl = SchemaChangeDdl.Generate(r, DdlDialect.DuckDb);
            await HostileDdl.RunAsync(conn, ddl.Forward);
            await HostileDdl.RunAsync(conn, ddl.Rollback);
        }
    }

    [Fact]
    public void Profile_history_predicts_the_line_seq_overflow_and_narrows_the_wide_strings()
    {
        var history = ProfileHistory.Load(RepoPaths.Sample("profile_history.json"));
        var advice = new SchemaAdvisor().Recommend(Model(null), history);
        var widen = advice.Recommendations[0];
        Assert.Equal((RecommendationKind.WidenType, "line_seq", "BIGINT"), (widen.Kind, widen.Columns[0], widen.Option("to_type")));
        var eta = DateOnly.Parse(widen.Option("overflow_eta")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(eta, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)); // after the last snapshot, within the 365-day horizon
        var narrow = advice.Recommendations.Where(r => r.Kind == RecommendationKind.NarrowType).ToDictionary(r => r.Table.Name + "." + r.Columns[0], r => r.Option("to_type"));
        Assert.Equal("VARCHAR(16)", narrow["fact_sales.status"]);   // longest 9 × 1.5 → 16
        Assert.Equal("VARCHAR(24)", narrow["dim_customer.name"]);   // longest 14 × 1.5 = 21 → 24
        Assert.Equal("INTEGER", narrow["fact_sales.customer_id"]);
        Assert.False(narrow.ContainsKey("fact_sales.line_seq"));
    }
}
