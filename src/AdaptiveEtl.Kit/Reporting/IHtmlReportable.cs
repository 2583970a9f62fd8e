namespace AdaptiveEtl.Kit.Reporting;

/// <summary>
/// A kit result that can render itself as an HTML fragment (a table, a verdict card). Notebooks display it through the
/// kit's formatters and reports embed it; the fragment is self-contained (inline styles, no external resources).
/// </summary>
public interface IHtmlReportable
{
    /// <summary>Renders the result as a self-contained HTML fragment (no &lt;html&gt; or &lt;body&gt; element).</summary>
    string ToHtml();
}
