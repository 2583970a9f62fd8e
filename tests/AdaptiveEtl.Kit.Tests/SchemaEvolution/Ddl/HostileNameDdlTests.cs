using System.Data.Common;
using AdaptiveEtl.Kit.Data;
using AdaptiveEtl.Kit.SchemaEvolution.Ddl;
using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;
using AdaptiveEtl.Kit.Tests.Infrastructure;
using DuckDB.NET.Data;
using Npgsql;

namespace AdaptiveEtl.Kit.Tests.SchemaEvolution.Ddl;

/// <summary>
/// Every recommendation kind rendered for a table whose schema, table and column names hold quotes, spaces, keywords,
/// a statement terminator with a comment, and non-Latin letters; the DDL is executed on real DuckDB / PostgreSQL,
/// checked, undone (the table must be exactly as before) and finalised. A sentinel table named <c>x</c> must survive.
/// </summary>
public static class HostileDdl
{
    public static readonly QualifiedTable Table = new("sch \"ema", "Ørders; DROP TABLE x; --");
    private static readonly string Q = Table.Quoted;

    public static SchemaRecommendation Rec(RecommendationKind kind, string[] columns, params (string Key, string Value)[] options) =>
        new("t-" + kind, kind, Table, columns,
            options.Concat(kind is RecommendationKind.MaterializedView or RecommendationKind.PreJoinedTable ? [("name", ViewName)] : []).ToDictionary(o => o.Key, o => o.Value),
            ["test"], 0.5, 0, RecommendationRisk.Low, "test");

    public const string ViewName = "mv \"ü\" view";

    public static string View => new QualifiedTable(Table.Schema, ViewName).Quoted;

    public static IEnumerable<string> Cases(DdlDialect engine)
    {
        yield return "index";
        yield return "clustering";
        yield return "partitioning";
        if (engine == DdlDialect.PostgreSql) yield return "hash";
        yield return "mv";
        yield return "prejoined";
        yield return "narrow";
        yield return "widen";
        yield return "salting";
        yield return "composite";
    }

    public static SchemaRecommendation Case(string name, DdlDialect engine) => name switch
    {
        "index" => Rec(RecommendationKind.Index, ["select", "数量"]),
        "clustering" => Rec(RecommendationKind.Clustering, ["created at"]),
        "partitioning" => Rec(RecommendationKind.Partitioning, ["created at"], ("method", "range"), ("from", "2025-01-01"), ("to", "2025-03-31")),
        "hash" => Rec(RecommendationKind.SkewMitigation, ["id", "数量"], ("strategy", "hash"), ("modulus", "4")),
        "mv" => Rec(RecommendationKind.MaterializedView, [], ("sql", $"SELECT \"select\", count(*) AS n FROM {Q} GROUP BY \"select\"")),
        "prejoined" => Rec(RecommendationKind.PreJoinedTable, [], ("sql", $"SELECT o.\"id\", o.\"select\", p.\"数量\" FROM {Q} o JOIN {Q} p ON p.\"id\" = o.\"id\"")),
        "narrow" => Rec(RecommendationKind.NarrowType, ["select"], ("from_type", engine == DdlDialect.PostgreSql ? "character varying(255)" : "VARCHAR"), ("to_type", "VARCHAR(16)")),
        "widen" => Rec(RecommendationKind.WidenType, ["naïve \"q\""], ("from_type", "INTEGER"), ("to_type", "BIGINT"), ("overflow_eta", "2026-01-01")),
        "salting" => Rec(RecommendationKind.SkewMitigation, ["数量"], ("strategy", "salting"), ("salt_buckets", "4")),
        "composite" => Rec(RecommendationKind.SkewMitigation, ["数量", "id"], ("strategy", "composite")),
        _ => throw new ArgumentException(name),
    };

    public static async Task SetUpAsync(DbConnection c, DdlDialect engine)
    {
        await ExecAsync(c, "CREATE TABLE x (v INTEGER)");
        await ExecAsync(c, $"CREATE SCHEMA {SqlIdentifier.Quote(Table.Schema!)}");
        string ts = engine == DdlDialect.PostgreSql ? "timestamp" : "TIMESTAMP";
        await ExecAsync(c, $"CREATE TABLE {Q} (\"id\" BIGINT, \"select\" VARCHAR(255), \"created at\" {ts}, \"naïve \"\"q\"\"\" INTEGER, \"数量\" INTEGER)");
        await ExecAsync(c, $"INSERT INTO {Q} VALUES (1, 'a', TIMESTAMP '2025-01-05 10:00:00', 7, 1), (2, 'bb', TIMESTAMP '2025-02-10 11:00:00', 8, 1), " +
                           "(3, 'a', TIMESTAMP '2025-03-15 12:00:00', NULL, 2), (4, 'ccc', TIMESTAMP '2024-12-31 23:00:00', 9, 1)");
    }

    public static async Task<string> StateAsync(DbConnection c)
    {
        var cols = await ScalarAsync(c, "SELECT string_agg(column_name || ':' || data_type, ',' ORDER BY ordinal_position) FROM information_schema.columns " +
                                        $"WHERE table_schema = {SqlIdentifier.Literal(Table.Schema!)} AND table_name = {SqlIdentifier.Literal(Table.Name)}");
        var data = await ScalarAsync(c, $"SELECT CAST(count(*) AS VARCHAR) || ':' || CAST(sum(\"id\" * 10 + length(\"select\")) AS VARCHAR) || ':' || CAST(sum(\"naïve \"\"q\"\"\") AS VARCHAR) FROM {Q}");
        var tables = await ScalarAsync(c, $"SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = {SqlIdentifier.Literal(Table.Schema!)}");
        return $"{cols} | {data} | {tables}";
    }

    public static async Task RunAsync(DbConnection c, IEnumerable<string> statements)
    {
        await using var tx = await c.BeginTransactionAsync();
        foreach (var s in statements)
        {
            await using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = s;
            try { await cmd.ExecuteNonQueryAsync(); }
            catch (DbException e) { throw new Xunit.Sdk.XunitException($"statement failed: {s}\n{e.Message}"); }
        }
        await tx.CommitAsync();
    }

    public static async Task<object?> ScalarAsync(DbConnection c, string sql)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        var v = await cmd.ExecuteScalarAsync();
        return v is DBNull ? null : v;
    }

    public static async Task ExecAsync(DbConnection c, string sql)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Forward, check the effect, refresh, roll back (state equal to before), forward again, clean up (no backup left).</summary>
    public static async Task ExerciseAsync(DbConnection c, DdlDialect engine, string name, Func<DbConnection, SchemaRecommendation, SchemaChangeDdl, Task> checkApplied)
    {
        await SetUpAsync(c, engine);
        var rec = Case(name, engine);
        var ddl = SchemaChangeDdl.Generate(rec, engine);
        Assert.Contains(ddl.Forward, s => s.Contains(Q, StringComparison.Ordinal)); // the hostile name only ever inside quotes
        var before = await StateAsync(c);
        await RunAsync(c, ddl.Forward);
        await checkApplied(c, rec, ddl);
        if (ddl.Refresh.Count > 0) await RunAsync(c, ddl.Refresh);
        await RunAsync(c, ddl.Rollback);
        Assert.Equal(before, await StateAsync(c));
        await RunAsync(c, ddl.Forward);
        await RunAsync(c, ddl.Cleanup);
        Assert.DoesNotContain("aek_bak_", (string?)await ScalarAsync(c, $"SELECT string_agg(table_name, ',') FROM information_schema.tables WHERE table_schema = {SqlIdentifier.Literal(Table.Schema!)}") ?? "");
        Assert.Equal(4L, Convert.ToInt64(await ScalarAsync(c, $"SELECT count(*) FROM {Q}")));
        Assert.Equal(0L, Convert.ToInt64(await ScalarAsync(c, "SELECT count(*) FROM x"))); // the sentinel survived every statement
    }

    public static async Task<string?> TypeOfAsync(DbConnection c, string column) =>
        (string?)await ScalarAsync(c, $"SELECT data_type FROM information_schema.columns WHERE table_schema = {SqlIdentifier.Literal(Table.Schema!)} " +
                                      $"AND table_name = {SqlIdentifier.Literal(Table.Name)} AND column_name = {SqlIdentifier.Literal(column)}");
}

public class DuckDbHostileNameDdlTests
{
    public static TheoryData<string> Cases => new(HostileDdl.Cases(DdlDialect.DuckDb));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Hostile_names_apply_undo_and_finalize_on_duckdb(string name)
    {
        await using var c = new DuckDBConnection("DataSource=:memory:");
        await c.OpenAsync(TestContext.Current.CancellationToken);
        await HostileDdl.ExerciseAsync(c, DdlDialect.DuckDb, name, async (conn, rec, ddl) =>
        {
            switch (rec.Kind)
            {
                case RecommendationKind.Index or RecommendationKind.SkewMitigation when rec.Option("strategy") is null or "composite":
                    Assert.Equal(1L, Convert.ToInt64(await HostileDdl.ScalarAsync(conn, $"SELECT count(*) FROM duckdb_indexes() WHERE index_name = {SqlIdentifier.Literal(ddl.CreatedObject!.Name)}")));
                    break;
                case RecommendationKind.Clustering or RecommendationKind.Partitioning:
                    // Rewritten sorted by the key: the first row is the earliest.
                    Assert.Equal(4L, Convert.ToInt64(await HostileDdl.ScalarAsync(conn, $"SELECT \"id\" FROM {rec.Table.Quoted} LIMIT 1")));
                    break;
                case RecommendationKind.MaterializedView or RecommendationKind.PreJoinedTable:
                    Assert.True(Convert.ToInt64(await HostileDdl.ScalarAsync(conn, $"SELECT count(*) FROM {HostileDdl.View}")) >= 3);
                    break;
                case RecommendationKind.WidenType:
                    Assert.Equal("BIGINT", await HostileDdl.TypeOfAsync(conn, "naïve \"q\""));
                    break;
                case RecommendationKind.NarrowType:
                    Assert.Equal("VARCHAR", await HostileDdl.TypeOfAsync(conn, "select"));
                    break;
                default:
                    Assert.NotNull(await HostileDdl.TypeOfAsync(conn, "数量__salt"));
                    break;
            }
        });
    }

    [Fact]
    public void Hash_partitioning_has_no_duckdb_rendering()
    {
        var rec = HostileDdl.Case("hash", DdlDialect.PostgreSql);
        Assert.False(SchemaChangeDdl.Supports(rec, DdlDialect.DuckDb));
        Assert.Throws<KitDataException>(() => SchemaChangeDdl.Generate(rec, DdlDialect.DuckDb));
    }

    [Fact]
    public void Bad_options_are_rejected_before_any_sql_is_written()
    {
        var injected = HostileDdl.Rec(RecommendationKind.WidenType, ["a"], ("from_type", "INTEGER"), ("to_type", "BIGINT; DROP TABLE x"));
        Assert.Contains("must be an SQL type name", Assert.Throws<KitDataException>(() => SchemaChangeDdl.Generate(injected, DdlDialect.PostgreSql)).Message);
        var twoStatements = HostileDdl.Rec(RecommendationKind.MaterializedView, [], ("sql", "SELECT 1; DROP TABLE x"));
        Assert.Throws<KitDataException>(() => SchemaChangeDdl.Generate(twoStatements, DdlDialect.PostgreSql));
        var badDate = HostileDdl.Rec(RecommendationKind.Partitioning, ["created at"], ("method", "range"), ("from", "2025-01-01'); DROP TABLE x; --"), ("to", "2025-02-01"));
        Assert.Throws<KitDataException>(() => SchemaChangeDdl.Generate(badDate, DdlDialect.PostgreSql));
    }

    [Fact]
    public void Derived_names_stay_within_63_bytes_and_unique()
    {
        var longName = new string('ü', 40); // 80 bytes in UTF-8
        var a = SchemaChangeDdl.DerivedName("ix_", longName, "__a");
        var b = SchemaChangeDdl.DerivedName("ix_", longName, "__b");
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(a) <= 63);
        Assert.NotEqual(a, b);
        Assert.Equal("ix_t__a", SchemaChangeDdl.DerivedName("ix_", "t", "__a"));
    }
}

[Collection(SchemaEvolution.SchemaEvolutionPostgresCollection.Name)]
public class PostgresHostileNameDdlTests(PostgresServer server)
{
    public static TheoryData<string> Cases => new(HostileDdl.Cases(DdlDialect.PostgreSql));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Hostile_names_apply_undo_and_finalize_on_postgres(string name)
    {
        var cs = await server.CreateDatabaseAsync("ddl");
        await using var c = new NpgsqlConnection(cs);
        await c.OpenAsync(TestContext.Current.CancellationToken);
        await HostileDdl.ExerciseAsync(c, DdlDialect.PostgreSql, name, async (conn, rec, ddl) =>
        {
            var created = rec.Kind is RecommendationKind.MaterializedView or RecommendationKind.PreJoinedTable ? HostileDdl.View : rec.Table.Quoted;
            string? relkind = Convert.ToString(await HostileDdl.ScalarAsync(conn, $"SELECT relkind FROM pg_class WHERE oid = to_regclass({SqlIdentifier.Literal(created)})"));
            switch (rec.Kind)
            {
                case RecommendationKind.Index or RecommendationKind.Clustering or RecommendationKind.SkewMitigation when rec.Option("strategy") is null or "composite":
                    Assert.Equal(1L, Convert.ToInt64(await HostileDdl.ScalarAsync(conn, $"SELECT count(*) FROM pg_indexes WHERE indexname = {SqlIdentifier.Literal(ddl.CreatedObject!.Name)}")));
                    break;
                case RecommendationKind.Partitioning or RecommendationKind.SkewMitigation when rec.Option("strategy") is null or "hash":
                    Assert.Equal("p", relkind);
                    // Range: Jan, Feb, Mar 2025 + default = 4 partitions (the 2024-12-31 row lands in the default one); hash: modulus 4.
                    Assert.Equal(4L, Convert.ToInt64(await HostileDdl.ScalarAsync(conn, $"SELECT count(*) FROM pg_inherits WHERE inhparent = to_regclass({SqlIdentifier.Literal(rec.Table.Quoted)})")));
                    break;
                case RecommendationKind.MaterializedView:
                    Assert.Equal("m", relkind);
                    Assert.Equal(3L, Convert.ToInt64(await HostileDdl.ScalarAsync(conn, $"SELECT count(*) FROM {created}")));
                    break;
                case RecommendationKind.PreJoinedTable:
                    Assert.Equal("r", relkind);
                    break;
                case RecommendationKind.WidenType:
                    Assert.Equal("bigint", await HostileDdl.TypeOfAsync(conn, "naïve \"q\""));
                    break;
                case RecommendationKind.NarrowType:
                    Assert.Equal(16, Convert.ToInt32(await HostileDdl.ScalarAsync(conn, "SELECT character_maximum_length FROM information_schema.columns WHERE column_name = 'select'")));
                    break;
                default:
                    Assert.NotNull(await HostileDdl.TypeOfAsync(conn, "数量__salt"));
                    break;
            }
        });
    }

    [Fact]
    public async Task Narrowing_below_the_data_fails_and_leaves_the_table_as_it_was()
    {
        var cs = await server.CreateDatabaseAsync("ddl");
        await using var c = new NpgsqlConnection(cs);
        await c.OpenAsync(TestContext.Current.CancellationToken);
        await HostileDdl.SetUpAsync(c, DdlDialect.PostgreSql);
        var before = await HostileDdl.StateAsync(c);
        var tooNarrow = HostileDdl.Rec(RecommendationKind.NarrowType, ["select"], ("from_type", "character varying(255)"), ("to_type", "VARCHAR(2)"));
        await Assert.ThrowsAnyAsync<Exception>(() => HostileDdl.RunAsync(c, SchemaChangeDdl.Generate(tooNarrow, DdlDialect.PostgreSql).Forward));
        Assert.Equal(before, await HostileDdl.StateAsync(c));
    }
}
