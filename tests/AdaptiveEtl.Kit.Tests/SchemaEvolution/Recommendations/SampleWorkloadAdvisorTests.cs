using AdaptiveEtl.Kit.Lineage;
using AdaptiveEtl.Kit.Lineage.Capture;
using AdaptiveEtl.Kit.Lineage.Sql;
using AdaptiveEtl.Kit.Samples;
using AdaptiveEtl.Kit.SchemaEvolution.Profiling;
using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;
using AdaptiveEtl.Kit.SchemaEvolution.Usage;
using AdaptiveEtl.Kit.Tests.Infrastructure;
using DuckDB.NET.Data;

namespace AdaptiveEtl.Kit.Tests.SchemaEvolution.Recommendations;

/// <summary>The whole chain on the committed sample workload over a seeded star schema in DuckDB.</summary>
public class SampleWorkloadAdvisorTests
{
    [Fact]
    public async Task Sample_workload_over_the_star_schema_yields_the_planted_recommendations()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var conn = new DuckDBConnection("DataSource=:memory:");
        await conn.OpenAsync(ct);
        await StarSchemaSample.CreateDuckDbAsync(conn, salesRows: 60_000, cancellationToken: ct);
        var profiles = new List<TableProfile>();
        foreach (var t in StarSchemaSample.TableNames) profiles.Add(await StoreProfiler.ProfileDuckDbAsync(conn, new QualifiedTable("star", t), cancellationToken: ct));
        using var parser = new SqlLineageParser(LineageCatalog.FromJsonFile(RepoPaths.Sample("star_catalog.json")));
        var model = WorkloadModel.Build(QueryLogReader.ReadCsv(RepoPaths.Sample("workload_log.csv")), parser,
            AccessLogReader.Read(RepoPaths.Sample("access_log.jsonl")), profiles);
        var advisor = new SchemaAdvisor();
        var frequencies = await advisor.CollectFrequenciesAsync(conn, model, cancellationToken: ct);
        var advice = advisor.Recommend(model, ProfileHistory.Load(RepoPaths.Sample("profile_history.json")), frequencies);
        File.WriteAllText("/tmp/aek-advice.txt", model + "\n\n" + advice + "\n\n" + advice.ToJson());
    }
}
