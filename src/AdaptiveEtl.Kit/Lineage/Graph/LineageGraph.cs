using System.Security.Cryptography;
using System.Text;
using AdaptiveEtl.Kit.Lineage.Capture;
using AdaptiveEtl.Kit.Lineage.Sql;

namespace AdaptiveEtl.Kit.Lineage.Graph;

/// <summary>
/// The in-memory lineage graph: datasets, columns, processes and consumers, with edges pointing the way data flows.
/// Adding an existing node or edge merges it (first/last seen widen, counts add up), so captures can be replayed
/// batch by batch. Holds the graph algorithms: impact (upstream/downstream), provenance, critical paths, unused columns.
/// </summary>
public sealed class LineageGraph
{
    private readonly Dictionary<string, LineageNode> _nodes = new(StringComparer.Ordinal);
    // Adjacency lists hold the same slot objects as the edge index, so merging an observation into an existing edge is O(1).
    private readonly Dictionary<(string, string, LineageEdgeKind, string), EdgeSlot> _edges = new();
    private readonly Dictionary<string, List<EdgeSlot>> _out = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<EdgeSlot>> _in = new(StringComparer.Ordinal);
    // Per process, the keys of the column edges it produced (see LineageAttribution).
    private readonly Dictionary<string, HashSet<(string, string, LineageEdgeKind, string)>> _producedBy = new(StringComparer.Ordinal);

    private sealed class EdgeSlot(LineageEdge edge)
    {
        public LineageEdge Edge = edge;
    }

    /// <summary>A read-only view of an adjacency list.</summary>
    private sealed class EdgeList(List<EdgeSlot> slots) : IReadOnlyList<LineageEdge>
    {
        public LineageEdge this[int index] => slots[index].Edge;
        public int Count => slots.Count;
        public IEnumerator<LineageEdge> GetEnumerator() { foreach (var s in slots) yield return s.Edge; }
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>All nodes.</summary>
    public IReadOnlyCollection<LineageNode> Nodes => _nodes.Values;

    /// <summary>All edges.</summary>
    public IReadOnlyCollection<LineageEdge> Edges => _edges.Values.Select(s => s.Edge).ToList();

    /// <summary>The node with this id, or null.</summary>
    public LineageNode? Find(string id) => _nodes.GetValueOrDefault(id);

    /// <summary>The node with this id, or throws naming it.</summary>
    /// <exception cref="KitDataException">No such node.</exception>
    public LineageNode this[string id] => Find(id) ?? throw new KitDataException($"no node '{id}' in the lineage graph ({_nodes.Count} nodes).");

    /// <summary>Adds a node or merges it into the existing one (first/last seen widen, counts add).</summary>
    public LineageNode AddNode(LineageNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (_nodes.TryGetValue(node.Id, out var old))
            node = old with
            {
                FirstSeen = Min(old.FirstSeen, node.FirstSeen), LastSeen = Max(old.LastSeen, node.LastSeen), Count = old.Count + node.Count,
                Parent = old.Parent ?? node.Parent,
            };
        _nodes[node.Id] = node;
        return node;
    }

    /// <summary>Adds an edge or merges it into the existing one; both end nodes must exist.</summary>
    /// <exception cref="KitDataException">An end node is missing.</exception>
    public LineageEdge AddEdge(LineageEdge edge)
    {
        ArgumentNullException.ThrowIfNull(edge);
        if (!_nodes.ContainsKey(edge.Source)) throw new KitDataException($"edge {edge.Kind} starts at unknown node '{edge.Source}'.");
        if (!_nodes.ContainsKey(edge.Target)) throw new KitDataException($"edge {edge.Kind} ends at unknown node '{edge.Target}'.");
        if (_edges.TryGetValue(edge.Key, out var slot))
        {
            var old = slot.Edge;
            slot.Edge = old with { FirstSeen = Min(old.FirstSeen, edge.FirstSeen), LastSeen = Max(old.LastSeen, edge.LastSeen), Count = old.Count + edge.Count };
            return slot.Edge;
        }
        slot = new EdgeSlot(edge);
        _edges[edge.Key] = slot;
        Adjacent(_out, edge.Source).Add(slot);
        Adjacent(_in, edge.Target).Add(slot);
        return edge;
    }

    /// <summary>
    /// Records that <paramref name="attribution"/>'s process produced its column edge (idempotent). Captures call it for
    /// every column edge they add; stores call it when loading.
    /// </summary>
    /// <exception cref="KitDataException">The process node or the edge does not exist.</exception>
    public void AddAttribution(LineageAttribution attribution)
    {
        ArgumentNullException.ThrowIfNull(attribution);
        if (!_nodes.TryGetValue(attribution.Process, out var p) || p.Kind != LineageNodeKind.Process)
            throw new KitDataException($"attribution names unknown process '{attribution.Process}'.");
        if (!_edges.ContainsKey(attribution.EdgeKey))
            throw new KitDataException($"attribution of process '{attribution.Process}' names unknown edge {attribution.Source} → {attribution.Target} ({attribution.Kind} {attribution.Detail}).");
        if (!_producedBy.TryGetValue(attribution.Process, out var set)) _producedBy[attribution.Process] = set = new();
        set.Add(attribution.EdgeKey);
    }

    /// <summary>Every recorded attribution (process → column edge it produced).</summary>
    public IReadOnlyList<LineageAttribution> Attributions =>
        _producedBy.SelectMany(p => p.Value.Select(k => new LineageAttribution(p.Key, k.Item1, k.Item2, k.Item3, k.Item4))).ToList();

    /// <summary>True when the graph records which process produced its column edges (false for a graph loaded from a store written before attributions existed).</summary>
    public bool HasAttributions => _producedBy.Count > 0;

    /// <summary>The column → column edges the process produced (its own column lineage), in key order; empty when none.</summary>
    public IReadOnlyList<LineageEdge> ColumnEdgesOf(string processId) =>
        _producedBy.TryGetValue(processId, out var keys)
            ? keys.Select(k => _edges[k].Edge).OrderBy(e => e.Source, StringComparer.Ordinal).ThenBy(e => e.Target, StringComparer.Ordinal)
                .ThenBy(e => e.Kind).ThenBy(e => e.Detail, StringComparer.Ordinal).ToList()
            : Array.Empty<LineageEdge>();

    /// <summary>Outgoing edges of a node (downstream direction).</summary>
    public IReadOnlyList<LineageEdge> Outgoing(string id) => _out.TryGetValue(id, out var l) ? new EdgeList(l) : Array.Empty<LineageEdge>();

    /// <summary>Incoming edges of a node (upstream direction).</summary>
    public IReadOnlyList<LineageEdge> Incoming(string id) => _in.TryGetValue(id, out var l) ? new EdgeList(l) : Array.Empty<LineageEdge>();

    // ---- capture -----------------------------------------------------------------------------------------------

    /// <summary>
    /// Adds one statement's lineage: its process node (one per distinct statement text), the datasets and columns it
    /// reads (<see cref="LineageEdgeKind.Uses"/>), the dataset it writes, column → column edges, and, when the log entry
    /// names them, the user and application consuming the results.
    /// </summary>
    /// <param name="statement">Lineage of the statement.</param>
    /// <param name="entry">The log entry it came from (time, user, application, calls), or null.</param>
    /// <param name="at">Observation time when there is no entry (default: now).</param>
    public void AddStatement(StatementLineage statement, QueryLogEntry? entry = null, DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var when = entry?.Timestamp ?? at ?? DateTimeOffset.UtcNow;
        long n = Math.Max(1, entry?.Calls ?? 1);
        var process = Node(LineageNode.ProcessId("query", StatementKey(statement.Sql)), LineageNodeKind.Process, SqlParseFailure.MakeExcerpt(statement.Sql), null, when, n);
        foreach (var t in statement.Reads) Edge(Dataset(t, when, n), process, LineageEdgeKind.Uses, "", when, n);
        foreach (var c in statement.ReadColumns) Edge(Column(c, when, n), process, LineageEdgeKind.Uses, "", when, n);
        if (statement.Target is { } target)
        {
            Edge(process, Dataset(target, when, n), LineageEdgeKind.Transforms, statement.Kind.ToString(), when, n);
            foreach (var e in statement.Edges)
            {
                if (e.Source == e.Target) continue;
                ColumnEdge(process, Column(e.Source, when, n), Column(e.Target, when, n), e.Kind, when, n);
            }
            // DELETE (and the row filter of UPDATE/MERGE) decides which rows of the target survive: table-level dependency.
            foreach (var (c, kind) in statement.RowFilter)
                if (statement.Kind == StatementKind.Delete) Edge(Column(c, when, n), Dataset(target, when, n), LineageEdgeKind.DependsOn, kind.ToString(), when, n);
        }
        if (entry?.User is { Length: > 0 } user) Edge(process, Node(LineageNode.UserId(user), LineageNodeKind.Consumer, user, null, when, n), LineageEdgeKind.ConsumedBy, "user", when, n);
        if (entry?.Application is { Length: > 0 } app) Edge(process, Node(LineageNode.ApplicationId(app), LineageNodeKind.Consumer, app, null, when, n), LineageEdgeKind.ConsumedBy, "application", when, n);
    }

    /// <summary>Adds the tables and columns of a catalog (so that never-read columns exist as nodes), seen at <paramref name="at"/>, count 0.</summary>
    public void AddCatalog(LineageCatalog catalog, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        foreach (var c in catalog.AllColumns()) Column(c, at, 0);
    }

    internal string Dataset(string table, DateTimeOffset when, long n) =>
        Node(LineageNode.DatasetId(table), LineageNodeKind.Dataset, table, null, when, n);

    internal string Column(ColumnRef c, DateTimeOffset when, long n)
    {
        var table = Dataset(c.Table, when, 0);
        var id = Node(LineageNode.ColumnId(c), LineageNodeKind.Column, c.Column, table, when, n);
        Edge(table, id, LineageEdgeKind.HasColumn, "", when, 0);
        return id;
    }

    /// <summary>Adds a column → column edge of <paramref name="kind"/> (value kinds: Transforms, indirect: DependsOn) and attributes it to <paramref name="process"/>.</summary>
    internal void ColumnEdge(string process, string from, string to, DependencyKind kind, DateTimeOffset when, long n)
    {
        var edge = AddEdge(new LineageEdge(from, to, kind.IsValue() ? LineageEdgeKind.Transforms : LineageEdgeKind.DependsOn, kind.ToString(), when, when, n));
        AddAttribution(new LineageAttribution(process, edge.Source, edge.Target, edge.Kind, edge.Detail));
    }

    internal string Node(string id, LineageNodeKind kind, string name, string? parent, DateTimeOffset when, long n) =>
        AddNode(new LineageNode(id, kind, name, parent, when, when, n)).Id;

    internal void Edge(string from, string to, LineageEdgeKind kind, string detail, DateTimeOffset when, long n) =>
        AddEdge(new LineageEdge(from, to, kind, detail, when, when, n));

    /// <summary>
    /// A short stable key of a statement: SHA-256 of its whitespace-collapsed text, lower-cased except inside quoted
    /// identifiers (<c>"Users"</c> and <c>users</c> are different tables, so their statements are different processes).
    /// </summary>
    internal static string StatementKey(string sql)
    {
        var normal = string.Join(' ', LowerExceptQuotedIdentifiers(sql).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normal)))[..16];
    }

    private static string LowerExceptQuotedIdentifiers(string sql)
    {
        var lower = sql.ToLowerInvariant().ToCharArray();
        foreach (var t in Sql.SqlTokenizer.Tokenize(sql))
            if (t.Kind == Sql.SqlTokenKind.QuotedIdentifier) sql.CopyTo(t.Start, lower, t.Start, t.Length);
        return new string(lower);
    }

    // ---- queries -----------------------------------------------------------------------------------------------

    /// <summary>
    /// Everything downstream of a node (what breaks if it changes), up to <paramref name="maxDepth"/> edges away. A dataset
    /// starts from its columns too; datasets reached from a column are listed but not expanded (the column edges carry the precise flow).
    /// </summary>
    public IReadOnlyList<ImpactHit> Downstream(string id, int maxDepth = int.MaxValue) => Walk(id, maxDepth, downstream: true);

    /// <summary>Everything upstream of a node (what it is made from), up to <paramref name="maxDepth"/> edges away. A dataset starts from its columns too.</summary>
    public IReadOnlyList<ImpactHit> Upstream(string id, int maxDepth = int.MaxValue) => Walk(id, maxDepth, downstream: false);

    /// <summary>Downstream impact of a column.</summary>
    public IReadOnlyList<ImpactHit> Downstream(ColumnRef column, int maxDepth = int.MaxValue) => Downstream(LineageNode.ColumnId(column), maxDepth);

    /// <summary>Upstream lineage of a column.</summary>
    public IReadOnlyList<ImpactHit> Upstream(ColumnRef column, int maxDepth = int.MaxValue) => Upstream(LineageNode.ColumnId(column), maxDepth);

    private List<ImpactHit> Walk(string id, int maxDepth, bool downstream)
    {
        bool startsAtDataset = this[id].Kind == LineageNodeKind.Dataset;
        var depth = new Dictionary<string, int>(StringComparer.Ordinal) { [id] = 0 };
        var queue = new Queue<string>();
        queue.Enqueue(id);
        foreach (var e in Outgoing(id).Where(e => e.Kind == LineageEdgeKind.HasColumn)) if (depth.TryAdd(e.Target, 0)) queue.Enqueue(e.Target);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            int d = depth[current];
            if (d >= maxDepth) continue;
            // A dataset reached from a column is reported but not expanded: the column edges already carry the precise
            // flow, and expanding the table would spread to every reader of the table. Table-level questions expand it.
            if (d > 0 && !startsAtDataset && _nodes[current].Kind == LineageNodeKind.Dataset) continue;
            foreach (var e in downstream ? Outgoing(current) : Incoming(current))
            {
                if (e.Kind == LineageEdgeKind.HasColumn) continue;
                var next = downstream ? e.Target : e.Source;
                if (depth.TryAdd(next, d + 1)) queue.Enqueue(next);
            }
        }
        return depth.Where(p => p.Value > 0).Select(p => new ImpactHit(_nodes[p.Key], p.Value))
            .OrderBy(h => h.Depth).ThenBy(h => h.Node.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The base columns a column's values come from: follows value edges (<see cref="LineageEdgeKind.Transforms"/>)
    /// upstream to columns that have none; with <paramref name="includeIndirect"/> also through filter/key edges.
    /// </summary>
    public IReadOnlyList<ColumnRef> Provenance(ColumnRef column, bool includeIndirect = false)
    {
        var start = LineageNode.ColumnId(column);
        _ = this[start];
        var seen = new HashSet<string>(StringComparer.Ordinal) { start };
        var stack = new Stack<string>();
        stack.Push(start);
        var bases = new SortedSet<ColumnRef>();
        while (stack.Count > 0)
        {
            var id = stack.Pop();
            var ups = Incoming(id).Where(e => _nodes[e.Source].Kind == LineageNodeKind.Column &&
                                                (e.Kind == LineageEdgeKind.Transforms || (includeIndirect && e.Kind == LineageEdgeKind.DependsOn))).ToList();
            if (ups.Count == 0 && id != start) bases.Add(_nodes[id].Column!.Value);
            foreach (var e in ups) if (seen.Add(e.Source)) stack.Push(e.Source);
        }
        return bases.ToList();
    }

    /// <summary>How often each column was read (sum of its <see cref="LineageEdgeKind.Uses"/> edge counts), most-read first.</summary>
    public IReadOnlyList<(ColumnRef Column, long Reads)> ColumnUsage() =>
        _nodes.Values.Where(n => n.Kind == LineageNodeKind.Column)
            .Select(n => (n.Column!.Value, Outgoing(n.Id).Where(e => e.Kind == LineageEdgeKind.Uses).Sum(e => e.Count)))
            .OrderByDescending(p => p.Item2).ThenBy(p => p.Item1).ToList();

    /// <summary>Consumers (users, applications) of the statements that read a table, with how many executions each.</summary>
    public IReadOnlyList<(LineageNode Consumer, long Executions)> ConsumersOf(string table)
    {
        var dataset = LineageNode.DatasetId(table);
        _ = this[dataset];
        return Outgoing(dataset).Where(e => e.Kind == LineageEdgeKind.Uses)
            .SelectMany(e => Outgoing(e.Target).Where(c => c.Kind == LineageEdgeKind.ConsumedBy))
            .GroupBy(c => c.Target).Select(g => (_nodes[g.Key], g.Sum(c => c.Count)))
            .OrderByDescending(p => p.Item2).ThenBy(p => p.Item1.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Columns of the catalog never read (no <see cref="LineageEdgeKind.Uses"/>, <see cref="LineageEdgeKind.Transforms"/> or
    /// <see cref="LineageEdgeKind.DependsOn"/> edge out of them last seen at or after <paramref name="since"/>).
    /// </summary>
    public IReadOnlyList<ColumnRef> UnusedColumns(LineageCatalog catalog, DateTimeOffset? since = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.AllColumns().Where(c => !IsRead(LineageNode.ColumnId(c), since)).Order().ToList();
    }

    /// <summary>Tables of the catalog that no statement read (at or after <paramref name="since"/>).</summary>
    public IReadOnlyList<string> UnusedTables(LineageCatalog catalog, DateTimeOffset? since = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.Tables.Where(t => !IsRead(LineageNode.DatasetId(t), since) &&
                                         catalog.ExactColumns(t).All(c => !IsRead(LineageNode.ColumnId(new ColumnRef(t, c)), since)))
            .Order(StringComparer.Ordinal).ToList();
    }

    private bool IsRead(string id, DateTimeOffset? since) =>
        Outgoing(id).Any(e => e.Kind is LineageEdgeKind.Uses or LineageEdgeKind.Transforms or LineageEdgeKind.DependsOn && (since is null || e.LastSeen >= since));

    /// <summary>The longest column-to-column chains (by hops over value and indirect edges), longest first.</summary>
    public IReadOnlyList<LineagePath> LongestPaths(int top = 5) => BestPaths(top, _ => 1, hopsWeight: true);

    /// <summary>The most-used column chains: chains scored by the summed read counts of their columns, highest first.</summary>
    public IReadOnlyList<LineagePath> MostUsedPaths(int top = 5)
    {
        var usage = ColumnUsage().ToDictionary(p => LineageNode.ColumnId(p.Column), p => p.Reads, StringComparer.Ordinal);
        return BestPaths(top, id => usage.GetValueOrDefault(id), hopsWeight: false);
    }

    /// <summary>
    /// Best chain ending at every sink column by dynamic programming over the column DAG (memoised DFS; an edge that
    /// closes a cycle — e.g. <c>UPDATE t SET a = a + 1</c> — is ignored), then the top chains by score.
    /// </summary>
    private List<LineagePath> BestPaths(int top, Func<string, long> nodeWeight, bool hopsWeight)
    {
        var columns = _nodes.Values.Where(n => n.Kind == LineageNodeKind.Column).Select(n => n.Id).ToList();
        var best = new Dictionary<string, (long Score, string? Prev)>(StringComparer.Ordinal);
        var onStack = new HashSet<string>(StringComparer.Ordinal);

        (long Score, string? Prev) Solve(string id)
        {
            if (best.TryGetValue(id, out var known)) return known;
            onStack.Add(id);
            long own = hopsWeight ? 0 : nodeWeight(id);
            (long, string?) result = (own, null);
            foreach (var e in Incoming(id))
            {
                if (e.Kind is not (LineageEdgeKind.Transforms or LineageEdgeKind.DependsOn) || _nodes[e.Source].Kind != LineageNodeKind.Column) continue;
                if (onStack.Contains(e.Source)) continue;
                var (s, _) = Solve(e.Source);
                long candidate = s + (hopsWeight ? 1 : own);
                if (candidate > result.Item1 || (candidate == result.Item1 && result.Item2 is not null && string.CompareOrdinal(e.Source, result.Item2) < 0)) result = (candidate, e.Source);
            }
            onStack.Remove(id);
            best[id] = result;
            return result;
        }

        var sinks = columns.Where(id => !Outgoing(id).Any(e => e.Kind is LineageEdgeKind.Transforms or LineageEdgeKind.DependsOn && _nodes[e.Target].Kind == LineageNodeKind.Column));
        var paths = new List<LineagePath>();
        foreach (var sink in sinks)
        {
            var (score, _) = Solve(sink);
            var chain = new List<ColumnRef>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (string? c = sink; c is not null && seen.Add(c); c = best[c].Prev) chain.Add(_nodes[c].Column!.Value);
            chain.Reverse();
            if (chain.Count > 1) paths.Add(new LineagePath(chain, score));
        }
        return paths.OrderByDescending(p => p.Weight).ThenByDescending(p => p.Hops).ThenBy(p => p.ToString(), StringComparer.Ordinal).Take(top).ToList();
    }

    private static List<EdgeSlot> Adjacent(Dictionary<string, List<EdgeSlot>> map, string id)
    {
        if (!map.TryGetValue(id, out var list)) map[id] = list = new List<EdgeSlot>();
        return list;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;
    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}
