using AdaptiveEtl.Kit.Lineage.Export;
using AdaptiveEtl.Kit.Lineage.Graph;

namespace AdaptiveEtl.Kit.Lineage.OpenLineage;

/// <summary>Moves OpenLineage events into a <see cref="LineageGraph"/> and the graph's processes back out as events.</summary>
public static class OpenLineageGraph
{
    /// <summary>
    /// Adds an event: the job becomes a process node (<c>process:job:namespace/name</c>), inputs are used by it, outputs
    /// written by it, and the <c>columnLineage</c> facet becomes column edges (DIRECT → Transforms, INDIRECT → DependsOn).
    /// Terminal events (COMPLETE, FAIL, ABORT, OTHER or none) count as one run; START/RUNNING only register the nodes.
    /// Dataset namespaces are not kept: datasets are identified by name, in its exact case (OpenLineage names are exact).
    /// </summary>
    public static void Add(LineageGraph graph, OpenLineageEvent e)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(e);
        var when = e.EventTime;
        long n = e.EventType?.ToUpperInvariant() is "START" or "RUNNING" ? 0 : 1;
        var process = graph.Node(LineageNode.ProcessId("job", e.Job.Namespace + "/" + e.Job.Name), LineageNodeKind.Process, e.Job.Name, null, when, n);
        foreach (var i in e.Inputs) graph.Edge(graph.Dataset(i.Name, when, n), process, LineageEdgeKind.Uses, "", when, n);
        foreach (var o in e.Outputs)
        {
            graph.Edge(process, graph.Dataset(o.Name, when, n), LineageEdgeKind.Transforms, e.EventType ?? "", when, n);
            if (o.Facets?.ColumnLineage is not { } facet) continue;
            foreach (var (column, field) in facet.Fields)
            {
                var target = graph.Column(new ColumnRef(o.Name, column), when, n);
                foreach (var input in field.InputFields)
                {
                    var source = graph.Column(new ColumnRef(input.Name, input.Field), when, n);
                    graph.Edge(source, process, LineageEdgeKind.Uses, "", when, n);
                    var kinds = input.Transformations is { Count: > 0 } t ? t.Select(x => x.ToDependencyKind()) : new[] { DependencyKind.Transformation };
                    foreach (var kind in kinds.Distinct())
                        if (source != target) graph.ColumnEdge(process, source, target, kind, when, n);
                }
            }
        }
    }

    /// <summary>
    /// One COMPLETE event per process that writes datasets: inputs are the datasets it uses, outputs the datasets it
    /// writes, and the <c>columnLineage</c> facet holds exactly the column edges that process produced
    /// (<see cref="LineageGraph.ColumnEdgesOf"/>), so when several jobs write one dataset — from different inputs, or
    /// from the same columns mapped differently — each event carries its own lineage, never the union of all writers'.
    /// A graph without attributions (loaded from a store written before they were recorded) falls back to the column
    /// edges into the outputs whose source column the process reads (its column-level <c>Uses</c> edges; at table level
    /// only, a column of a dataset it uses).
    /// </summary>
    public static IReadOnlyList<OpenLineageEvent> ToEvents(LineageGraph graph, string jobNamespace = "adaptive-etl-kit", string datasetNamespace = "warehouse")
    {
        ArgumentNullException.ThrowIfNull(graph);
        var events = new List<OpenLineageEvent>();
        foreach (var p in graph.Nodes.Where(n => n.Kind == LineageNodeKind.Process).OrderBy(n => n.Id, StringComparer.Ordinal))
        {
            var outputs = graph.Outgoing(p.Id).Where(e => e.Kind == LineageEdgeKind.Transforms && graph[e.Target].Kind == LineageNodeKind.Dataset).Select(e => graph[e.Target]).ToList();
            if (outputs.Count == 0) continue;
            var builder = new OpenLineageEventBuilder(jobNamespace, p.Id["process:".Length..], datasetNamespace);
            var uses = graph.Incoming(p.Id).Where(e => e.Kind == LineageEdgeKind.Uses).Select(e => graph[e.Source]).ToList();
            foreach (var i in uses.Where(n => n.Kind == LineageNodeKind.Dataset)) builder.Input(i.Name);
            foreach (var o in outputs) builder.Output(o.Name);
            var written = outputs.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
            var edges = graph.HasAttributions ? graph.ColumnEdgesOf(p.Id) : ReadEdgesInto(graph, outputs, uses);
            foreach (var e in edges)
            {
                var target = graph[e.Target];
                if (target.Parent is not { } table || !written.Contains(table)) continue;
                builder.Map(target.Column!.Value.ToString(), Enum.TryParse<DependencyKind>(e.Detail, out var k) ? k : DependencyKind.Transformation, graph[e.Source].Column!.Value.ToString());
            }
            // Run ids derive from the process id so that exporting twice yields the same events.
            var runId = new Guid(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(p.Id))).ToString();
            events.Add(builder.Build("COMPLETE", p.LastSeen, runId));
        }
        return events;
    }

    /// <summary>The fallback without attributions: column edges into the outputs' columns whose source the process reads.</summary>
    private static IEnumerable<LineageEdge> ReadEdgesInto(LineageGraph graph, List<LineageNode> outputs, List<LineageNode> uses)
    {
        var readColumns = uses.Where(n => n.Kind == LineageNodeKind.Column).Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        var readTables = uses.Where(n => n.Kind == LineageNodeKind.Dataset).Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        bool Reads(LineageNode column) => readColumns.Count > 0 ? readColumns.Contains(column.Id) : readTables.Contains(column.Column!.Value.Table);
        foreach (var o in outputs)
            foreach (var col in graph.Outgoing(o.Id).Where(e => e.Kind == LineageEdgeKind.HasColumn))
                foreach (var e in graph.Incoming(col.Target).Where(e => e.Kind is LineageEdgeKind.Transforms or LineageEdgeKind.DependsOn && graph[e.Source].Kind == LineageNodeKind.Column && Reads(graph[e.Source])))
                    yield return e;
    }

    /// <summary>Writes <see cref="ToEvents"/> as JSON lines (atomically).</summary>
    public static void WriteJsonLines(LineageGraph graph, string path, string jobNamespace = "adaptive-etl-kit", string datasetNamespace = "warehouse")
    {
        var events = ToEvents(graph, jobNamespace, datasetNamespace);
        AtomicFile.Write(path, w => { foreach (var e in events) w.WriteLine(e.ToJson()); });
    }
}
