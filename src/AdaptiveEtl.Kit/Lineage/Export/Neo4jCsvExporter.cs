using System.Globalization;
using AdaptiveEtl.Kit.Lineage.Graph;

namespace AdaptiveEtl.Kit.Lineage.Export;

/// <summary>
/// Writes a lineage graph as the CSV files <c>neo4j-admin database import full</c> reads: <c>nodes.csv</c> with header
/// <c>id:ID,:LABEL,name,parent,first_seen:datetime,last_seen:datetime,count:long</c> and <c>relationships.csv</c> with
/// <c>:START_ID,:END_ID,:TYPE,detail,first_seen:datetime,last_seen:datetime,count:long</c>. Labels and types are the same
/// whitelist as <see cref="CypherExporter"/>, and the properties are the same values: a missing <c>parent</c> is an empty
/// unquoted field (neo4j-admin stores no property, as the Cypher export's null), timestamps keep their 100 ns ticks in the
/// same UTC text (<see cref="CypherExporter.Timestamp"/>). Names may hold line breaks inside quoted fields: import with
/// <c>--multiline-fields=true</c> (<see href="https://neo4j.com/docs/operations-manual/current/import/">neo4j-admin import</see>).
/// Each file is written atomically.
/// </summary>
public static class Neo4jCsvExporter
{
    /// <summary>Writes <c>nodes.csv</c> and <c>relationships.csv</c> into <paramref name="directory"/>; returns their paths.</summary>
    public static (string Nodes, string Relationships) Write(LineageGraph graph, string directory)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var nodes = Path.Combine(directory, "nodes.csv");
        var rels = Path.Combine(directory, "relationships.csv");
        AtomicFile.Write(nodes, w =>
        {
            w.WriteLine("id:ID,:LABEL,name,parent,first_seen:datetime,last_seen:datetime,count:long");
            foreach (var n in graph.Nodes.OrderBy(n => n.Id, StringComparer.Ordinal))
                w.WriteLine(string.Join(",", Q(n.Id), CypherExporter.Label(n.Kind), Q(n.Name), n.Parent is null ? "" : Q(n.Parent), Time(n.FirstSeen), Time(n.LastSeen), n.Count.ToString(CultureInfo.InvariantCulture)));
        });
        AtomicFile.Write(rels, w =>
        {
            w.WriteLine(":START_ID,:END_ID,:TYPE,detail,first_seen:datetime,last_seen:datetime,count:long");
            foreach (var e in graph.Edges.OrderBy(e => e.Key))
                w.WriteLine(string.Join(",", Q(e.Source), Q(e.Target), CypherExporter.RelationshipType(e.Kind), Q(e.Detail), Time(e.FirstSeen), Time(e.LastSeen), e.Count.ToString(CultureInfo.InvariantCulture)));
        });
        return (nodes, rels);
    }

    private static string Q(string s) => "\"" + s.Replace("\"", "\"\"") + "\"";

    private static string Time(DateTimeOffset t) => CypherExporter.Timestamp(t);
}
