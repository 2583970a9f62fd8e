using System.Data.Common;
using AdaptiveEtl.Kit.Data;
using AdaptiveEtl.Kit.Schema;
using DuckDB.NET.Data;

namespace AdaptiveEtl.Kit.Proactive.Sources;

/// <summary>
/// A DuckDB table (of a database file or of an open connection) read incrementally by a watermark column into the
/// staging connection. Identifiers are quoted, values bound as parameters.
/// </summary>
public sealed class DuckDbTableConnector : SourceConnectorBase
{
    /// <summary>Reads <paramref name="table"/> of the DuckDB database file <paramref name="databasePath"/> (opened read-only per call).</summary>
    public DuckDbTableConnector(string databasePath, string table, string watermarkColumn, string? name = null)
        : base(name ?? table)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        ArgumentException.ThrowIfNullOrWhiteSpace(watermarkColumn);
        DatabasePath = Path.GetFullPath(databasePath);
        Table = table;
        WatermarkColumn = watermarkColumn;
    }

    /// <summary>Reads <paramref name="table"/> through an open connection the caller owns (e.g. a notebook's in-memory database).</summary>
    public DuckDbTableConnector(DuckDBConnection connection, string table, string watermarkColumn, string? name = null)
        : base(name ?? table)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        ArgumentException.ThrowIfNullOrWhiteSpace(watermarkColumn);
        SourceConnection = connection;
        Table = table;
        WatermarkColumn = watermarkColumn;
    }

    /// <summary>The database file, when the connector opens its own connection.</summary>
    public string? DatabasePath { get; }

    /// <summary>The caller's connection, when given.</summary>
    public DuckDBConnection? SourceConnection { get; }

    /// <summary>Table name.</summary>
    public string Table { get; }

    /// <summary>The watermark column.</summary>
    public string WatermarkColumn { get; }

    /// <summary>A reader whose staged column types are the source table's own DuckDB types (from DESCRIBE).</summary>
    private WatermarkTableReader ReaderFor(DbConnection conn)
    {
        var types = DuckDbSql.Describe((DuckDBConnection)conn, Table).ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal);
        return new(Name, SqlIdentifier.Quote(Table), WatermarkColumn, '$', c => types.TryGetValue(c.ColumnName, out var t) ? t : "VARCHAR");
    }

    /// <inheritdoc />
    public override Task<TableSchema> DescribeAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(Use(conn => ReaderFor(conn).Describe(conn)));

    /// <inheritdoc />
    public override Task<SourceEstimate> EstimateNewAsync(Watermark? since, CancellationToken cancellationToken = default) => Task.FromResult(Use(conn =>
    {
        // Size of the new rows: the byte length of their values as text (DuckDB has no per-row storage size).
        var (rows, bytes) = ReaderFor(conn).Estimate(conn, "coalesce(sum(octet_length(CAST(t AS VARCHAR)::BLOB)), 0)", since, null);
        return new SourceEstimate(Name, rows, bytes, true, rows == 0 ? [] : [new SourcePart(Table, bytes, rows, null)]);
    }));

    /// <inheritdoc />
    protected override Task<FetchResult> FetchCoreAsync(FetchRequest request, CancellationToken cancellationToken) => Task.FromResult(Use(conn =>
    {
        var (rows, bytes, max) = ReaderFor(conn).CopyInto(conn, request.Connection, request.Table, request);
        var wm = max is null ? request.After : Watermark.FromValue(max, WatermarkColumn);
        if (wm is not null && request.After is not null) wm = request.After.Merge(wm);
        return new FetchResult(Name, rows, bytes, wm, TimeSpan.Zero, rows == 0 ? [] : [new FetchedPart(Table, rows, bytes)], []);
    }));

    private T Use<T>(Func<DbConnection, T> action)
    {
        if (SourceConnection is not null) return action(SourceConnection);
        if (!File.Exists(DatabasePath)) throw new KitDataException("DuckDB database file not found.", DatabasePath);
        using var conn = new DuckDBConnection($"Data Source={DatabasePath};ACCESS_MODE=READ_ONLY");
        conn.Open();
        return action(conn);
    }
}
