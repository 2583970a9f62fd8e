using System.Globalization;
using AdaptiveEtl.Kit.Samples;
using AdaptiveEtl.Kit.Tests.Infrastructure;
using DuckDB.NET.Data;
using Npgsql;
using AdaptiveEtl.Kit.Tests.SchemaEvolution.Ddl;

namespace AdaptiveEtl.Kit.Tests.SchemaEvolution.Recommendations;

[Collection(SchemaEvolution.SchemaEvolutionPostgresCollection.Name)]
public class StarSchemaSampleTests(PostgresServer server)
{
    private const string Summary =
        "SELECT CAST(count(*) AS VARCHAR) || '|' || CAST(count(DISTINCT customer_id) AS VARCHAR) || '|' || CAST(max(sold_at) AS VARCHAR) || '|' || " +
        "CAST(sum(store_id) AS VARCHAR) || '|' || CAST(max(line_seq) AS VARCHAR) || '|' || CAST(round(CAST(sum(amount) AS NUMERIC), 2) AS VARCHAR) FROM star.fact_sales";

    [Fact]
    public async Task Duckdb_and_postgres_get_the_same_seeded_rows()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var duck = new DuckDBConnection("DataSource=:memory:");
        await duck.OpenAsync(ct);
        await StarSchemaSample.CreateDuckDbAsync(duck, salesRows: 5_000, cancellationToken: ct);
        await using var pg = new NpgsqlConnection(await server.CreateDatabaseAsync("star"));
        await pg.OpenAsync(ct);
        await StarSchemaSample.CreatePostgresAsync(pg, salesRows: 5_000, cancellationToken: ct);

        foreach (var (table, rows) in StarSchemaSample.RowCounts(5_000))
        {
            Assert.Equal(rows, Convert.ToInt64(await HostileDdl.ScalarAsync(duck, $"SELECT count(*) FROM star.{table}"), CultureInfo.InvariantCulture));
            Assert.Equal(rows, Convert.ToInt64(await HostileDdl.ScalarAsync(pg, $"SELECT count(*) FROM star.{table}"), CultureInfo.InvariantCulture));
        }
        Assert.Equal(await HostileDdl.ScalarAsync(duck, Summary), await HostileDdl.ScalarAsync(pg, Summary));

        // The planted shape: store 1 weighs 6 of 25; sales density grows as 1 + 2t over the year, so the first half holds (0.5 + 0.25)/2 = 37.5 %.
        double store1 = Convert.ToDouble(await HostileDdl.ScalarAsync(duck, "SELECT avg(CASE WHEN store_id = 1 THEN 1.0 ELSE 0.0 END) FROM star.fact_sales"), CultureInfo.InvariantCulture);
        double firstHalf = Convert.ToDouble(await HostileDdl.ScalarAsync(duck, "SELECT avg(CASE WHEN sold_at < TIMESTAMP '2025-07-02' THEN 1.0 ELSE 0.0 END) FROM star.fact_sales"), CultureInfo.InvariantCulture);
        Assert.InRange(store1, 0.21, 0.27);
        Assert.InRange(firstHalf, 0.35, 0.40);
        Assert.Equal(0L, Convert.ToInt64(await HostileDdl.ScalarAsync(duck, "SELECT count(*) FROM star.fact_sales f LEFT JOIN star.dim_customer c ON c.customer_id = f.customer_id WHERE c.customer_id IS NULL"), CultureInfo.InvariantCulture));
    }
}
