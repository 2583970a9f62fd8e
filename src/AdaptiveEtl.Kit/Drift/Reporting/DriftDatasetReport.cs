using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Reporting;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Drift.Reporting;

/// <summary>
/// Everything a report shows about one reference/current comparison: the <see cref="DatasetSummary"/> (rows, columns,
/// missing values, new and lost categories), the pass/fail <see cref="Checks"/> with their thresholds, and the drift table
/// of <see cref="Drift"/> with a reference-vs-current distribution picture per column (<see cref="Sparkline"/>, inline SVG).
/// <see cref="ToJson"/> is its twin for machines: the same summary, checks, drift details and distributions.
/// </summary>
public sealed class DriftDatasetReport : IHtmlReportable
{
    private DriftDatasetReport(string name, DriftReport drift, DatasetSummary summary, IReadOnlyList<DriftCheck> checks, IReadOnlyDictionary<string, ColumnDistribution> distributions)
    {
        Name = name;
        Drift = drift;
        Summary = summary;
        Checks = checks;
        Distributions = distributions;
    }

    /// <summary>The dataset's name (plain text).</summary>
    public string Name { get; }

    /// <summary>The drift comparison.</summary>
    public DriftReport Drift { get; }

    /// <summary>What the two datasets hold.</summary>
    public DatasetSummary Summary { get; }

    /// <summary>The pass/fail checks (<see cref="DriftChecks.From"/>).</summary>
    public IReadOnlyList<DriftCheck> Checks { get; }

    /// <summary>Reference and current distribution per drawable column (compared numeric, date-time, categorical and boolean columns).</summary>
    public IReadOnlyDictionary<string, ColumnDistribution> Distributions { get; }

    /// <summary>Builds the report of one comparison from the data it compared.</summary>
    /// <param name="name">Dataset name.</param>
    /// <param name="reference">The reference data that <paramref name="drift"/> compared.</param>
    /// <param name="current">The current data.</param>
    /// <param name="drift">Their drift comparison.</param>
    /// <param name="options">The options of the comparison (thresholds of the missing-share checks); the defaults when null.</param>
    public static DriftDatasetReport Create(string name, DataFrame reference, DataFrame current, DriftReport drift, DriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(drift);
        var distributions = new Dictionary<string, ColumnDistribution>(StringComparer.Ordinal);
        foreach (var c in drift.Columns.Where(c => c.Kind is not null && c.Status != DriftStatus.Skipped))
            if (ColumnDistribution.Compute(reference, current, c.Column, c.Kind!.Value) is { } d) distributions[c.Column] = d;
        return new DriftDatasetReport(name, drift, DatasetSummary.Compute(reference, current, drift), DriftChecks.From(drift, options), distributions);
    }

    /// <summary>Checks that passed.</summary>
    public int Passed => Checks.Count(c => c.Status == CheckStatus.Pass);

    /// <summary>Checks that failed.</summary>
    public int Failed => Checks.Count(c => c.Status == CheckStatus.Fail);

    /// <summary>Checks that could not be evaluated.</summary>
    public int Inconclusive => Checks.Count(c => c.Status == CheckStatus.Inconclusive);

    /// <inheritdoc />
    public string ToHtml()
    {
        var ci = CultureInfo.InvariantCulture;
        var s = Summary;
        var sb = new StringBuilder();
        sb.Append("<div class=\"kit-drift-dataset\" style=\"font-family:system-ui,-apple-system,Segoe UI,sans-serif;font-size:13px;color:#222\">");
        sb.Append("<div style=\"font-weight:600;margin:6px 0\">Dataset summary</div>");
        sb.Append("<table class=\"kit-summary\" style=\"border-collapse:collapse\"><thead><tr style=\"background:#eceff1\">");
        foreach (var h in new[] { "", "Reference", "Current", "Change" }) Th(sb, h);
        sb.Append("</tr></thead><tbody>");
        Row(sb, "Rows", s.ReferenceRows.ToString("N0", ci), s.CurrentRows.ToString("N0", ci), Change(s.ReferenceRows, s.CurrentRows));
        Row(sb, "Columns", s.ReferenceColumns.ToString(ci), s.CurrentColumns.ToString(ci),
            Enc(string.Join("; ", new[] { s.AddedColumns.Count > 0 ? "added: " + string.Join(", ", s.AddedColumns) : null, s.RemovedColumns.Count > 0 ? "removed: " + string.Join(", ", s.RemovedColumns) : null }.OfType<string>())));
        Row(sb, "Missing values", string.Create(ci, $"{s.ReferenceMissing:N0} ({s.ReferenceMissingShare:P1} of cells)"), string.Create(ci, $"{s.CurrentMissing:N0} ({s.CurrentMissingShare:P1} of cells)"),
            Enc(string.Join(", ", s.Columns.Where(c => c.InReference && c.InCurrent && (c.ReferenceMissing > 0 || c.CurrentMissing > 0))
                .Select(c => string.Create(ci, $"{c.Column} {c.ReferenceMissing:N0} → {c.CurrentMissing:N0}")))));
        Row(sb, "New categories", "", s.NewCategories.ToString(ci), Enc(Categories(s.Columns.Select(c => (c.Column, c.NewCategories)))));
        Row(sb, "Lost categories", s.LostCategories.ToString(ci), "", Enc(Categories(s.Columns.Select(c => (c.Column, c.LostCategories)))));
        sb.Append("</tbody></table>");

        sb.Append(ci, $"<div style=\"font-weight:600;margin:12px 0 6px\">Checks: {Passed} passed, {Failed} failed, {Inconclusive} inconclusive</div>");
        sb.Append("<table class=\"kit-checks\" style=\"border-collapse:collapse\"><thead><tr style=\"background:#eceff1\">");
        foreach (var h in new[] { "Status", "Check", "Metric", "Value", "Threshold", "Rule", "Detail" }) Th(sb, h);
        sb.Append("</tr></thead><tbody>");
        foreach (var c in Checks)
        {
            var (label, color, bg) = c.Status switch
            {
                CheckStatus.Fail => ("FAIL", "#b71c1c", "#ffebee"),
                CheckStatus.Inconclusive => ("INCONCLUSIVE", "#e65100", "#fff3e0"),
                _ => ("PASS", "#1b5e20", "#e8f5e9"),
            };
            sb.Append(ci, $"<tr data-check-status=\"{c.Status.ToString().ToLowerInvariant()}\">");
            Td(sb, $"<span style=\"display:inline-block;padding:1px 6px;border-radius:3px;font-weight:600;font-size:11px;color:{color};background:{bg}\">{label}</span>");
            Td(sb, Enc(c.Name));
            Td(sb, Enc(c.Metric));
            Td(sb, Number(c.Value));
            Td(sb, Number(c.Threshold));
            Td(sb, Enc(c.Rule));
            Td(sb, c.Detail is null ? "" : $"<span style=\"color:#666;font-size:11px\">{Enc(c.Detail)}</span>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");

        sb.Append("<div style=\"font-weight:600;margin:12px 0 6px\">Columns</div>");
        sb.Append(ci, $"<div style=\"color:#666;font-size:11px;margin-bottom:4px\"><span style=\"display:inline-block;width:10px;height:10px;background:{Sparkline.ReferenceColor}\"></span> reference <span style=\"display:inline-block;width:10px;height:10px;background:{Sparkline.CurrentColor};margin-left:8px\"></span> current — share of non-missing values per bin (numbers: {ColumnDistribution.NumericBins} equal-width bins over both samples; categories: most frequent first)</div>");
        sb.Append(Drift.ToHtmlWithColumn("Distribution", DistributionCell));
        sb.Append("</div>");
        return sb.ToString();
    }

    /// <summary>
    /// The report as JSON, the twin of <see cref="ToHtml"/>: <c>name</c>, <c>summary</c> (rows, columns, missing values,
    /// added/removed columns, new/lost categories per column), <c>checks</c> (name, column, metric, value, threshold, rule,
    /// status <c>pass</c>/<c>fail</c>/<c>inconclusive</c>, detail) with their counts, <c>drift</c> (<see cref="DriftReport.ToJson"/>)
    /// and <c>distributions</c> (labels and counts per column). Non-finite numbers are null.
    /// </summary>
    public JsonObject ToJson()
    {
        var s = Summary;
        return new JsonObject
        {
            ["name"] = Name,
            ["summary"] = new JsonObject
            {
                ["reference_rows"] = s.ReferenceRows,
                ["current_rows"] = s.CurrentRows,
                ["reference_columns"] = s.ReferenceColumns,
                ["current_columns"] = s.CurrentColumns,
                ["reference_missing"] = s.ReferenceMissing,
                ["current_missing"] = s.CurrentMissing,
                ["reference_missing_share"] = N(s.ReferenceMissingShare),
                ["current_missing_share"] = N(s.CurrentMissingShare),
                ["added_columns"] = Strings(s.AddedColumns),
                ["removed_columns"] = Strings(s.RemovedColumns),
                ["new_categories"] = s.NewCategories,
                ["lost_categories"] = s.LostCategories,
                ["columns"] = new JsonArray(s.Columns.Select(c => (JsonNode)new JsonObject
                {
                    ["column"] = c.Column, ["kind"] = c.Kind?.ToString(), ["in_reference"] = c.InReference, ["in_current"] = c.InCurrent,
                    ["reference_missing"] = c.ReferenceMissing, ["current_missing"] = c.CurrentMissing,
                    ["new_categories"] = Strings(c.NewCategories), ["lost_categories"] = Strings(c.LostCategories),
                }).ToArray()),
            },
            ["checks_passed"] = Passed,
            ["checks_failed"] = Failed,
            ["checks_inconclusive"] = Inconclusive,
            ["checks"] = new JsonArray(Checks.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name, ["column"] = c.Column, ["metric"] = c.Metric, ["value"] = N(c.Value), ["threshold"] = N(c.Threshold),
                ["rule"] = c.Rule, ["status"] = c.Status.ToString().ToLowerInvariant(), ["detail"] = c.Detail,
            }).ToArray()),
            ["drift"] = JsonNode.Parse(Drift.ToJson(indented: false)),
            ["distributions"] = new JsonArray(Distributions.Values.Select(d => (JsonNode)new JsonObject
            {
                ["column"] = d.Column, ["kind"] = d.Kind.ToString(), ["labels"] = Strings(d.Labels),
                ["reference_counts"] = new JsonArray(d.ReferenceCounts.Select(x => (JsonNode)JsonValue.Create(x)).ToArray()),
                ["current_counts"] = new JsonArray(d.CurrentCounts.Select(x => (JsonNode)JsonValue.Create(x)).ToArray()),
            }).ToArray()),
        };
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Drift} — checks {Passed} passed, {Failed} failed, {Inconclusive} inconclusive";

    private string DistributionCell(ColumnDriftResult c) =>
        Distributions.TryGetValue(c.Column, out var d)
            ? Sparkline.PairedHistogram(d.Labels, d.ReferenceShares, d.CurrentShares,
                string.Create(CultureInfo.InvariantCulture, $"{c.Column}: reference (n = {d.ReferenceTotal:N0}, grey) vs current (n = {d.CurrentTotal:N0}, red)"))
            : "–";

    private static string Categories(IEnumerable<(string Column, IReadOnlyList<string> Values)> columns) =>
        string.Join("; ", columns.Where(c => c.Values.Count > 0).Select(c => $"{c.Column}: {string.Join(", ", c.Values.Take(10))}{(c.Values.Count > 10 ? $" … (+{c.Values.Count - 10})" : "")}"));

    private static string Change(long before, long after) =>
        before == 0 ? "" : ((double)(after - before) / before).ToString("+0.0%;-0.0%;0%", CultureInfo.InvariantCulture);

    private static string Number(double v) => !double.IsFinite(v) ? "–" : v.ToString(Math.Abs(v) is > 0 and < 1e-4 ? "0.00E+0" : "G4", CultureInfo.InvariantCulture);

    private static JsonNode? N(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());

    private static void Row(StringBuilder sb, string name, string reference, string current, string change)
    {
        sb.Append("<tr>");
        Td(sb, "<b>" + Enc(name) + "</b>");
        Td(sb, Enc(reference));
        Td(sb, Enc(current));
        Td(sb, change);
        sb.Append("</tr>");
    }

    private static void Th(StringBuilder sb, string text) =>
        sb.Append("<th style=\"text-align:left;padding:4px 8px;border-bottom:2px solid #b0bec5\">").Append(Enc(text)).Append("</th>");

    private static void Td(StringBuilder sb, string html) =>
        sb.Append("<td style=\"padding:4px 8px;border-bottom:1px solid #e0e0e0;vertical-align:top\">").Append(html).Append("</td>");

    private static string Enc(string s) => WebUtility.HtmlEncode(s);
}
