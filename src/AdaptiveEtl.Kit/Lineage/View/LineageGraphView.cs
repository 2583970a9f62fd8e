using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using AdaptiveEtl.Kit.Lineage.Graph;
using AdaptiveEtl.Kit.Reporting;

namespace AdaptiveEtl.Kit.Lineage.View;

/// <summary>
/// An interactive picture of a lineage graph for notebooks and reports: a self-contained HTML fragment with inline SVG and
/// a few lines of JavaScript (no CDN, no library). The layout is computed here in C#, layered like Sugiyama's method:
/// (1) cycles broken by a depth-first search, (2) each node placed in the layer of its longest path from a source,
/// (3) nodes ordered within layers by the barycenter heuristic, a few sweeps down and up (Sugiyama, Tagawa, Toda 1981,
/// "Methods for visual understanding of hierarchical system structures"). Mouse wheel zooms, drag pans, clicking a node
/// highlights everything upstream and downstream of it (click the background to clear).
/// </summary>
public sealed class LineageGraphView : IHtmlReportable
{
    // Labels are drawn at 12 px in a picture shown at its natural size (scrolling when wider than the page), so they stay
    // legible however many layers the graph has; boxes are as wide as the longest label needs, up to MaxNodeWidth.
    private const double RowHeight = 32, NodeHeight = 24, Margin = 20, LayerGap = 56, FontSize = 12, CharWidth = 7.3, MinNodeWidth = 120, MaxNodeWidth = 380;
    private readonly List<(string Id, string Label, string Kind, string Title)> _nodes;
    private readonly List<(string From, string To, string Kind)> _edges;
    private readonly double NodeWidth, LayerWidth;

    private LineageGraphView(List<(string, string, string, string)> nodes, List<(string, string, string)> edges, string caption)
    {
        _nodes = nodes;
        _edges = edges.Distinct().ToList();
        Caption = caption;
        NodeWidth = Math.Clamp(_nodes.Select(n => n.Label.Length).DefaultIfEmpty(0).Max() * CharWidth + 2 * LabelPadding, MinNodeWidth, MaxNodeWidth);
        LayerWidth = NodeWidth + LayerGap;
    }

    private const double LabelPadding = 8;

    /// <summary>Caption shown above the picture.</summary>
    public string Caption { get; }

    /// <summary>Number of nodes drawn.</summary>
    public int NodeCount => _nodes.Count;

    /// <summary>Number of edges drawn.</summary>
    public int EdgeCount => _edges.Count;

    /// <summary>Computed positions (left/top of each node box), by node id.</summary>
    public IReadOnlyDictionary<string, (double X, double Y)> Layout => _layout ??= ComputeLayout();
    private Dictionary<string, (double X, double Y)>? _layout;

    /// <summary>
    /// Table level: datasets and consumers; an edge A → B when a process reads A and writes B, and A → consumer when a
    /// process reading A is consumed by a user/application (<paramref name="includeConsumers"/>).
    /// </summary>
    public static LineageGraphView Tables(LineageGraph graph, bool includeConsumers = true)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var nodes = new Dictionary<string, (string, string, string, string)>();
        var edges = new List<(string, string, string)>();
        foreach (var d in graph.Nodes.Where(n => n.Kind == LineageNodeKind.Dataset)) nodes[d.Id] = (d.Id, d.Name, "Dataset", $"{d.Name}\nseen {d.Count}×, last {d.LastSeen:yyyy-MM-dd}");
        foreach (var p in graph.Nodes.Where(n => n.Kind == LineageNodeKind.Process))
        {
            var reads = graph.Incoming(p.Id).Where(e => e.Kind == LineageEdgeKind.Uses && graph[e.Source].Kind == LineageNodeKind.Dataset).Select(e => e.Source).ToList();
            foreach (var w in graph.Outgoing(p.Id).Where(e => e.Kind == LineageEdgeKind.Transforms && graph[e.Target].Kind == LineageNodeKind.Dataset))
                foreach (var r in reads) if (r != w.Target) edges.Add((r, w.Target, "Transforms"));
            if (!includeConsumers) continue;
            foreach (var c in graph.Outgoing(p.Id).Where(e => e.Kind == LineageEdgeKind.ConsumedBy && e.Detail == "user"))
            {
                var consumer = graph[c.Target];
                nodes[consumer.Id] = (consumer.Id, consumer.Name, "Consumer", consumer.Id["consumer:".Length..]);
                foreach (var r in reads) edges.Add((r, consumer.Id, "ConsumedBy"));
            }
        }
        var used = edges.SelectMany(e => new[] { e.Item1, e.Item2 }).ToHashSet();
        return new LineageGraphView(nodes.Values.Where(n => used.Contains(n.Item1) || n.Item3 == "Dataset").ToList(), edges,
            $"Table-level lineage: {nodes.Values.Count(n => n.Item3 == "Dataset")} datasets");
    }

    /// <summary>Column level: every column with a column → column edge (value edges solid, indirect dashed), optionally only those of tables whose name starts with one of <paramref name="tablePrefixes"/>.</summary>
    public static LineageGraphView Columns(LineageGraph graph, params string[] tablePrefixes)
    {
        ArgumentNullException.ThrowIfNull(graph);
        bool Keep(LineageNode n) => tablePrefixes.Length == 0 || tablePrefixes.Any(p => n.Column!.Value.Table.StartsWith(p, StringComparison.OrdinalIgnoreCase));
        var edges = graph.Edges.Where(e => e.Kind is LineageEdgeKind.Transforms or LineageEdgeKind.DependsOn &&
                                           graph[e.Source].Kind == LineageNodeKind.Column && graph[e.Target].Kind == LineageNodeKind.Column &&
                                           Keep(graph[e.Source]) && Keep(graph[e.Target]))
            .Select(e => (e.Source, e.Target, e.Kind.ToString())).ToList();
        var ids = edges.SelectMany(e => new[] { e.Source, e.Target }).ToHashSet();
        var nodes = ids.Select(id => graph[id]).Select(n => (n.Id, n.Column!.Value.ToString(), "Column",
            $"{n.Column!.Value}\nread {graph.Outgoing(n.Id).Where(e => e.Kind == LineageEdgeKind.Uses).Sum(e => e.Count)}×")).ToList();
        return new LineageGraphView(nodes, edges, $"Column-level lineage: {nodes.Count} columns, {edges.Count} edges");
    }

    private Dictionary<string, (double X, double Y)> ComputeLayout()
    {
        var ids = _nodes.Select(n => n.Id).ToList();
        var succ = ids.ToDictionary(i => i, _ => new List<string>());
        var pred = ids.ToDictionary(i => i, _ => new List<string>());
        // (1) Break cycles: drop edges that close a cycle in a depth-first search.
        var state = new Dictionary<string, int>();
        var dag = new List<(string, string)>();
        var byFrom = _edges.Where(e => e.From != e.To).GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).Distinct().OrderBy(x => x, StringComparer.Ordinal).ToList());
        void Dfs(string v)
        {
            state[v] = 1;
            foreach (var w in byFrom.GetValueOrDefault(v) ?? new List<string>())
            {
                if (state.GetValueOrDefault(w) == 1) continue;
                dag.Add((v, w));
                if (state.GetValueOrDefault(w) == 0) Dfs(w);
            }
            state[v] = 2;
        }
        foreach (var v in ids.OrderBy(x => x, StringComparer.Ordinal)) if (state.GetValueOrDefault(v) == 0) Dfs(v);
        foreach (var (a, b) in dag.Distinct()) { succ[a].Add(b); pred[b].Add(a); }
        // (2) Longest-path layering.
        var layer = new Dictionary<string, int>();
        int Layer(string v) => layer.TryGetValue(v, out var l) ? l : layer[v] = pred[v].Count == 0 ? 0 : pred[v].Max(Layer) + 1;
        foreach (var v in ids) Layer(v);
        // Consumers go to one column at the right, after everything they read.
        var kinds = _nodes.ToDictionary(n => n.Id, n => n.Kind);
        int lastData = ids.Where(v => kinds[v] != "Consumer").Select(v => layer[v]).DefaultIfEmpty(-1).Max();
        foreach (var v in ids.Where(v => kinds[v] == "Consumer")) layer[v] = lastData + 1;
        var layers = ids.GroupBy(v => layer[v]).OrderBy(g => g.Key).Select(g => g.OrderBy(x => x, StringComparer.Ordinal).ToList()).ToList();
        // (3) Barycenter ordering: 4 sweeps alternating down (by predecessors) and up (by successors).
        var pos = new Dictionary<string, double>();
        void Number(List<string> l) { for (int i = 0; i < l.Count; i++) pos[l[i]] = i; }
        layers.ForEach(Number);
        for (int sweep = 0; sweep < 4; sweep++)
        {
            bool down = sweep % 2 == 0;
            var order = down ? Enumerable.Range(1, layers.Count - 1) : Enumerable.Range(0, Math.Max(0, layers.Count - 1)).Reverse();
            foreach (int li in order)
            {
                var l = layers[li];
                var bary = l.ToDictionary(v => v, v =>
                {
                    var nb = down ? pred[v] : succ[v];
                    return nb.Count == 0 ? pos[v] : nb.Average(n => pos[n]);
                });
                layers[li] = l.OrderBy(v => bary[v]).ThenBy(v => v, StringComparer.Ordinal).ToList();
                Number(layers[li]);
            }
        }
        int tallest = layers.Count == 0 ? 0 : layers.Max(l => l.Count);
        var result = new Dictionary<string, (double, double)>();
        for (int li = 0; li < layers.Count; li++)
        {
            double offset = (tallest - layers[li].Count) * RowHeight / 2;
            for (int i = 0; i < layers[li].Count; i++) result[layers[li][i]] = (Margin + li * LayerWidth, Margin + offset + i * RowHeight);
        }
        return result;
    }

    /// <inheritdoc />
    public string ToHtml()
    {
        var layout = Layout;
        var uid = "lg" + Guid.NewGuid().ToString("N")[..8];
        double width = layout.Count == 0 ? 200 : layout.Values.Max(p => p.X) + NodeWidth + Margin;
        double height = layout.Count == 0 ? 60 : layout.Values.Max(p => p.Y) + NodeHeight + Margin;
        var index = _nodes.Select((n, i) => (n.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var sb = new StringBuilder();
        string F(double d) => d.ToString("0.#", CultureInfo.InvariantCulture);
        sb.Append($"<div id=\"{uid}\" style=\"font-family:sans-serif;font-size:12px\">");
        sb.Append($"<div style=\"margin:4px 0\"><b>{WebUtility.HtmlEncode(Caption)}</b> <span style=\"color:#666\">— wheel: zoom, drag: pan, click a node: upstream (orange) and downstream (green)</span></div>");
        sb.Append("<div style=\"margin:2px 0 4px;color:#444\">");
        foreach (var (kind, fill, text) in new[] { ("Dataset", "#dbeafe", "dataset (schema.table)"), ("Column", "#e0f2fe", "column (schema.table.column)"), ("Consumer", "#ede9fe", "consumer (user or application reading the data)") })
            if (_nodes.Any(n => n.Kind == kind))
                sb.Append($"<span style=\"display:inline-block;width:10px;height:10px;background:{fill};border:1px solid #64748b;margin-right:3px\"></span>{text} ");
        sb.Append("— solid: data flow");
        if (_edges.Any(e => e.Kind == "DependsOn")) sb.Append(", dashed: indirect (filter, join)");
        if (_edges.Any(e => e.Kind == "ConsumedBy")) sb.Append(", dotted: read by a consumer");
        sb.Append("; hover a box for its full name</div>");
        sb.Append($"<div style=\"overflow:auto;max-height:720px;border:1px solid #ddd\"><svg class=\"kit-lineage\" width=\"{F(width)}\" height=\"{F(height)}\" viewBox=\"0 0 {F(width)} {F(height)}\" style=\"display:block;background:#fff;cursor:grab\" xmlns=\"http://www.w3.org/2000/svg\">");
        sb.Append("<defs><marker id=\"" + uid + "a\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" fill=\"#888\"/></marker></defs>");
        sb.Append("<g class=\"vp\">");
        for (int i = 0; i < _edges.Count; i++)
        {
            var (from, to, kind) = _edges[i];
            if (!layout.TryGetValue(from, out var a) || !layout.TryGetValue(to, out var b)) continue;
            double x1 = a.X + NodeWidth, y1 = a.Y + NodeHeight / 2, x2 = b.X, y2 = b.Y + NodeHeight / 2;
            if (x2 <= x1) { x2 = b.X + NodeWidth / 2; y2 = b.Y; }
            double mx = (x1 + x2) / 2;
            var dash = kind == "DependsOn" ? " stroke-dasharray=\"4 3\"" : kind == "ConsumedBy" ? " stroke-dasharray=\"1 3\"" : "";
            sb.Append($"<path data-e=\"{index[from]},{index[to]}\" d=\"M{F(x1)},{F(y1)} C{F(mx)},{F(y1)} {F(mx)},{F(y2)} {F(x2)},{F(y2)}\" fill=\"none\" stroke=\"#78909c\" stroke-width=\"1.3\"{dash} marker-end=\"url(#{uid}a)\"/>");
        }
        foreach (var (id, label, kind, title) in _nodes)
        {
            if (!layout.TryGetValue(id, out var p)) continue;
            var fill = kind switch { "Dataset" => "#dbeafe", "Column" => "#e0f2fe", "Process" => "#fef3c7", _ => "#ede9fe" };
            int fits = (int)((NodeWidth - 2 * LabelPadding) / CharWidth);
            var text = label.Length > fits ? label[..(fits - 1)] + "…" : label;
            sb.Append($"<g data-n=\"{index[id]}\" style=\"cursor:pointer\"><title>{WebUtility.HtmlEncode(title)}</title>");
            sb.Append($"<rect x=\"{F(p.X)}\" y=\"{F(p.Y)}\" width=\"{F(NodeWidth)}\" height=\"{F(NodeHeight)}\" rx=\"4\" fill=\"{fill}\" stroke=\"#64748b\"/>");
            sb.Append($"<text x=\"{F(p.X + LabelPadding)}\" y=\"{F(p.Y + 16.5)}\" font-size=\"{F(FontSize)}\" font-family=\"ui-monospace,SFMono-Regular,Menlo,Consolas,monospace\" fill=\"#0f172a\">{WebUtility.HtmlEncode(text)}</text></g>");
        }
        sb.Append("</g></svg></div>");
        var edgesJson = JsonSerializer.Serialize(_edges.Where(e => index.ContainsKey(e.From) && index.ContainsKey(e.To)).Select(e => new[] { index[e.From], index[e.To] }));
        sb.Append("<script>(function(){var root=document.getElementById('" + uid + "');var svg=root.querySelector('svg');var vp=svg.querySelector('.vp');");
        sb.Append("var E=" + edgesJson + ";var s=1,tx=0,ty=0,drag=null;function apply(){vp.setAttribute('transform','translate('+tx+','+ty+') scale('+s+')');}");
        sb.Append("svg.addEventListener('wheel',function(ev){ev.preventDefault();var f=ev.deltaY<0?1.15:1/1.15;var r=svg.getBoundingClientRect();var vb=svg.viewBox.baseVal;var k=vb.width/r.width;var mx=(ev.clientX-r.left)*k,my=(ev.clientY-r.top)*k;tx=mx-(mx-tx)*f;ty=my-(my-ty)*f;s*=f;apply();},{passive:false});");
        sb.Append("svg.addEventListener('mousedown',function(ev){drag={x:ev.clientX,y:ev.clientY,tx:tx,ty:ty,moved:false};svg.style.cursor='grabbing';});");
        sb.Append("window.addEventListener('mousemove',function(ev){if(!drag)return;var r=svg.getBoundingClientRect();var k=svg.viewBox.baseVal.width/r.width;var dx=ev.clientX-drag.x,dy=ev.clientY-drag.y;if(Math.abs(dx)+Math.abs(dy)>3)drag.moved=true;tx=drag.tx+dx*k;ty=drag.ty+dy*k;apply();});");
        sb.Append("window.addEventListener('mouseup',function(){setTimeout(function(){drag=null;},0);svg.style.cursor='grab';});");
        sb.Append("function reach(start,dir){var seen={};seen[start]=1;var st=[start];while(st.length){var v=st.pop();E.forEach(function(e){var a=e[dir],b=e[1-dir];if(a===v&&!seen[b]){seen[b]=1;st.push(b);}});}return seen;}");
        sb.Append("function paint(sel){var dn=sel===null?null:reach(sel,0),up=sel===null?null:reach(sel,1);");
        sb.Append("svg.querySelectorAll('[data-n]').forEach(function(g){var i=+g.getAttribute('data-n');var r=g.querySelector('rect');r.style.opacity=(sel===null||dn[i]||up[i])?1:0.25;r.style.stroke=sel===i?'#111':(sel!==null&&up[i]?'#ea580c':(sel!==null&&dn[i]?'#16a34a':'#64748b'));r.style.strokeWidth=(sel!==null&&(dn[i]||up[i]))?2:1;});");
        sb.Append("svg.querySelectorAll('[data-e]').forEach(function(p){var ab=p.getAttribute('data-e').split(',').map(Number);var on=sel!==null&&((dn[ab[0]]&&dn[ab[1]])||(up[ab[0]]&&up[ab[1]]));p.style.stroke=on?(up[ab[1]]?'#ea580c':'#16a34a'):'#78909c';p.style.opacity=(sel===null||on)?1:0.15;});}");
        sb.Append("svg.addEventListener('click',function(ev){if(drag&&drag.moved)return;var g=ev.target.closest('[data-n]');paint(g?+g.getAttribute('data-n'):null);});");
        sb.Append("})();</script></div>");
        return sb.ToString();
    }
}
