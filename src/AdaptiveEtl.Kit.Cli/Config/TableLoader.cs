using System.Data.Common;
using System.Globalization;
using AdaptiveEtl.Kit.Data;
using AdaptiveEtl.Kit.History;
using DuckDB.NET.Data;
using Microsoft.Data.Analysis;
using Npgsql;

namespace AdaptiveEtl.Kit.Cli.Config;

/// <summary>
/// Reads a <see cref="TableSource"/>: CSV through <see cref="EtlKit.ReadCsv"/> (the kit's one CSV loader), Parquet through
/// DuckDB's reader, DuckDB and PostgreSQL tables with a quoted <c>SELECT *</c>. Every failure is a
/// <see cref="KitDataException"/> naming the source; nothing is ever answered on a source that could not be read.
/// </summary>
public static class TableLoader
{
    /// <summary>Loads the whole source into a DataFrame.</summary>
    public static DataFrame Load(TableSource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        switch (source.Kind)
        {
            case TableSourceKind.Csv:
                return EtlKit.ReadCsv(source.Location);
            case TableSourceKind.Parquet:
            {
                using var duck = new DuckDBConnection("Data Source=:memory:");
                duck.Open();
                return Query(duck, $"SELECT * FROM read_parquet({SqlIdentifier.Literal(source.Location)})", source, cancellationToken);
            }
            case TableSourceKind.DuckDb:
            {
                using var duck = new DuckDBConnection($"Data Source={source.Location};ACCESS_MODE=READ_ONLY");
                try { duck.Open(); }
                catch (DuckDBException e) { throw new KitDataException($"cannot open the DuckDB file: {e.Message}", source.Origin, inner: e); }
                return Query(duck, $"SELECT * FROM {source.QuotedTable()}", source, cancellationToken);
            }
            default:
            {
                using var pg = new NpgsqlConnection(source.Location);
                try { pg.Open(); }
                catch (Exception e) when (e is NpgsqlException or ArgumentException or InvalidOperationException)
                {
                    throw new KitDataException($"cannot connect to PostgreSQL: {e.Message}", source.Origin, inner: e);
                }
                return Query(pg, $"SELECT * FROM {source.QuotedTable()}", source, cancellationToken);
            }
        }
    }

    /// <summary>Imports a run-history source into <paramref name="store"/> (validated row by row, one transaction).</summary>
    public static ImportResult ImportRuns(RunHistoryStore store, TableSource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(source);
        return source.Kind switch
        {
            TableSourceKind.Csv => store.ImportCsv(source.Location),
            TableSourceKind.Parquet => store.ImportParquet(source.Location),
            _ => store.ImportDataFrame(Load(source, cancellationToken), source.DisplayName),
        };
    }

    private static DataFrame Query(DbConnection connection, string sql, TableSource source, CancellationToken cancellationToken)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        DbDataReader reader;
        try { reader = cmd.ExecuteReader(); }
        catch (DbException e) { throw new KitDataException($"cannot read {source.DisplayName}: {e.Message}", source.Origin, inner: e); }
        using (reader)
        {
            var columns = Enumerable.Range(0, reader.FieldCount).Select(i => Column(reader.GetName(i), reader.GetFieldType(i))).ToArray();
            try
            {
                while (reader.Read())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    for (int i = 0; i < columns.Length; i++) Append(columns[i], reader.IsDBNull(i) ? null : reader.GetValue(i));
                }
            }
            catch (DbException e) { throw new KitDataException($"cannot read {source.DisplayName}: {e.Message}", source.Origin, inner: e); }
            return new DataFrame(columns);
        }
    }

    private static DataFrameColumn Column(string name, Type type)
    {
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal)) return new DoubleDataFrameColumn(name);
        if (type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(byte) || type == typeof(sbyte)
            || type == typeof(uint) || type == typeof(ushort)) return new Int64DataFrameColumn(name);
        if (type == typeof(bool)) return new BooleanDataFrameColumn(name);
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly)) return new DateTimeDataFrameColumn(name);
        return new StringDataFrameColumn(name);
    }

    private static void Append(DataFrameColumn column, object? value)
    {
        switch (column)
        {
            case DoubleDataFrameColumn d: d.Append(value is null ? null : Convert.ToDouble(value, CultureInfo.InvariantCulture)); break;
            case Int64DataFrameColumn l: l.Append(value is null ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case BooleanDataFrameColumn b: b.Append(value is null ? null : (bool)value); break;
            case DateTimeDataFrameColumn t:
                t.Append(value switch
                {
                    null => null,
                    DateTimeOffset o => o.UtcDateTime,
                    DateOnly d => d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
                    DateTime dt => dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt.ToUniversalTime(),
                    _ => Convert.ToDateTime(value, CultureInfo.InvariantCulture),
                });
                break;
            case StringDataFrameColumn s: s.Append(value is null ? null : Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }
}
