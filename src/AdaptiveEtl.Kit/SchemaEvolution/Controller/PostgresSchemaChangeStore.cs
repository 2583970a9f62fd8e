using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using AdaptiveEtl.Kit.Data;
using AdaptiveEtl.Kit.SchemaEvolution.Ddl;
using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;
using AdaptiveEtl.Kit.SchemaEvolution.Shadow;
using Npgsql;

namespace AdaptiveEtl.Kit.SchemaEvolution.Controller;

/// <summary>
/// A PostgreSQL database as an <see cref="ISchemaChangeStore"/>. Its shadow is a separate database on the same server
/// (<c>aek_shadow_…</c>) holding the same schemas and tables (rows copied with binary COPY, sampled with
/// <c>TABLESAMPLE BERNOULLI … REPEATABLE</c> when asked, indexes re-created, then ANALYZE); what-if costs come from
/// HypoPG (<c>hypopg_create_index</c> + <c>EXPLAIN (FORMAT JSON)</c>), reported unavailable when the extension is not installed.
/// </summary>
public sealed class PostgresSchemaChangeStore : SqlSchemaChangeStore
{
    private readonly string _connectionString;
    private readonly string? _adminConnectionString; // set on a shadow: where to DROP DATABASE it from

    private PostgresSchemaChangeStore(string connectionString, string? adminConnectionString) : base(adminConnectionString is not null)
    {
        _connectionString = connectionString;
        _adminConnectionString = adminConnectionString;
    }

    /// <summary>Connects to the database (checked at once) and returns the store.</summary>
    public static async Task<PostgresSchemaChangeStore> OpenAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var store = new PostgresSchemaChangeStore(connectionString, null);
        await store.WithConnectionAsync(_ => Task.FromResult(true), cancellationToken);
        return store;
    }

    /// <summary>The database this store works on.</summary>
    public string Database => new NpgsqlConnectionStringBuilder(_connectionString).Database ?? "";

    /// <summary>Connection string of this store's database (for a shadow: the shadow database).</summary>
    public string ConnectionString => _connectionString;

    /// <inheritdoc />
    public override string Engine => "PostgreSQL";

    /// <inheritdoc />
    public override DdlDialect Dialect => DdlDialect.PostgreSql;

    private protected override string? ReadOnlyStatement => "SET TRANSACTION READ ONLY";

    private protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var b = new NpgsqlConnectionStringBuilder(_connectionString) { ApplicationName = "aek-schema-controller" };
        var c = new NpgsqlConnection(b.ConnectionString);
        await c.OpenAsync(cancellationToken);
        return c;
    }

    private protected override DbParameter Parameter(string name, object? value) => new NpgsqlParameter(name, value ?? DBNull.Value);

    private protected override async Task<TableCatalog> DescribeAsync(DbConnection c, DbTransaction? tx, QualifiedTable table, CancellationToken ct)
    {
        object? oid;
        await using (var cmd = Command(c, tx,
            "SELECT c.oid::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace " +
            "WHERE n.nspname = COALESCE(@s, current_schema()) AND c.relname = @t AND c.relkind IN ('r', 'p', 'm')",
            ("s", table.Schema), ("t", table.Name)))
            oid = await cmd.ExecuteScalarAsync(ct);
        if (oid is null or DBNull) return TableCatalog.Missing(table);
        var columns = new List<CatalogColumn>();
        await using (var cmd = Command(c, tx,
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a " +
            "WHERE a.attrelid::bigint = @o AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum", ("o", oid)))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) columns.Add(new CatalogColumn(r.GetString(0), r.GetString(1)));
        var indexes = new List<CatalogIndex>();
        await using (var cmd = Command(c, tx,
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid " +
            "WHERE x.indrelid::bigint = @o ORDER BY i.relname", ("o", oid)))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) indexes.Add(new CatalogIndex(r.GetString(0), r.GetString(1)));
        long rows;
        await using (var cmd = Command(c, tx, $"SELECT count(*) FROM {table.Quoted}"))
            rows = Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        return new TableCatalog(table, true, columns, indexes, rows);
    }

    private protected override async Task<bool> ObjectExistsAsync(DbConnection c, DbTransaction? tx, QualifiedTable name, CancellationToken ct)
    {
        // to_regclass takes the quoted name as a bound text value and returns NULL when there is no such relation.
        await using var cmd = Command(c, tx, "SELECT to_regclass(@q) IS NOT NULL", ("q", name.Quoted));
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private protected override async Task<IReadOnlyList<string>> DependentViewsAsync(DbConnection c, QualifiedTable table, CancellationToken ct)
    {
        var list = new List<string>();
        await using var cmd = Command(c, null,
            "SELECT DISTINCT v.oid::regclass::text FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class v ON v.oid = r.ev_class " +
            "WHERE d.classid = 'pg_rewrite'::regclass AND d.refobjid = to_regclass(@q) AND v.oid <> d.refobjid ORDER BY 1", ("q", table.Quoted));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add(r.GetString(0));
        return list;
    }

    private protected override async Task<ISchemaChangeStore> CreateShadowAsync(DbConnection c, IReadOnlyCollection<QualifiedTable> tables, ShadowOptions options, CancellationToken ct)
    {
        var prod = (NpgsqlConnection)c;
        var name = "aek_shadow_" + Guid.NewGuid().ToString("N")[..12];
        await using (var cmd = Command(c, null, $"CREATE DATABASE {SqlIdentifier.Quote(name)}")) await cmd.ExecuteNonQueryAsync(ct);
        var shadowCs = new NpgsqlConnectionStringBuilder(_connectionString) { Database = name }.ConnectionString;
        var shadow = new PostgresSchemaChangeStore(shadowCs, _connectionString);
        try
        {
            await using var target = new NpgsqlConnection(shadowCs);
            await target.OpenAsync(ct);
            foreach (var table in tables)
            {
                var cat = await DescribeAsync(c, null, table, ct);
                if (!cat.Exists) throw new KitDataException("cannot build the shadow: the table does not exist.", table.ToString());
                var schema = table.Schema;
                if (schema is null)
                {
                    await using var cs = Command(c, null, "SELECT current_schema()");
                    schema = (string)(await cs.ExecuteScalarAsync(ct))!;
                }
                var q = new QualifiedTable(schema, table.Name).Quoted;
                await Exec(target, $"CREATE SCHEMA IF NOT EXISTS {SqlIdentifier.Quote(schema)}", ct);
                await Exec(target, $"CREATE TABLE {q} ({string.Join(", ", cat.Columns.Select(col => SqlIdentifier.Quote(col.Name) + " " + col.Type))})", ct);
                var sample = options.SampleFraction >= 1 ? ""
                    : string.Create(CultureInfo.InvariantCulture, $" TABLESAMPLE BERNOULLI ({options.SampleFraction * 100:R}) REPEATABLE ({options.Seed})");
                {
                    await using var from = await prod.BeginRawBinaryCopyAsync($"COPY (SELECT * FROM {q}{sample}) TO STDOUT (FORMAT BINARY)", ct);
                    await using var to = await target.BeginRawBinaryCopyAsync($"COPY {q} FROM STDIN (FORMAT BINARY)", ct);
                    await from.CopyToAsync(to, ct);
                }
                foreach (var ix in cat.Indexes) await Exec(target, ix.Definition, ct);
                await Exec(target, $"ANALYZE {q}", ct);
            }
            return shadow;
        }
        catch
        {
            await shadow.DisposeAsync();
            throw;
        }
    }

    private protected override async Task<WhatIfResult> WhatIfIndexAsync(DbConnection c, string createIndexStatement, IReadOnlyList<WorkloadQuery> workload, CancellationToken ct)
    {
        try { await using var cmd = Command(c, null, "CREATE EXTENSION IF NOT EXISTS hypopg"); await cmd.ExecuteNonQueryAsync(ct); }
        catch (PostgresException e)
        {
            return WhatIfResult.Unavailable("HypoPG is not available on this PostgreSQL server (install postgresql-15-hypopg): " + e.MessageText);
        }
        var before = new List<double>();
        foreach (var q in workload) before.Add((await ExplainAsync(c, q, ct)).Cost);
        string hypoName;
        await using (var cmd = Command(c, null, "SELECT indexname FROM hypopg_create_index(@stmt)", ("stmt", createIndexStatement)))
            hypoName = (string)(await cmd.ExecuteScalarAsync(ct))!;
        try
        {
            var costs = new List<WhatIfQueryCost>();
            for (int i = 0; i < workload.Count; i++)
            {
                var (cost, indexNames) = await ExplainAsync(c, workload[i], ct);
                costs.Add(new WhatIfQueryCost(workload[i], before[i], cost, indexNames.Contains(hypoName)));
            }
            return new WhatIfResult(true, null, costs);
        }
        finally
        {
            await using var reset = Command(c, null, "SELECT hypopg_reset()");
            await reset.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private async Task<(double Cost, HashSet<string> IndexNames)> ExplainAsync(DbConnection c, WorkloadQuery q, CancellationToken ct)
    {
        string json;
        try
        {
            await using var cmd = Command(c, null, "EXPLAIN (FORMAT JSON) " + q.Sql);
            json = Convert.ToString(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture)!;
        }
        catch (PostgresException e) { throw new KitDataException($"EXPLAIN of workload family '{q.Family}' failed: {e.MessageText}", "workload", inner: e); }
        using var doc = JsonDocument.Parse(json);
        var plan = doc.RootElement[0].GetProperty("Plan");
        var names = new HashSet<string>(StringComparer.Ordinal);
        Collect(plan, names);
        return (plan.GetProperty("Total Cost").GetDouble(), names);

        static void Collect(JsonElement node, HashSet<string> names)
        {
            if (node.TryGetProperty("Index Name", out var n)) names.Add(n.GetString()!);
            if (node.TryGetProperty("Plans", out var children)) foreach (var child in children.EnumerateArray()) Collect(child, names);
        }
    }

    private static async Task Exec(NpgsqlConnection c, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private protected override async ValueTask DisposeShadowAsync()
    {
        if (_adminConnectionString is null) return;
        await using var admin = new NpgsqlConnection(_adminConnectionString);
        await admin.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {SqlIdentifier.Quote(Database)} WITH (FORCE)", admin);
        await cmd.ExecuteNonQueryAsync();
    }
}
