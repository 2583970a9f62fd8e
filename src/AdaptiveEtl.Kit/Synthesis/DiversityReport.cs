using System.Globalization;
using System.Net;
using AdaptiveEtl.Kit.Reporting;

namespace AdaptiveEtl.Kit.Synthesis;

/// <summary>Diversity of synthetic rows (see <see cref="DiversityMetrics"/>): near-duplicates among them and coverage of the real data.</summary>
/// <param name="NearDuplicateShare">Share of synthetic rows whose nearest other synthetic row is closer than ε (lower = more diverse).</param>
/// <param name="RealNearDuplicateShare">The same share within an equally large sample of the real rows (the natural level).</param>
/// <param name="Coverage">Share of the real data's categories and populated numeric bins that appear in the synthetic rows (higher = fewer dropped modes).</param>
/// <param name="Epsilon">The distance threshold ε used.</param>
public sealed record DiversityReport(double NearDuplicateShare, double RealNearDuplicateShare, double Coverage, double Epsilon) : IHtmlReportable
{
    /// <inheritdoc />
    public string ToHtml()
    {
        var c = CultureInfo.InvariantCulture;
        return "<div style=\"font-family:sans-serif\"><b>Diversity</b>: "
               + WebUtility.HtmlEncode($"near-duplicates (ε = {Epsilon.ToString("G3", c)}) {NearDuplicateShare.ToString("P1", c)} (real {RealNearDuplicateShare.ToString("P1", c)}), coverage of real categories/bins {Coverage.ToString("P1", c)}")
               + "</div>";
    }
}
