using AdaptiveEtl.Kit.Lineage;
using AdaptiveEtl.Kit.Lineage.Sql;
using AdaptiveEtl.Kit.Tests.Infrastructure;
using DuckDB.NET.Data;
using Npgsql;

namespace AdaptiveEtl.Kit.Tests.Lineage;

/// <summary>Catalogs from JSON and from live DuckDB / PostgreSQL information_schema.</summary>
[Collection(LineagePostgresCollection.Name)]
public sealed class LineageCatalogTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public void Json_catalog_resolves_bare_and_qualified_names()
    {
        var c = LineageCatalog.FromJson("""{"staging.orders": {"id": "bigint", "Amount": "double"}, "dim": {"k": "int"}}""");
        Assert.True(c.TryGetTable("ORDERS", out var name, out var cols));
        Assert.Equal("staging.orders", name);
        Assert.Equal(new[] { "id", "amount" }, cols);
        Assert.True(c.TryGetTable("main.dim", out name, out _));
        Assert.Equal("dim", name);
        Assert.False(c.TryGetTable("other.orders", out _, out _));
        var ex = Assert.Throws<KitDataException>(() => LineageCatalog.FromJson("""{"t": ["a"]}""", "cat.json"));
        Assert.Contains("cat.json", ex.Message);
        Assert.Contains("'t'", ex.Message);
        Assert.Contains("nope", Assert.Throws<KitDataException>(() => c.Columns("nope")).Message);
    }

    [Fact]
    public void Table_schemas_of_the_kit_can_be_added()
    {
        var schema = new AdaptiveEtl.Kit.Schema.TableSchema("landing.orders", new[]
        {
            new AdaptiveEtl.Kit.Schema.ColumnSchema("order_id", AdaptiveEtl.Kit.Schema.ColumnKind.Integer),
            new AdaptiveEtl.Kit.Schema.ColumnSchema("amount", AdaptiveEtl.Kit.Schema.ColumnKind.Continuous),
        });
        var c = new LineageCatalog().Add(schema);
        using var parser = new SqlLineageParser(c);
        Assert.Equal(new[] { "order_id", "amount" }, parser.Parse("SELECT * FROM landing.orders").Columns.Select(x => x.Name));
    }

    [Fact]
    public async Task Duckdb_information_schema_feeds_star_expansion()
    {
        await using var conn = new DuckDBConnection("DataSource=:memory:");
        await conn.OpenAsync(TestContext.Current.CancellationToken);
        await using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = "CREATE SCHEMA sales; CREATE TABLE sales.orders (id BIGINT, amount DOUBLE); CREATE TABLE customers (id BIGINT, name VARCHAR)";
            await cmd.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        var catalog = await LineageCatalog.FromInformationSchemaAsync(conn, TestContext.Current.CancellationToken);
        Assert.Equal(new[] { "customers", "sales.orders" }, catalog.Tables.Order());
        using var parser = new SqlLineageParser(catalog);
        var s = parser.Parse("SELECT * FROM sales.orders o JOIN customers c ON c.id = o.id");
        Assert.Equal(new[] { "id", "amount", "id", "name" }, s.Columns.Select(x => x.Name));
        Assert.Equal("customers.id", s.Columns[2].Value.Single().ToString());
    }

    [Fact]
    public async Task Postgres_information_schema_lists_user_tables_only()
    {
        var cs = await server.CreateDatabaseAsync("cat");
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync(TestContext.Current.CancellationToken);
        await using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = "CREATE SCHEMA mart; CREATE TABLE mart.daily (day date, revenue numeric); CREATE TABLE public.events (id bigint)";
            await cmd.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        var catalog = await LineageCatalog.FromInformationSchemaAsync(conn, TestContext.Current.CancellationToken);
        Assert.Equal(new[] { "events", "mart.daily" }, catalog.Tables.Order());
        Assert.Equal(new[] { "day", "revenue" }, catalog.Columns("mart.daily"));
    }
}
