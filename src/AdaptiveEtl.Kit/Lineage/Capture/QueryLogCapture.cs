using AdaptiveEtl.Kit.Lineage.Graph;
using AdaptiveEtl.Kit.Lineage.Sql;

namespace AdaptiveEtl.Kit.Lineage.Capture;

/// <summary>Turns a query log into lineage: parses every entry and adds the parsed ones to a graph.</summary>
public static class QueryLogCapture
{
    /// <summary>
    /// Parses each entry with <paramref name="parser"/> and adds its lineage, user and application to <paramref name="graph"/>.
    /// Unparseable entries are reported in the returned report (their index is the position in <paramref name="entries"/>).
    /// </summary>
    /// <example><code>
    /// var graph = new LineageGraph();
    /// using var parser = new SqlLineageParser(LineageCatalog.FromJsonFile("warehouse_catalog.json"));
    /// var report = QueryLogCapture.Capture(QueryLogReader.ReadCsv("query_log.csv"), parser, graph);
    /// </code></example>
    public static LineageParseReport Capture(IEnumerable<QueryLogEntry> entries, SqlLineageParser parser, LineageGraph graph)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(parser);
        ArgumentNullException.ThrowIfNull(graph);
        var ok = new List<StatementLineage>();
        var failed = new List<SqlParseFailure>();
        // Logs repeat the same statements (nightly ETL, dashboards): each distinct text is parsed once.
        var seen = new Dictionary<string, (StatementLineage? Lineage, SqlParseFailure? Failure)>(StringComparer.Ordinal);
        int index = 0;
        foreach (var entry in entries)
        {
            if (!seen.TryGetValue(entry.QueryText, out var known))
            {
                parser.TryParse(entry.QueryText, index, out var parsed, out var failure);
                seen[entry.QueryText] = known = (parsed, failure);
            }
            if (known.Lineage is { } lineage)
            {
                lineage = lineage.WithIndex(index);
                ok.Add(lineage);
                graph.AddStatement(lineage, entry);
            }
            else failed.Add(known.Failure! with { Index = index });
            index++;
        }
        return new LineageParseReport(ok, failed);
    }
}
