using System.Globalization;
using System.Net;
using AdaptiveEtl.Kit.Reporting;

namespace AdaptiveEtl.Kit.Synthesis;

/// <summary>
/// Result of the distance-to-closest-record (DCR) privacy check: how close synthetic rows are to the training rows,
/// compared with how close genuinely new real rows (a hold-out) are. Synthetic rows closer to a training row than the
/// hold-out's 5th percentile DCR look like (near-)copies.
/// </summary>
/// <param name="SyntheticRows">Number of synthetic rows checked.</param>
/// <param name="HoldoutFifthPercentile">5th percentile of the hold-out rows' DCR to the training data (the threshold).</param>
/// <param name="ShareCloserThanHoldout">Share of synthetic rows whose DCR is below the threshold (exact copies included).</param>
/// <param name="ExactCopies">Synthetic rows identical to a training row in the encoded space (DCR = 0).</param>
/// <param name="MedianSyntheticDcr">Median DCR of the synthetic rows.</param>
/// <param name="MedianHoldoutDcr">Median DCR of the hold-out rows.</param>
public sealed record PrivacyReport(int SyntheticRows, double HoldoutFifthPercentile, double ShareCloserThanHoldout, int ExactCopies, double MedianSyntheticDcr, double MedianHoldoutDcr)
    : IHtmlReportable
{
    /// <summary>Nominal share: a generator that is as "new" as the hold-out has about 5 % of rows below the threshold.</summary>
    public const double ExpectedShare = 0.05;

    /// <summary>True when the synthetic rows are not closer to the training data than fresh real rows (share ≤ 2 × 5 %, no exact copies).</summary>
    public bool Passes => ExactCopies == 0 && ShareCloserThanHoldout <= 2 * ExpectedShare;

    /// <inheritdoc />
    public string ToHtml()
    {
        var c = CultureInfo.InvariantCulture;
        var colour = Passes ? "#2e7d32" : "#c62828";
        return "<div style=\"font-family:sans-serif;border:1px solid #ccc;border-radius:6px;padding:8px;max-width:520px\">"
               + $"<div style=\"font-weight:bold;color:{colour}\">Privacy (distance to closest record): {(Passes ? "pass" : "review")}</div>"
               + "<table style=\"border-collapse:collapse\">"
               + Row("synthetic rows", SyntheticRows.ToString(c))
               + Row("exact copies of training rows", ExactCopies.ToString(c))
               + Row("share closer than hold-out 5th pct", ShareCloserThanHoldout.ToString("P1", c))
               + Row("hold-out 5th percentile DCR", HoldoutFifthPercentile.ToString("G4", c))
               + Row("median DCR synthetic / hold-out", MedianSyntheticDcr.ToString("G4", c) + " / " + MedianHoldoutDcr.ToString("G4", c))
               + "</table></div>";
        static string Row(string k, string v) => $"<tr><td style=\"padding:2px 8px\">{WebUtility.HtmlEncode(k)}</td><td style=\"padding:2px 8px;text-align:right\">{WebUtility.HtmlEncode(v)}</td></tr>";
    }
}
