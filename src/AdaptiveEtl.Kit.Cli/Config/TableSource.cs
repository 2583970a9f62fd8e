using AdaptiveEtl.Kit.Data;
namespace AdaptiveEtl.Kit.Cli.Config;

/// <summary>
/// One tabular input of a <c>kit.yaml</c>: a CSV or Parquet file, or a table of a DuckDB file or a PostgreSQL database.
/// </summary>
/// <param name="Kind">The kind of source.</param>
/// <param name="Location">The file path (absolute, resolved against the config file's folder) or the PostgreSQL connection string.</param>
/// <param name="Table">For DuckDB and PostgreSQL: the table, optionally schema-qualified (<c>sales.orders</c>).</param>
/// <param name="Origin">Where the source was declared (<c>kit.yaml, line 12</c>), for error messages.</param>
public sealed record TableSource(TableSourceKind Kind, string Location, string? Table, string Origin)
{
    /// <summary>A short human-readable name (never the connection string, which may hold a password).</summary>
    public string DisplayName => Kind switch
    {
        TableSourceKind.Csv or TableSourceKind.Parquet => Location,
        TableSourceKind.DuckDb => $"{Location} table {Table}",
        _ => $"PostgreSQL table {Table}",
    };

    /// <summary>The table name quoted part by part for SQL (<c>sales.orders</c> → <c>"sales"."orders"</c>; see <see cref="SqlIdentifier.QuoteQualified"/>).</summary>
    public string QuotedTable() => SqlIdentifier.QuoteQualified(Table ?? "");

    /// <inheritdoc />
    public override string ToString() => DisplayName;
}
