using System.Data.Common;
using System.Globalization;
using AdaptiveEtl.Kit.Data;
using AdaptiveEtl.Kit.SchemaEvolution.Ddl;
using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;
using AdaptiveEtl.Kit.SchemaEvolution.Shadow;
using DuckDB.NET.Data;

namespace AdaptiveEtl.Kit.SchemaEvolution.Controller;

/// <summary>
/// A DuckDB database file as an <see cref="ISchemaChangeStore"/>. Its shadow is a separate DuckDB file with the same
/// schemas and tables, filled by <c>ATTACH</c> + <c>CREATE TABLE … AS SELECT</c> (sampled with
/// <c>USING SAMPLE … PERCENT (bernoulli, seed)</c> when asked) and the same indexes; DuckDB has no what-if.
/// </summary>
public sealed class DuckDbSchemaChangeStore : SqlSchemaChangeStore
{
    private DuckDbSchemaChangeStore(string path, bool isShadow) : base(isShadow) { Path = path; }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Opens the DuckDB database at <paramref name="path"/> (a file; it must exist).</summary>
    /// <exception cref="KitDataException">The file does not exist or is not a DuckDB database.</exception>
    public static async Task<DuckDbSchemaChangeStore> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new KitDataException("file not found; expected a DuckDB database file to change.", path);
        var store = new DuckDbSchemaChangeStore(System.IO.Path.GetFullPath(path), false);
        try { await store.WithConnectionAsync(_ => Task.FromResult(true), cancellationToken); }
        catch (DuckDBException e) { await store.DisposeAsync(); throw new KitDataException("cannot open as a DuckDB database: " + e.Message, path, inner: e); }
        return store;
    }

    /// <inheritdoc />
    public override string Engine => "DuckDB";

    /// <inheritdoc />
    public override DdlDialect Dialect => DdlDialect.DuckDb;

    private protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var c = new DuckDBConnection("Data Source=" + Path);
        await c.OpenAsync(cancellationToken);
        return c;
    }

    private protected override DbParameter Parameter(string name, object? value) => new DuckDBParameter(name, value ?? DBNull.Value);

    private protected override async Task<TableCatalog> DescribeAsync(DbConnection c, DbTransaction? tx, QualifiedTable table, CancellationToken ct)
    {
        var schema = table.Schema ?? await CurrentSchemaAsync(c, tx, ct);
        var columns = new List<CatalogColumn>();
        await using (var cmd = Command(c, tx,
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_catalog = current_database() " +
            "AND table_schema = $s AND table_name = $t ORDER BY ordinal_position", ("s", schema), ("t", table.Name)))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) columns.Add(new CatalogColumn(r.GetString(0), r.GetString(1)));
        bool isTable;
        await using (var cmd = Command(c, tx,
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = $s AND table_name = $t", ("s", schema), ("t", table.Name)))
            isTable = Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) > 0;
        if (!isTable) return TableCatalog.Missing(table);
        var indexes = new List<CatalogIndex>();
        await using (var cmd = Command(c, tx,
            "SELECT index_name, coalesce(sql, '') FROM duckdb_indexes() WHERE database_name = current_database() AND schema_name = $s AND table_name = $t ORDER BY index_name",
            ("s", schema), ("t", table.Name)))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) indexes.Add(new CatalogIndex(r.GetString(0), r.GetString(1)));
        long rows;
        await using (var cmd = Command(c, tx, $"SELECT count(*) FROM {table.Quoted}"))
            rows = Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        return new TableCatalog(table, true, columns, indexes, rows);
    }

    private protected override async Task<bool> ObjectExistsAsync(DbConnection c, DbTransaction? tx, QualifiedTable name, CancellationToken ct)
    {
        var schema = name.Schema ?? await CurrentSchemaAsync(c, tx, ct);
        await using var cmd = Command(c, tx,
            "SELECT (SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = $s AND table_name = $n) + " +
            "(SELECT count(*) FROM duckdb_views() WHERE database_name = current_database() AND schema_name = $s AND view_name = $n) + " +
            "(SELECT count(*) FROM duckdb_indexes() WHERE database_name = current_database() AND schema_name = $s AND index_name = $n)",
            ("s", schema), ("n", name.Name));
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) > 0;
    }

    private async Task<string> CurrentSchemaAsync(DbConnection c, DbTransaction? tx, CancellationToken ct)
    {
        await using var cmd = Command(c, tx, "SELECT current_schema()");
        return (string)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private protected override async Task<ISchemaChangeStore> CreateShadowAsync(DbConnection c, IReadOnlyCollection<QualifiedTable> tables, ShadowOptions options, CancellationToken ct)
    {
        var dir = options.Directory ?? System.IO.Path.GetTempPath();
        Directory.CreateDirectory(dir);
        var alias = "aek_shadow_" + Guid.NewGuid().ToString("N")[..12];
        var file = System.IO.Path.Combine(dir, alias + ".duckdb");
        var shadow = new DuckDbSchemaChangeStore(file, true);
        bool attached = false;
        try
        {
            await Exec(c, $"ATTACH {SqlIdentifier.Literal(file)} AS {SqlIdentifier.Quote(alias)}", ct);
            attached = true;
            var copied = new List<(string Schema, TableCatalog Catalog)>();
            foreach (var table in tables)
            {
                var cat = await DescribeAsync(c, null, table, ct);
                if (!cat.Exists) throw new KitDataException("cannot build the shadow: the table does not exist.", table.ToString());
                var schema = table.Schema ?? await CurrentSchemaAsync(c, null, ct);
                var sample = options.SampleFraction >= 1 ? ""
                    : string.Create(CultureInfo.InvariantCulture, $" USING SAMPLE {options.SampleFraction * 100:R} PERCENT (bernoulli, {options.Seed})");
                await Exec(c, $"CREATE SCHEMA IF NOT EXISTS {SqlIdentifier.Quote(alias, schema)}", ct);
                await Exec(c, $"CREATE TABLE {SqlIdentifier.Quote(alias, schema, table.Name)} AS SELECT * FROM {table.Quoted}{sample}", ct);
                copied.Add((schema, cat));
            }
            await Exec(c, $"DETACH {SqlIdentifier.Quote(alias)}", ct);
            attached = false;
            // Indexes are re-created in the shadow file itself: duckdb_indexes().sql names the table without its catalog.
            await using var target = new DuckDBConnection("Data Source=" + file);
            await target.OpenAsync(ct);
            foreach (var (schema, cat) in copied)
            {
                if (cat.Indexes.Count == 0) continue;
                await Exec(target, $"SET schema = {SqlIdentifier.Literal(schema)}", ct);
                foreach (var ix in cat.Indexes.Where(i => i.Definition.Length > 0)) await Exec(target, ix.Definition, ct);
            }
            return shadow;
        }
        catch
        {
            if (attached) { try { await Exec(c, $"DETACH {SqlIdentifier.Quote(alias)}", CancellationToken.None); } catch (DuckDBException) { } }
            await shadow.DisposeAsync();
            throw;
        }
    }

    private static async Task Exec(DbConnection c, string sql, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private protected override ValueTask DisposeShadowAsync()
    {
        foreach (var f in new[] { Path, Path + ".wal" })
            try { File.Delete(f); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return ValueTask.CompletedTask;
    }
}
