using DuckDB.NET.Data;

namespace AdaptiveEtl.Kit.Proactive.Sources;

/// <summary>What <see cref="ISourceConnector.FetchAsync"/> should fetch and where it writes it.</summary>
/// <param name="Connection">Open DuckDB connection to write into (possibly inside the caller's transaction).</param>
/// <param name="Table">Name (unquoted) of a table that does not exist yet; the connector creates it with the source's columns (it may leave it uncreated when nothing is new: callers check <see cref="FetchResult.Parts"/>).</param>
/// <param name="After">Rows/files already fetched (exclusive lower bound); null fetches everything.</param>
/// <param name="UpTo">
/// Optional inclusive upper bound: for tables, rows whose watermark column is &lt;= this value; for landing zones, only
/// files listed in this files watermark (<see cref="SourcePart.UpTo"/> selects exactly one part).
/// </param>
/// <param name="MaxRows">
/// Optional batch size for tables: about this many rows, rounded up so that rows sharing the last watermark value are
/// never split across batches. Landing zones ignore it (use <paramref name="UpTo"/>).
/// </param>
public sealed record FetchRequest(DuckDBConnection Connection, string Table, Watermark? After, Watermark? UpTo = null, long? MaxRows = null);
