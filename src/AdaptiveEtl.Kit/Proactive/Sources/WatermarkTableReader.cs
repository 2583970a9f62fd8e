using System.Data.Common;
using System.Globalization;
using AdaptiveEtl.Kit.Data;
using AdaptiveEtl.Kit.Schema;
using DuckDB.NET.Data;

namespace AdaptiveEtl.Kit.Proactive.Sources;

/// <summary>
/// The SQL shared by the table connectors (PostgreSQL, DuckDB): rows with <c>wm &gt; @after</c> (and <c>&lt;= @upTo</c>),
/// batch bounds that never split rows sharing a watermark value, and a streaming copy into a DuckDB table with the
/// appender. Identifiers are quoted; watermark values are bound parameters (<paramref name="prefix"/> <c>@</c> or <c>$</c>).
/// </summary>
internal sealed class WatermarkTableReader(string source, string fromSql, string watermarkColumn, char prefix, Func<DbColumn, string> duckType)
{
    private string Wm => SqlIdentifier.Quote(watermarkColumn);

    public TableSchema Describe(DbConnection conn)
    {
        var cols = Columns(conn);
        return new TableSchema(source, cols.Select(c => new ColumnSchema(c.Name, SchemaChecks.DuckDbTypes.KindOf(c.DuckType), c.Nullable)));
    }

    public List<(string Name, string DuckType, bool Nullable)> Columns(DbConnection conn)
    {
        using var cmd = Command(conn, $"SELECT * FROM {fromSql} LIMIT 0");
        using var r = cmd.ExecuteReader();
        var schema = r.GetColumnSchema();
        if (!schema.Any(c => c.ColumnName == watermarkColumn))
            throw new KitDataException($"watermark column '{watermarkColumn}' not found; columns: {string.Join(", ", schema.Select(c => c.ColumnName))}.", source, watermarkColumn);
        return schema.Select(c => (c.ColumnName, duckType(c), c.AllowDBNull ?? true)).ToList();
    }

    /// <summary>(rows, bytes) after/up to the bounds; <paramref name="bytesExpr"/> is the engine's size-of-rows aggregate.</summary>
    public (long Rows, long Bytes) Estimate(DbConnection conn, string bytesExpr, Watermark? after, Watermark? upTo)
    {
        var (where, args) = Where(after, upTo);
        using var cmd = Command(conn, $"SELECT count(*), {bytesExpr} FROM {fromSql} AS t {where}", args);
        using var r = cmd.ExecuteReader();
        r.Read();
        return (DuckDbSql.ToLong(r.GetValue(0)), r.IsDBNull(1) ? 0 : DuckDbSql.ToLong(r.GetValue(1)));
    }

    /// <summary>The inclusive upper bound of the next batch of about <paramref name="maxRows"/> rows (ties at the bound included).</summary>
    public object? BatchBound(DbConnection conn, Watermark? after, Watermark? upTo, long maxRows)
    {
        var (where, args) = Where(after, upTo);
        using var cmd = Command(conn, $"SELECT max(w) FROM (SELECT {Wm} AS w FROM {fromSql} {where} ORDER BY {Wm} LIMIT {maxRows.ToString(CultureInfo.InvariantCulture)}) AS b", args);
        var v = cmd.ExecuteScalar();
        return v is DBNull ? null : v;
    }

    /// <summary>Streams the selected rows into a new DuckDB table; returns rows, bytes of the values and the largest watermark value.</summary>
    public (long Rows, long Bytes, object? Max) CopyInto(DbConnection src, DuckDBConnection dst, string table, FetchRequest request)
    {
        var columns = Columns(src);
        DuckDbSql.Execute(dst, $"CREATE TABLE {SqlIdentifier.Quote(table)} ({string.Join(", ", columns.Select(c => $"{SqlIdentifier.Quote(c.Name)} {c.DuckType}"))})");
        var upTo = request.UpTo;
        if (request.MaxRows is { } n && n > 0)
        {
            var bound = BatchBound(src, request.After, upTo, n);
            if (bound is null) return (0, 0, null); // nothing new
            upTo = Watermark.FromValue(bound, watermarkColumn);
        }
        var (where, args) = Where(request.After, upTo);
        using var cmd = Command(src, $"SELECT {string.Join(", ", columns.Select(c => SqlIdentifier.Quote(c.Name)))} FROM {fromSql} {where} ORDER BY {Wm}", args);
        using var r = cmd.ExecuteReader();
        int wmIndex = columns.FindIndex(c => c.Name == watermarkColumn);
        long rows = 0, bytes = 0;
        object? max = null;
        using (var appender = dst.CreateAppender(table))
        {
            while (r.Read())
            {
                var row = appender.CreateRow();
                for (int i = 0; i < columns.Count; i++)
                {
                    var v = r.IsDBNull(i) ? null : r.GetValue(i);
                    bytes += DuckDbAppend.Value(row, v, columns[i].DuckType);
                }
                row.EndRow();
                rows++;
                if (!r.IsDBNull(wmIndex)) max = r.GetValue(wmIndex); // ordered by the watermark: the last is the largest
            }
        }
        return (rows, bytes, max);
    }

    private (string Where, object?[] Args) Where(Watermark? after, Watermark? upTo)
    {
        var conds = new List<string> { $"{Wm} IS NOT NULL" };
        var args = new List<object?>();
        if (after is not null) { args.Add(after.ColumnValue); conds.Add($"{Wm} > {prefix}p{args.Count}"); }
        if (upTo is not null) { args.Add(upTo.ColumnValue); conds.Add($"{Wm} <= {prefix}p{args.Count}"); }
        return ("WHERE " + string.Join(" AND ", conds), args.ToArray());
    }

    private static DbCommand Command(DbConnection conn, string sql, params object?[] args)
    {
        var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        for (int i = 0; i < args.Length; i++)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "p" + (i + 1).ToString(CultureInfo.InvariantCulture);
            p.Value = args[i] ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }
}
