using System.Data.Common;
using System.Globalization;
using AdaptiveEtl.Kit.Data;
using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;
using DuckDB.NET.Data;
using Npgsql;

namespace AdaptiveEtl.Kit.SchemaEvolution.Profiling;

/// <summary>
/// Profiles tables in the data store: one aggregate query per table (count, null count, distinct count, min/max,
/// longest string per column) on DuckDB; on PostgreSQL the same over a <c>TABLESAMPLE BERNOULLI</c> sample when asked,
/// with row and distinct counts taken from <c>pg_class</c>/<c>pg_stats</c> when the table has been analysed.
/// Identifiers are quoted, values bound.
/// </summary>
public static class StoreProfiler
{
    /// <summary>Profiles a DuckDB table (full scan).</summary>
    /// <exception cref="KitDataException">The table does not exist.</exception>
    public static async Task<TableProfile> ProfileDuckDbAsync(DuckDBConnection connection, QualifiedTable table, DateTimeOffset? at = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(table);
        var columns = await ColumnsAsync(connection, table, "main", cancellationToken);
        var (rows, stats) = await AggregateAsync(connection, table, columns, Engine.DuckDb, null, cancellationToken);
        return new TableProfile(table, at ?? DateTimeOffset.UtcNow, rows, null, stats, Sampled: false);
    }

    /// <summary>
    /// Profiles a PostgreSQL table. With <paramref name="samplePercent"/> below 100 the aggregates run over
    /// <c>TABLESAMPLE BERNOULLI (p) REPEATABLE (seed)</c>; the row count then comes from <c>pg_class.reltuples</c> (or the sample
    /// scaled up), distinct counts and null shares from <c>pg_stats</c> when analysed, and min/max/longest are the sample's.
    /// </summary>
    /// <exception cref="KitDataException">The table does not exist, or the percentage is not in (0, 100].</exception>
    public static async Task<TableProfile> ProfilePostgresAsync(NpgsqlConnection connection, QualifiedTable table, double samplePercent = 100, DateTimeOffset? at = null,
        int seed = 42, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(table);
        if (!(samplePercent > 0 && samplePercent <= 100)) throw new KitDataException($"sample percentage {samplePercent} is out of range; expected (0, 100].", table.ToString());
        var schema = table.Schema ?? "public";
        var columns = await ColumnsAsync(connection, table, "public", cancellationToken);
        bool sampled = samplePercent < 100;
        var (rows, stats) = await AggregateAsync(connection, table, columns, Engine.Postgres, sampled ? (samplePercent, seed) : null, cancellationToken);
        long? size;
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT pg_total_relation_size(to_regclass(@n)), (SELECT reltuples FROM pg_class WHERE oid = to_regclass(@n))";
            cmd.Parameters.AddWithValue("n", SqlIdentifier.Quote(schema, table.Name));
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            await r.ReadAsync(cancellationToken);
            size = r.IsDBNull(0) ? null : r.GetInt64(0);
            if (sampled) rows = !r.IsDBNull(1) && r.GetFloat(1) > 0 ? (long)r.GetFloat(1) : (long)Math.Round(rows * 100 / samplePercent);
        }
        if (sampled)
        {
            var pgStats = new Dictionary<string, (double NullFrac, double NDistinct)>(StringComparer.Ordinal);
            await using (var cmd = connection.CreateCommand())
            {
                cmd.CommandText = "SELECT attname, null_frac, n_distinct FROM pg_stats WHERE schemaname = @s AND tablename = @t";
                cmd.Parameters.AddWithValue("s", schema);
                cmd.Parameters.AddWithValue("t", table.Name);
                await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
                while (await r.ReadAsync(cancellationToken)) pgStats[r.GetString(0)] = (r.GetFloat(1), r.GetFloat(2));
            }
            stats = stats.Select(c =>
            {
                double nullShare = pgStats.TryGetValue(c.Column, out var s) ? s.NullFrac : c.NullShare;
                // pg_stats.n_distinct: positive = a count; negative = minus the distinct share of the rows.
                long distinct = pgStats.TryGetValue(c.Column, out s) ? (long)Math.Round(s.NDistinct >= 0 ? s.NDistinct : -s.NDistinct * rows) : c.DistinctCount;
                return c with { RowCount = rows, NullCount = (long)Math.Round(nullShare * rows), DistinctCount = distinct };
            }).ToList();
        }
        return new TableProfile(table, at ?? DateTimeOffset.UtcNow, rows, size, stats, sampled);
    }

    /// <summary>
    /// The row count of each value of <paramref name="column"/> (nulls as one group), most frequent first, at most
    /// <paramref name="limit"/> groups: the distribution behind the skew figures (top-k share, Gini).
    /// </summary>
    public static async Task<IReadOnlyList<ValueFrequency>> ValueFrequenciesAsync(DbConnection connection, QualifiedTable table, string column, int limit = 100_000,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var q = SqlIdentifier.Quote(column);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT CAST({q} AS VARCHAR) AS v, count(*) AS n FROM {table.Quoted} GROUP BY 1 ORDER BY n DESC, v LIMIT {limit.ToString(CultureInfo.InvariantCulture)}";
        var result = new List<ValueFrequency>();
        try
        {
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken)) result.Add(new ValueFrequency(r.IsDBNull(0) ? null : r.GetString(0), Convert.ToInt64(r.GetValue(1), CultureInfo.InvariantCulture)));
        }
        catch (DbException e) { throw new KitDataException($"cannot count the values of column '{column}': {e.Message}", table.ToString(), column, inner: e); }
        return result;
    }

    private enum Engine { DuckDb, Postgres }

    private static async Task<List<(string Name, string Type)>> ColumnsAsync(DbConnection connection, QualifiedTable table, string defaultSchema, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        bool duck = connection is DuckDBConnection;
        cmd.CommandText = "SELECT column_name, " + (duck ? "data_type" : "CASE WHEN character_maximum_length IS NOT NULL THEN data_type || '(' || character_maximum_length || ')' ELSE data_type END") +
                          " FROM information_schema.columns WHERE table_schema = " + (duck ? "$s" : "@s") + " AND table_name = " + (duck ? "$t" : "@t") + " ORDER BY ordinal_position";
        Bind(cmd, "s", table.Schema ?? defaultSchema);
        Bind(cmd, "t", table.Name);
        var columns = new List<(string, string)>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) columns.Add((r.GetString(0), r.GetString(1)));
        if (columns.Count == 0) throw new KitDataException("table not found (no columns in information_schema.columns).", table.ToString());
        return columns;
    }

    private static void Bind(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    internal static bool IsNumeric(string type) =>
        type.ToLowerInvariant() is var t && (t.Contains("int") || t.StartsWith("decimal", StringComparison.Ordinal) || t.StartsWith("numeric", StringComparison.Ordinal)
            || t is "double" or "real" or "float" or "double precision" or "float4" or "float8");

    internal static bool IsTemporal(string type) =>
        type.ToLowerInvariant() is var t && (t.StartsWith("date", StringComparison.Ordinal) || t.StartsWith("timestamp", StringComparison.Ordinal));

    internal static bool IsText(string type) =>
        type.ToLowerInvariant() is var t && (t.Contains("char") || t == "text" || t.StartsWith("varchar", StringComparison.Ordinal) || t == "string");

    private static async Task<(long Rows, List<ColumnProfile> Columns)> AggregateAsync(DbConnection connection, QualifiedTable table, List<(string Name, string Type)> columns,
        Engine engine, (double Percent, int Seed)? sample, CancellationToken ct)
    {
        var select = new List<string> { "count(*)" };
        foreach (var (name, type) in columns)
        {
            var q = SqlIdentifier.Quote(name);
            bool comparable = IsNumeric(type) || IsTemporal(type) || IsText(type) || type.Equals("boolean", StringComparison.OrdinalIgnoreCase) || type.Equals("uuid", StringComparison.OrdinalIgnoreCase);
            select.Add($"count({q})");
            select.Add(comparable ? $"count(DISTINCT {q})" : "0");
            if (IsNumeric(type)) { select.Add(engine == Engine.DuckDb ? $"CAST(min({q}) AS DOUBLE)" : $"CAST(min({q}) AS float8)"); select.Add(engine == Engine.DuckDb ? $"CAST(max({q}) AS DOUBLE)" : $"CAST(max({q}) AS float8)"); }
            else if (IsTemporal(type))
            {
                // DuckDB's epoch() takes DATE and TIMESTAMP; PostgreSQL's EXTRACT(EPOCH …) takes both too.
                select.Add(engine == Engine.DuckDb ? $"CAST(epoch(min({q})) AS DOUBLE)" : $"CAST(EXTRACT(EPOCH FROM min({q})) AS float8)");
                select.Add(engine == Engine.DuckDb ? $"CAST(epoch(max({q})) AS DOUBLE)" : $"CAST(EXTRACT(EPOCH FROM max({q})) AS float8)");
            }
            else { select.Add("NULL"); select.Add("NULL"); }
            select.Add(IsText(type) ? (engine == Engine.DuckDb ? $"max(length({q}))" : $"max(char_length({q}))") : "NULL");
        }
        var from = table.Quoted;
        if (sample is { } s) from += $" TABLESAMPLE BERNOULLI ({s.Percent.ToString("R", CultureInfo.InvariantCulture)}) REPEATABLE ({s.Seed.ToString(CultureInfo.InvariantCulture)})";
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT {string.Join(", ", select)} FROM {from}";
        try
        {
            await using var r = await cmd.ExecuteReaderAsync(ct);
            await r.ReadAsync(ct);
            long rows = Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture);
            var result = new List<ColumnProfile>();
            for (int i = 0; i < columns.Count; i++)
            {
                int o = 1 + i * 5;
                long nonNull = Convert.ToInt64(r.GetValue(o), CultureInfo.InvariantCulture);
                long distinct = Convert.ToInt64(r.GetValue(o + 1), CultureInfo.InvariantCulture);
                double? min = r.IsDBNull(o + 2) ? null : Convert.ToDouble(r.GetValue(o + 2), CultureInfo.InvariantCulture);
                double? max = r.IsDBNull(o + 3) ? null : Convert.ToDouble(r.GetValue(o + 3), CultureInfo.InvariantCulture);
                int? len = r.IsDBNull(o + 4) ? null : Convert.ToInt32(r.GetValue(o + 4), CultureInfo.InvariantCulture);
                if (IsText(columns[i].Type) && len is null && nonNull == 0) len = 0;
                result.Add(new ColumnProfile(columns[i].Name, columns[i].Type, rows, rows - nonNull, distinct, min, max, len, IsTemporal(columns[i].Type)));
            }
            return (rows, result);
        }
        catch (DbException e) { throw new KitDataException($"cannot profile the table: {e.Message}", table.ToString(), inner: e); }
    }
}
