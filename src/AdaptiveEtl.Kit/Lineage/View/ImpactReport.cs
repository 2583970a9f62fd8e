using System.Net;
using System.Text;
using AdaptiveEtl.Kit.Lineage.Graph;
using AdaptiveEtl.Kit.Reporting;

namespace AdaptiveEtl.Kit.Lineage.View;

/// <summary>The answer to "what is affected by / what feeds this node": the reached nodes grouped by kind, nearest first.</summary>
public sealed class ImpactReport : IHtmlReportable
{
    /// <summary>Creates a report.</summary>
    /// <param name="title">The question answered, e.g. <c>Downstream of staging.orders.amount</c>.</param>
    /// <param name="hits">The traversal result (<see cref="LineageGraph.Downstream(string, int)"/>, <see cref="Store.ILineageStore.DownstreamAsync"/>, …).</param>
    public ImpactReport(string title, IEnumerable<ImpactHit> hits)
    {
        Title = title;
        Hits = hits.ToList();
    }

    /// <summary>The question answered.</summary>
    public string Title { get; }

    /// <summary>The nodes reached.</summary>
    public IReadOnlyList<ImpactHit> Hits { get; }

    /// <summary>Reached nodes of one kind, nearest first.</summary>
    public IReadOnlyList<ImpactHit> Of(LineageNodeKind kind) => Hits.Where(h => h.Node.Kind == kind).OrderBy(h => h.Depth).ThenBy(h => h.Node.Id, StringComparer.Ordinal).ToList();

    /// <summary>One line per kind, e.g. <c>Column (3): mart.daily.revenue, …</c>.</summary>
    public override string ToString() => Title + Environment.NewLine + string.Join(Environment.NewLine,
        Enum.GetValues<LineageNodeKind>().Select(k => (k, Of(k))).Where(p => p.Item2.Count > 0)
            .Select(p => $"  {p.k} ({p.Item2.Count}): {string.Join(", ", p.Item2.Select(Label))}"));

    /// <inheritdoc />
    public string ToHtml()
    {
        var sb = new StringBuilder("<div style=\"font-family:sans-serif;font-size:13px\">");
        sb.Append($"<p><b>{WebUtility.HtmlEncode(Title)}</b>: {Hits.Count} nodes</p><table style=\"border-collapse:collapse\">");
        sb.Append("<tr><th style=\"text-align:left;padding:2px 8px\">kind</th><th style=\"text-align:left;padding:2px 8px\">node</th><th style=\"text-align:right;padding:2px 8px\">distance</th><th style=\"text-align:right;padding:2px 8px\">seen</th></tr>");
        foreach (var kind in Enum.GetValues<LineageNodeKind>())
            foreach (var h in Of(kind))
                sb.Append($"<tr><td style=\"padding:2px 8px\">{kind}</td><td style=\"padding:2px 8px;font-family:monospace\">{WebUtility.HtmlEncode(Label(h))}</td><td style=\"text-align:right;padding:2px 8px\">{h.Depth}</td><td style=\"text-align:right;padding:2px 8px\">{h.Node.Count}</td></tr>");
        return sb.Append("</table></div>").ToString();
    }

    private static string Label(ImpactHit h) => h.Node.Kind switch
    {
        LineageNodeKind.Column => h.Node.Column!.Value.ToString(),
        LineageNodeKind.Consumer => h.Node.Id["consumer:".Length..],
        _ => h.Node.Name,
    };
}
