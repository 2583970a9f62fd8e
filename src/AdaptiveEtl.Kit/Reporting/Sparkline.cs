using System.Globalization;
using System.Net;
using System.Text;

namespace AdaptiveEtl.Kit.Reporting;

/// <summary>
/// Small inline SVG pictures drawn by the kit itself (no script, no library), for table cells of HTML reports. They render
/// wherever SVG does: browsers, e-mail clients that keep inline SVG, GitHub's HTML view.
/// </summary>
public static class Sparkline
{
    /// <summary>Reference bar colour (grey-blue).</summary>
    public const string ReferenceColor = "#78909c";

    /// <summary>Current bar colour (red).</summary>
    public const string CurrentColor = "#e53935";

    /// <summary>
    /// A paired histogram: for each bin a reference bar (grey) and a current bar (red) side by side, heights scaled to the
    /// largest share of either side; each bin carries a tooltip (<c>&lt;title&gt;</c>) with its label and both shares. The
    /// root element has class <c>kit-sparkline</c> and <c>data-bins</c>.
    /// </summary>
    /// <param name="labels">Bin labels (tooltips).</param>
    /// <param name="reference">Reference share per bin.</param>
    /// <param name="current">Current share per bin (same length).</param>
    /// <param name="title">Tooltip of the whole picture (plain text; escaped).</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static string PairedHistogram(IReadOnlyList<string> labels, IReadOnlyList<double> reference, IReadOnlyList<double> current, string title,
        int width = 160, int height = 36)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(title);
        if (reference.Count != labels.Count || current.Count != labels.Count)
            throw new ArgumentException($"labels ({labels.Count}), reference ({reference.Count}) and current ({current.Count}) shares must have the same length.", nameof(current));
        if (width < 8 || height < 8) throw new ArgumentOutOfRangeException(nameof(width), "the picture must be at least 8×8 pixels.");
        var ci = CultureInfo.InvariantCulture;
        int n = labels.Count;
        double max = Math.Max(reference.Where(double.IsFinite).DefaultIfEmpty(0).Max(), current.Where(double.IsFinite).DefaultIfEmpty(0).Max());
        double slot = n == 0 ? width : (double)width / n, bar = Math.Max(slot * 0.42, 0.5), baseline = height - 1;
        var sb = new StringBuilder();
        sb.Append(ci, $"<svg class=\"kit-sparkline\" data-bins=\"{n}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" style=\"vertical-align:middle\">");
        sb.Append("<title>").Append(WebUtility.HtmlEncode(title)).Append("</title>");
        sb.Append(ci, $"<line x1=\"0\" y1=\"{baseline:0.##}\" x2=\"{width}\" y2=\"{baseline:0.##}\" stroke=\"#cfd8dc\" stroke-width=\"1\"/>");
        for (int i = 0; i < n; i++)
        {
            double r = Finite(reference[i]), c = Finite(current[i]);
            double rh = max > 0 ? r / max * (height - 2) : 0, ch = max > 0 ? c / max * (height - 2) : 0;
            double x = i * slot + (slot - 2 * bar) / 2;
            sb.Append("<g><title>").Append(WebUtility.HtmlEncode(string.Create(ci, $"{labels[i]}: reference {r:P1}, current {c:P1}"))).Append("</title>");
            sb.Append(ci, $"<rect x=\"{x:0.##}\" y=\"{baseline - rh:0.##}\" width=\"{bar:0.##}\" height=\"{rh:0.##}\" fill=\"{ReferenceColor}\"/>");
            sb.Append(ci, $"<rect x=\"{x + bar:0.##}\" y=\"{baseline - ch:0.##}\" width=\"{bar:0.##}\" height=\"{ch:0.##}\" fill=\"{CurrentColor}\"/>");
            sb.Append("</g>");
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    private static double Finite(double v) => double.IsFinite(v) && v > 0 ? v : 0;
}
