using System.Text.Json;
using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Lineage.Graph;

namespace AdaptiveEtl.Kit.Lineage.Export;

/// <summary>
/// Exports a lineage graph as idempotent Cypher for Neo4j: one <c>MERGE</c> statement per node and per edge, values always
/// passed as parameters (never spliced into the text), labels and relationship types only from a fixed whitelist (the
/// node and edge kinds), property keys backtick-quoted. Running the export twice leaves the same graph (counts and
/// first/last seen are set, not added). Two formats: JSON lines <c>{"statement": …, "parameters": {…}}</c> for drivers,
/// and a cypher-shell script using <c>:param</c> before each statement.
/// </summary>
public static class CypherExporter
{
    private static readonly Dictionary<LineageNodeKind, string> Labels = new()
    {
        [LineageNodeKind.Dataset] = "Dataset", [LineageNodeKind.Column] = "Column", [LineageNodeKind.Process] = "Process", [LineageNodeKind.Consumer] = "Consumer",
    };

    private static readonly Dictionary<LineageEdgeKind, string> RelationshipTypes = new()
    {
        [LineageEdgeKind.Uses] = "USES", [LineageEdgeKind.Transforms] = "TRANSFORMS", [LineageEdgeKind.DependsOn] = "DEPENDS_ON",
        [LineageEdgeKind.ConsumedBy] = "CONSUMED_BY", [LineageEdgeKind.HasColumn] = "HAS_COLUMN",
    };

    /// <summary>The label a node kind is exported with.</summary>
    public static string Label(LineageNodeKind kind) => Labels[kind];

    /// <summary>The relationship type an edge kind is exported with.</summary>
    public static string RelationshipType(LineageEdgeKind kind) => RelationshipTypes[kind];

    /// <summary>
    /// A timestamp as both Neo4j exports write it: UTC ISO 8601 with all seven fractional digits (100 ns ticks), which
    /// Cypher's <c>datetime()</c> and neo4j-admin's <c>:datetime</c> both read without losing sub-second precision.
    /// </summary>
    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The statements with their parameters: uniqueness constraints first, then nodes, then edges.</summary>
    public static IEnumerable<(string Statement, JsonObject Parameters)> Statements(LineageGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        foreach (var label in Labels.Values)
            yield return ($"CREATE CONSTRAINT {label.ToLowerInvariant()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.`id` IS UNIQUE", new JsonObject());
        foreach (var n in graph.Nodes.OrderBy(n => n.Id, StringComparer.Ordinal))
            yield return ($"MERGE (n:{Labels[n.Kind]} {{`id`: $id}}) SET n.`name` = $name, n.`parent` = $parent, n.`first_seen` = datetime($first_seen), n.`last_seen` = datetime($last_seen), n.`count` = $count",
                new JsonObject
                {
                    ["id"] = n.Id, ["name"] = n.Name, ["parent"] = n.Parent, ["first_seen"] = Timestamp(n.FirstSeen), ["last_seen"] = Timestamp(n.LastSeen), ["count"] = n.Count,
                });
        foreach (var e in graph.Edges.OrderBy(e => e.Key))
        {
            var from = Labels[graph[e.Source].Kind];
            var to = Labels[graph[e.Target].Kind];
            yield return ($"MATCH (a:{from} {{`id`: $source}}), (b:{to} {{`id`: $target}}) MERGE (a)-[r:{RelationshipTypes[e.Kind]} {{`detail`: $detail}}]->(b) " +
                          "SET r.`first_seen` = datetime($first_seen), r.`last_seen` = datetime($last_seen), r.`count` = $count",
                new JsonObject
                {
                    ["source"] = e.Source, ["target"] = e.Target, ["detail"] = e.Detail, ["first_seen"] = Timestamp(e.FirstSeen), ["last_seen"] = Timestamp(e.LastSeen), ["count"] = e.Count,
                });
        }
    }

    /// <summary>Writes JSON lines <c>{"statement": "...", "parameters": {...}}</c> (atomically).</summary>
    public static void WriteJsonLines(LineageGraph graph, string path) =>
        AtomicFile.Write(path, w =>
        {
            foreach (var (statement, parameters) in Statements(graph))
                w.WriteLine(new JsonObject { ["statement"] = statement, ["parameters"] = parameters }.ToJsonString());
        });

    /// <summary>
    /// Writes a cypher-shell script (atomically): each statement is preceded by <c>:param {…}</c> lines setting its
    /// parameters as a map literal — run with <c>cypher-shell -f lineage.cypher</c>.
    /// </summary>
    public static void WriteCypherShellScript(LineageGraph graph, string path) =>
        AtomicFile.Write(path, w =>
        {
            foreach (var (statement, parameters) in Statements(graph))
            {
                if (parameters.Count > 0) w.WriteLine(":param " + MapLiteral(parameters));
                w.WriteLine(statement + ";");
            }
        });

    /// <summary>A Cypher map literal of the parameters (keys backtick-quoted, strings as JSON-escaped literals) for <c>:param</c>.</summary>
    internal static string MapLiteral(JsonObject parameters) =>
        "{" + string.Join(", ", parameters.Select(p => "`" + p.Key.Replace("`", "``") + "`: " + Literal(p.Value))) + "}";

    // Relaxed escaping: the text goes into a Cypher script, not HTML; quotes and backslashes are still escaped.
    private static readonly JsonSerializerOptions LiteralOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Literal(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue v when v.TryGetValue<long>(out var l) => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
        // Cypher string literals accept the same backslash escapes as JSON; single quotes avoid clashes with parameter text.
        JsonValue v => "'" + JsonSerializer.Serialize(v.GetValue<string>(), LiteralOptions)[1..^1].Replace("'", "\\'") + "'",
        _ => throw new ArgumentException("unsupported parameter value"),
    };
}
