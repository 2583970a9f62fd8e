using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Drift.Multivariate;
using AdaptiveEtl.Kit.Reporting;

namespace AdaptiveEtl.Kit.Drift;

/// <summary>
/// Per-column drift verdicts and the dataset verdict for one reference/current comparison. Renders itself as an HTML
/// fragment (<see cref="ToHtml"/>) and saves a standalone page (<see cref="SaveHtml"/>).
/// </summary>
public sealed class DriftReport : IHtmlReportable
{
    /// <summary>Creates a report from column results; the dataset verdict is derived here.</summary>
    /// <param name="columns">Per-column results in display order.</param>
    /// <param name="datasetDriftShare">The dataset drifts when at least this share of compared columns drifted.</param>
    /// <param name="referenceRows">Rows in the reference data.</param>
    /// <param name="currentRows">Rows in the current data.</param>
    /// <param name="multivariate">The multivariate detector's result, if it ran.</param>
    /// <param name="multivariateNote">Why the multivariate detector did not run, if it did not.</param>
    public DriftReport(IReadOnlyList<ColumnDriftResult> columns, double datasetDriftShare, long referenceRows, long currentRows,
        MultivariateDriftResult? multivariate = null, string? multivariateNote = null)
    {
        Columns = columns;
        DatasetDriftShareThreshold = datasetDriftShare;
        ReferenceRows = referenceRows;
        CurrentRows = currentRows;
        Multivariate = multivariate;
        MultivariateNote = multivariateNote;
        ComparedColumns = columns.Count(c => c.Compared);
        DriftedColumns = columns.Count(c => c.Compared && c.Drifted);
        DriftedShare = ComparedColumns == 0 ? 0 : (double)DriftedColumns / ComparedColumns;
        DatasetDrifted = ComparedColumns > 0 && DriftedShare >= datasetDriftShare;
        InconclusiveColumns = columns.Where(c => c.Inconclusive).ToArray();
        Verdict = DatasetDrifted ? DriftVerdict.Drift
            : InconclusiveColumns.Count > 0 || ComparedColumns == 0 || referenceRows == 0 || currentRows == 0 ? DriftVerdict.Inconclusive
            : DriftVerdict.NoDrift;
        Signal = DriftSignal.Dataset(columns);
        Slices = columns.SelectMany(c => c.Slices).OrderByDescending(s => Math.Abs(s.ShareChange)).ToArray();
    }

    /// <summary>Per-column results.</summary>
    public IReadOnlyList<ColumnDriftResult> Columns { get; }

    /// <summary>
    /// The dataset answer: <see cref="DriftVerdict.Drift"/> when <see cref="DatasetDrifted"/>; otherwise
    /// <see cref="DriftVerdict.Inconclusive"/> when a column could not be compared (<see cref="InconclusiveColumns"/>),
    /// nothing was compared, or a side has no rows; <see cref="DriftVerdict.NoDrift"/> only when everything was compared.
    /// Gate pipelines on this, not on <see cref="DatasetDrifted"/> alone: data that could not be read is never "no drift".
    /// </summary>
    public DriftVerdict Verdict { get; }

    /// <summary>Columns that should have been compared but could not be, with the reason in their <see cref="ColumnDriftResult.Message"/>.</summary>
    public IReadOnlyList<ColumnDriftResult> InconclusiveColumns { get; }

    /// <summary>Why the verdict is inconclusive, one clause per cause; null unless <see cref="Verdict"/> is <see cref="DriftVerdict.Inconclusive"/>.</summary>
    public string? InconclusiveReason => Verdict != DriftVerdict.Inconclusive ? null : string.Join("; ",
        (ReferenceRows == 0 ? ["the reference has no rows"] : Array.Empty<string>())
        .Concat(CurrentRows == 0 ? ["the current data has no rows"] : [])
        .Concat(ComparedColumns == 0 && ReferenceRows > 0 && CurrentRows > 0 ? ["no column could be compared"] : [])
        .Concat(InconclusiveColumns.Select(c => $"'{c.Column}' {c.Status}{(c.Message is null ? "" : ": " + c.Message.TrimEnd('.'))}")));

    /// <summary>The result of one column.</summary>
    /// <exception cref="KitDataException">No such column in the report.</exception>
    public ColumnDriftResult this[string column] =>
        Columns.FirstOrDefault(c => c.Column == column) ?? throw new KitDataException($"the drift report has no column '{column}'; columns: {string.Join(", ", Columns.Select(c => c.Column))}.");

    /// <summary>Columns that got a verdict.</summary>
    public int ComparedColumns { get; }

    /// <summary>Compared columns that drifted.</summary>
    public int DriftedColumns { get; }

    /// <summary>DriftedColumns / ComparedColumns.</summary>
    public double DriftedShare { get; }

    /// <summary>The share threshold the dataset verdict used.</summary>
    public double DatasetDriftShareThreshold { get; }

    /// <summary>True when at least <see cref="DatasetDriftShareThreshold"/> of the compared columns drifted.</summary>
    public bool DatasetDrifted { get; }

    /// <summary>Dataset drift signal in [0, 1]: weighted mean of the column signals (see <see cref="DriftSignal"/>).</summary>
    public double Signal { get; }

    /// <summary>Rows in the reference data.</summary>
    public long ReferenceRows { get; }

    /// <summary>Rows in the current data.</summary>
    public long CurrentRows { get; }

    /// <summary>The PCA reconstruction detector's result, or null when it did not run.</summary>
    public MultivariateDriftResult? Multivariate { get; }

    /// <summary>Why the multivariate detector did not run (null when it ran or was disabled).</summary>
    public string? MultivariateNote { get; }

    /// <summary>All slices of all columns whose share changed, largest |change| first.</summary>
    public IReadOnlyList<DriftSlice> Slices { get; }

    /// <summary>Slices that lost mass (under-represented in the current data), largest loss first.</summary>
    public IReadOnlyList<DriftSlice> LostSlices => Slices.Where(s => s.IsUnderRepresented).ToArray();

    /// <summary>
    /// A readable label of a slice of this report: the category, or the bin interval — with UTC dates for date-time
    /// columns, which are compared (and stored in <see cref="DriftSlice"/>) as Unix seconds.
    /// </summary>
    public string SliceLabel(DriftSlice slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        return slice.Category is not null ? $"= '{slice.Category}'" : "in " + Comparison.BinLabels.Of(slice.Lower, slice.Upper, Columns.FirstOrDefault(c => c.Column == slice.Column)?.Kind);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"Drift: {VerdictText} — {DriftedColumns}/{ComparedColumns} columns drifted ({DriftedShare:P0}, threshold {DatasetDriftShareThreshold:P0}), signal {Signal:F2}" +
        (InconclusiveColumns.Count > 0 ? $"; {InconclusiveColumns.Count} column(s) could not be compared: {string.Join(", ", InconclusiveColumns.Select(c => $"{c.Column} ({c.Status})"))}" : "") +
        (Verdict == DriftVerdict.Inconclusive && InconclusiveColumns.Count == 0 ? $" ({InconclusiveReason})" : "");

    private string VerdictText => Verdict switch { DriftVerdict.Drift => "DRIFT", DriftVerdict.Inconclusive => "INCONCLUSIVE", _ => "no drift" };

    /// <inheritdoc />
    public string ToHtml() => ToHtmlWithColumn(null, null);

    /// <summary>
    /// The fragment of <see cref="ToHtml()"/>; with <paramref name="extraColumn"/>, its per-column table gets one more column
    /// after "Column" whose cells are the trusted HTML the function returns (used by <see cref="Reporting.DriftDatasetReport"/>
    /// for the distribution pictures).
    /// </summary>
    internal string ToHtmlWithColumn(string? extraColumn, Func<ColumnDriftResult, string>? extraCell)
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var (verdictColor, verdictBg, verdictTitle) = Verdict switch
        {
            DriftVerdict.Drift => ("#b71c1c", "#ffebee", "Dataset drift detected"),
            DriftVerdict.Inconclusive => ("#e65100", "#fff3e0", "Inconclusive: some data could not be compared"),
            _ => ("#1b5e20", "#e8f5e9", "No dataset drift"),
        };
        sb.Append("<div class=\"aek-drift-report\" style=\"font-family:system-ui,-apple-system,Segoe UI,sans-serif;font-size:13px;color:#222\">");
        sb.Append(ci, $"<div style=\"padding:10px 14px;border-left:6px solid {verdictColor};background:{verdictBg};margin-bottom:10px\">");
        sb.Append(ci, $"<div style=\"font-size:16px;font-weight:600;color:{verdictColor}\">{verdictTitle}</div>");
        if (Verdict == DriftVerdict.Inconclusive || InconclusiveColumns.Count > 0)
            sb.Append("<div style=\"color:#e65100\">Not compared: ").Append(Enc(InconclusiveReason ?? string.Join("; ", InconclusiveColumns.Select(c => $"'{c.Column}' {c.Status}")))).Append("</div>");
        sb.Append(ci, $"<div>{DriftedColumns} of {ComparedColumns} compared columns drifted ({DriftedShare:P0}; dataset threshold {DatasetDriftShareThreshold:P0}) · drift signal {Signal:F2} · reference {ReferenceRows:N0} rows, current {CurrentRows:N0} rows</div>");
        if (Multivariate is { } mv)
            sb.Append(ci, $"<div>Multivariate (PCA reconstruction, {mv.Components} components, {mv.ExplainedVariance:P0} variance): error {mv.ReconstructionError:F4} vs reference band [{mv.Lower:F4}, {mv.Upper:F4}] — <b style=\"color:{(mv.Drifted ? "#b71c1c" : "#1b5e20")}\">{(mv.Drifted ? "drift" : "no drift")}</b></div>");
        else if (MultivariateNote is not null)
            sb.Append("<div style=\"color:#666\">Multivariate detector not run: ").Append(Enc(MultivariateNote)).Append("</div>");
        sb.Append("</div>");
        sb.Append("<table style=\"border-collapse:collapse;min-width:60%\"><thead><tr style=\"background:#eceff1\">");
        string[] headers = extraColumn is null || extraCell is null
            ? ["Column", "Kind", "Method", "Statistic", "p-value", "Threshold", "PSI", "Signal", "Drifted", "Status"]
            : ["Column", extraColumn, "Kind", "Method", "Statistic", "p-value", "Threshold", "PSI", "Signal", "Drifted", "Status"];
        foreach (var h in headers)
            sb.Append("<th style=\"text-align:left;padding:4px 8px;border-bottom:2px solid #b0bec5\">").Append(h).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var c in Columns)
        {
            string bg = !c.Compared ? "#f5f5f5" : c.Drifted ? "#ffcdd2" : c.Signal >= 0.35 ? "#fff8e1" : "#ffffff";
            sb.Append(ci, $"<tr style=\"background:{bg}\">");
            Cell(sb, "<b>" + Enc(c.Column) + "</b>");
            if (extraColumn is not null && extraCell is not null) Cell(sb, extraCell(c));
            Cell(sb, c.Kind?.ToString() ?? "–");
            Cell(sb, c.Compared ? c.Method.ToString() : "–");
            Cell(sb, c.Compared ? c.Statistic.ToString("G4", ci) : "–");
            Cell(sb, c.PValue is { } p ? p.ToString(p < 1e-4 ? "0.00E+0" : "F4", ci) : "–");
            Cell(sb, c.Compared ? (ColumnDriftResult.IsTest(c.Method) ? "p < " : c.Method == DriftMethod.Psi ? "≥ " : "> ") + c.Threshold.ToString("G3", ci) : "–");
            Cell(sb, c.Psi is { } psi ? psi.Value.ToString("F3", ci) : "–");
            Cell(sb, c.Compared ? SignalBar(c.Signal) : "–");
            Cell(sb, !c.Compared ? "–" : c.Drifted ? "<b style=\"color:#b71c1c\">yes</b>" : "<span style=\"color:#1b5e20\">no</span>");
            Cell(sb, (c.Status == DriftStatus.Ok ? "ok" : $"<span title=\"{Enc(c.Message ?? "")}\">{c.Status}</span>") + (c.Message is null ? "" : $"<div style=\"color:#666;font-size:11px\">{Enc(c.Message)}</div>")
                + (c.MissingValues is { } shift && c.Message is null && (shift.ReferenceMissing > 0 || shift.CurrentMissing > 0 || shift.ReferenceNonFinite > 0 || shift.CurrentNonFinite > 0)
                    ? $"<div style=\"color:#666;font-size:11px\">{Enc(shift.Describe())}</div>" : ""));
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");
        var top = Slices.Take(10).ToArray();
        if (top.Length > 0)
        {
            sb.Append("<div style=\"margin-top:10px;font-weight:600\">Largest share changes</div><table style=\"border-collapse:collapse\"><thead><tr style=\"background:#eceff1\">");
            foreach (var h in new[] { "Column", "Slice", "Reference", "Current", "Change" })
                sb.Append("<th style=\"text-align:left;padding:4px 8px;border-bottom:2px solid #b0bec5\">").Append(h).Append("</th>");
            sb.Append("</tr></thead><tbody>");
            foreach (var s in top)
            {
                sb.Append("<tr>");
                Cell(sb, Enc(s.Column));
                Cell(sb, Enc(SliceLabel(s)));
                Cell(sb, s.ReferenceShare.ToString("P1", ci));
                Cell(sb, s.CurrentShare.ToString("P1", ci));
                Cell(sb, $"<span style=\"color:{(s.ShareChange < 0 ? "#b71c1c" : "#0d47a1")}\">{s.ShareChange.ToString("+0.0%;-0.0%", ci)}</span>");
                sb.Append("</tr>");
            }
            sb.Append("</tbody></table>");
        }
        sb.Append("</div>");
        return sb.ToString();
    }

    /// <summary>
    /// The whole report as JSON for machines — the twin of <see cref="ToHtml"/>: <c>verdict</c> (<c>drift</c>,
    /// <c>no_drift</c>, <c>inconclusive</c>), <c>inconclusive_reason</c>, the dataset figures, every column (status, kind,
    /// method, statistic, p-value, threshold, signal, drifted, PSI, counts, missing/±∞ shares, message), the slices whose
    /// share changed, and the multivariate result. Non-finite numbers are written as null (JSON has no NaN).
    /// </summary>
    public string ToJson(bool indented = true)
    {
        static JsonNode? N(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;
        static JsonNode? NN(double? v) => v is { } x ? N(x) : null;
        var columns = new JsonArray(Columns.Select(c => (JsonNode?)new JsonObject
        {
            ["column"] = c.Column,
            ["kind"] = c.Kind?.ToString(),
            ["status"] = c.Status.ToString(),
            ["compared"] = c.Compared,
            ["inconclusive"] = c.Inconclusive,
            ["method"] = c.Compared ? c.Method.ToString() : null,
            ["statistic"] = N(c.Statistic),
            ["p_value"] = NN(c.PValue),
            ["threshold"] = N(c.Threshold),
            ["signal"] = N(c.Signal),
            ["drifted"] = c.Drifted,
            ["psi"] = NN(c.Psi?.Value),
            ["reference_count"] = c.ReferenceCount,
            ["current_count"] = c.CurrentCount,
            ["weight"] = N(c.Weight),
            ["missing"] = c.MissingValues is not { } m ? null : new JsonObject
            {
                ["reference_rate"] = N(m.ReferenceMissingRate), ["current_rate"] = N(m.CurrentMissingRate), ["p_value"] = N(m.MissingPValue),
                ["reference_non_finite_rate"] = N(m.ReferenceNonFiniteRate), ["current_non_finite_rate"] = N(m.CurrentNonFiniteRate),
                ["non_finite_p_value"] = N(m.NonFinitePValue), ["drifted"] = m.Drifted,
            },
            ["message"] = c.Message,
        }).ToArray());
        var slices = new JsonArray(Slices.Select(sl => (JsonNode?)new JsonObject
        {
            ["column"] = sl.Column, ["slice"] = SliceLabel(sl), ["category"] = sl.Category, ["lower"] = NN(sl.Lower), ["upper"] = NN(sl.Upper),
            ["reference_share"] = N(sl.ReferenceShare), ["current_share"] = N(sl.CurrentShare), ["change"] = N(sl.ShareChange),
        }).ToArray());
        var root = new JsonObject
        {
            ["verdict"] = Verdict switch { DriftVerdict.Drift => "drift", DriftVerdict.Inconclusive => "inconclusive", _ => "no_drift" },
            ["inconclusive_reason"] = InconclusiveReason,
            ["dataset_drifted"] = DatasetDrifted,
            ["drifted_columns"] = DriftedColumns,
            ["compared_columns"] = ComparedColumns,
            ["drifted_share"] = N(DriftedShare),
            ["dataset_drift_share_threshold"] = N(DatasetDriftShareThreshold),
            ["signal"] = N(Signal),
            ["reference_rows"] = ReferenceRows,
            ["current_rows"] = CurrentRows,
            ["columns"] = columns,
            ["slices"] = slices,
            ["multivariate"] = Multivariate is not { } mv ? null : new JsonObject
            {
                ["reconstruction_error"] = N(mv.ReconstructionError), ["lower"] = N(mv.Lower), ["upper"] = N(mv.Upper),
                ["components"] = mv.Components, ["explained_variance"] = N(mv.ExplainedVariance), ["drifted"] = mv.Drifted,
            },
            ["multivariate_note"] = MultivariateNote,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = indented });
    }

    /// <summary>
    /// Writes the report as a standalone HTML page. Atomic: the page is written to a temporary file in the same folder
    /// and then moved over <paramref name="path"/>, so readers never see a half-written report. Creates the folder.
    /// </summary>
    public void SaveHtml(string path, string title = "Drift report")
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var tmp = full + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var page = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Enc(title) + "</title></head><body style=\"margin:20px\">\n<h1 style=\"font-family:system-ui,sans-serif;font-size:20px\">"
                   + Enc(title) + "</h1>\n" + ToHtml() + "\n</body></html>\n";
        try
        {
            File.WriteAllText(tmp, page, new UTF8Encoding(false));
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    private static void Cell(StringBuilder sb, string html) =>
        sb.Append("<td style=\"padding:4px 8px;border-bottom:1px solid #e0e0e0;vertical-align:top\">").Append(html).Append("</td>");

    private static string SignalBar(double s)
    {
        var ci = CultureInfo.InvariantCulture;
        string color = s >= 0.5 ? "#e53935" : s >= 0.35 ? "#fb8c00" : "#43a047";
        return string.Create(ci, $"<div style=\"display:inline-block;width:60px;height:8px;background:#eee;vertical-align:middle\"><div style=\"width:{s * 100:F0}%;height:8px;background:{color}\"></div></div> {s:F2}");
    }

    private static string Enc(string s) => WebUtility.HtmlEncode(s);
}
