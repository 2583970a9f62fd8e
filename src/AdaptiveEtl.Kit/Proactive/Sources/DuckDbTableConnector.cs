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

    /// <inheritdoc />
    public override Task<TableSchema> DescribeAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <inheritdoc />
    public override Task<SourceEstimate> EstimateNewAsync(Watermark? since, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <inheritdoc />
    protected override Task<FetchResult> FetchCoreAsync(FetchRequest request, CancellationToken cancellationToken) => throw new NotImplementedException();
}
