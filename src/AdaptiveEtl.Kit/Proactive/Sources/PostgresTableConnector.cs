using System.Data.Common;
using AdaptiveEtl.Kit.Data;
using AdaptiveEtl.Kit.Schema;
using Npgsql;

namespace AdaptiveEtl.Kit.Proactive.Sources;

/// <summary>
/// A PostgreSQL table (or view) read incrementally by a watermark column with Npgsql: rows with
/// <c>watermark &gt; @after</c> (and <c>&lt;= @upTo</c>) are streamed into a DuckDB table with DuckDB's appender.
/// Identifiers are quoted, values bound as parameters.
/// </summary>
public sealed class PostgresTableConnector : SourceConnectorBase
{
    /// <summary>Creates the connector.</summary>
    /// <param name="connectionString">Npgsql connection string.</param>
    /// <param name="table">Table or view name.</param>
    /// <param name="watermarkColumn">A column of integer, timestamp, date or text type that grows with new rows.</param>
    /// <param name="schema">Schema of the table.</param>
    /// <param name="name">Source name (default: the table name).</param>
    public PostgresTableConnector(string connectionString, string table, string watermarkColumn, string schema = "public", string? name = null)
        : base(name ?? table)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        ArgumentException.ThrowIfNullOrWhiteSpace(watermarkColumn);
        ArgumentException.ThrowIfNullOrWhiteSpace(schema);
        ConnectionString = connectionString;
        Table = table;
        WatermarkColumn = watermarkColumn;
        Schema = schema;
    }

    /// <summary>Npgsql connection string.</summary>
    public string ConnectionString { get; }

    /// <summary>Table or view name.</summary>
    public string Table { get; }

    /// <summary>The watermark column.</summary>
    public string WatermarkColumn { get; }

    /// <summary>Schema of the table.</summary>
    public string Schema { get; }

    private WatermarkTableReader Reader => new(Name, SqlIdentifier.Quote(Schema, Table), WatermarkColumn, '@', DuckTypeOf);

    /// <inheritdoc />
    public override async Task<TableSchema> DescribeAsync(CancellationToken cancellationToken = default)
    {
        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return Reader.Describe(conn);
    }

    /// <inheritdoc />
    public override async Task<SourceEstimate> EstimateNewAsync(Watermark? since, CancellationToken cancellationToken = default)
    {
        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var (rows, bytes) = Reader.Estimate(conn, "coalesce(sum(pg_column_size(t.*)), 0)", since, null);
        return new SourceEstimate(Name, rows, bytes, true, rows == 0 ? [] : [new SourcePart(Table, bytes, rows, null)]);
    }

    /// <inheritdoc />
    protected override async Task<FetchResult> FetchCoreAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
        // A repeatable-read snapshot: the bound query and the copy see the same rows.
        await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        var (rows, bytes, max) = Reader.CopyInto(conn, request.Connection, request.Table, request);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        var wm = max is null ? request.After : Watermark.FromValue(max, WatermarkColumn);
        if (wm is not null && request.After is not null) wm = request.After.Merge(wm);
        return new FetchResult(Name, rows, bytes, wm, TimeSpan.Zero, rows == 0 ? [] : [new FetchedPart(Table, rows, bytes)], []);
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var conn = new NpgsqlConnection(ConnectionString);
        try
        {
            await conn.OpenAsync(ct).ConfigureAwait(false);
            return conn;
        }
        catch
        {
            await conn.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The DuckDB type a PostgreSQL column is staged as.</summary>
    internal static string DuckTypeOf(DbColumn c)
    {
        var t = (c.DataTypeName ?? "").ToLowerInvariant();
        return t switch
        {
            "smallint" or "int2" => "SMALLINT",
            "integer" or "int4" or "int" => "INTEGER",
            "bigint" or "int8" => "BIGINT",
            "real" or "float4" => "FLOAT",
            "double precision" or "float8" => "DOUBLE",
            "boolean" or "bool" => "BOOLEAN",
            "date" => "DATE",
            "uuid" => "UUID",
            "bytea" => "BLOB",
            "interval" => "INTERVAL",
            _ when t.StartsWith("timestamp with time zone", StringComparison.Ordinal) || t == "timestamptz" => "TIMESTAMP WITH TIME ZONE",
            _ when t.StartsWith("timestamp", StringComparison.Ordinal) => "TIMESTAMP",
            _ when t.StartsWith("numeric", StringComparison.Ordinal) || t.StartsWith("decimal", StringComparison.Ordinal) =>
                c.NumericPrecision is > 0 and <= 38 ? $"DECIMAL({c.NumericPrecision}, {c.NumericScale ?? 0})" : "DOUBLE",
            _ => "VARCHAR",
        };
    }
}
