using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AdaptiveEtl.Kit.Scripting.Notebooks;

/// <summary>
/// The outputs a notebook is committed with (<c>kit notebook run --in-place</c>) and the check that they are current: the
/// structure of a run's outputs (cell ids, output types and mime types, table shapes, chart trace counts) compared with a
/// fresh run, ignoring timings, paths, random ids and numbers that vary between runs.
/// </summary>
public static partial class NotebookOutputs
{
    /// <summary>
    /// The cell tag for outputs whose table row counts legitimately vary between runs (for example a decision log whose
    /// length depends on measured timings): their tables are compared by column count only (<c>table ?xC</c>).
    /// </summary>
    public const string VaryingRowsTag = "varying-rows";

    /// <summary>
    /// The notebook at its original sources with the outputs and execution counts of <paramref name="executed"/> (matched
    /// by cell id), without the injected parameters cell, and with inlined copies of plotly.js removed (3.6 MB each; the
    /// charts keep their static SVG and draw again when the notebook is re-run).
    /// </summary>
    /// <param name="original">The notebook as written (its sources and metadata are kept).</param>
    /// <param name="executed">The same notebook after a run (<see cref="NotebookRunner.RunAsync"/>).</param>
    /// <exception cref="ArgumentException">A code cell has no id (nbformat 4.5 ids are required to match cells).</exception>
    public static NotebookDocument ForCommit(NotebookDocument original, NotebookDocument executed)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(executed);
        var byId = executed.Cells.Where(c => c.Id is not null && !c.HasTag(NotebookParameter.InjectedParametersTag))
            .ToDictionary(c => c.Id!, StringComparer.Ordinal);
        var result = NotebookDocument.Parse(original.ToJson());
        for (var i = 0; i < result.Cells.Count; i++)
        {
            var cell = result.Cells[i];
            if (cell.CellType != NotebookCellType.Code) continue;
            if (cell.Id is null) throw new ArgumentException($"code cell {i} has no id: outputs are matched by nbformat 4.5 cell ids");
            cell.Outputs.Clear();
            cell.ExecutionCount = null;
            if (!byId.TryGetValue(cell.Id, out var ran)) continue;
            cell.ExecutionCount = ran.ExecutionCount;
            foreach (var output in ran.Outputs)
            {
                var copy = output!.DeepClone();
                if (copy["data"] is JsonObject data && data["text/html"] is { } html)
                    data["text/html"] = NotebookDocument.WriteMultiline(InlinedPlotlyJs().Replace(NotebookDocument.ReadMultiline(html), ""));
                cell.Outputs.Add(copy);
            }
        }
        return result;
    }

    /// <summary>
    /// One line per code cell: its id, then each display output as its type and mime types (streams are left out: their
    /// text and even which cell receives them vary between runs), errors by name, with <c>table RxC</c> for each HTML table (<c>?xC</c> in cells tagged
    /// <see cref="VaryingRowsTag"/>) and <c>traces=N</c> for each chart.
    /// </summary>
    public static IReadOnlyList<string> Structure(NotebookDocument notebook)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var lines = new List<string>();
        foreach (var cell in notebook.Cells.Where(c => c.CellType == NotebookCellType.Code && !c.HasTag(NotebookParameter.InjectedParametersTag)))
        {
            var parts = new List<string>();
            var varyingRows = cell.HasTag(VaryingRowsTag);
            foreach (var output in cell.Outputs.OfType<JsonObject>())
            {
                var type = (string?)output["output_type"];
                // Streams are left out: their text varies, and output written by an earlier cell's background work
                // (progress, late warnings) can land in a later cell on a loaded machine.
                if (type == "stream") continue;
                if (type == "error")
                {
                    parts.Add($"error {(string?)output["ename"]}");
                    continue;
                }
                var data = output["data"] as JsonObject ?? [];
                var part = $"{type}({string.Join(",", data.Select(kv => kv.Key).Order(StringComparer.Ordinal))})";
                if (data["text/html"] is { } html)
                    foreach (Match table in Table().Matches(NotebookDocument.ReadMultiline(html)))
                    {
                        var rows = Row().Matches(table.Value);
                        var columns = rows.Count == 0 ? 0 : TableCell().Count(rows[0].Value);
                        part += string.Create(CultureInfo.InvariantCulture, $" table {(varyingRows ? "?" : rows.Count.ToString(CultureInfo.InvariantCulture))}x{columns}");
                    }
                if (data["image/svg+xml"] is { } svg && Traces().Match(NotebookDocument.ReadMultiline(svg)) is { Success: true } traces)
                    part += $" traces={traces.Groups[1].Value}";
                parts.Add(part);
            }
            lines.Add($"{cell.Id}: {string.Join("; ", parts)}");
        }
        return lines;
    }

    /// <summary>The differences between the committed outputs and a fresh run's (empty when they agree), one message each.</summary>
    public static IReadOnlyList<string> Differences(NotebookDocument committed, NotebookDocument fresh)
    {
        ArgumentNullException.ThrowIfNull(committed);
        ArgumentNullException.ThrowIfNull(fresh);
        var differences = new List<string>();
        if (committed.FormatMinor < 5) differences.Add($"nbformat 4.{committed.FormatMinor}: expected 4.5 or later (cell ids)");
        var ids = committed.Cells.Select(c => c.Id).ToList();
        for (var i = 0; i < ids.Count; i++)
            if (ids[i] is null) differences.Add($"cell {i} has no id");
        foreach (var duplicate in ids.Where(id => id is not null).GroupBy(id => id).Where(g => g.Count() > 1))
            differences.Add($"cell id '{duplicate.Key}' is used {duplicate.Count()} times");
        if (!committed.Cells.Any(c => c.CellType == NotebookCellType.Code && c.Outputs.Count > 0))
            differences.Add("no outputs are committed");
        var expected = Structure(fresh);
        var actual = Structure(committed);
        for (var i = 0; i < Math.Max(expected.Count, actual.Count); i++)
        {
            var e = i < expected.Count ? expected[i] : "(no cell)";
            var a = i < actual.Count ? actual[i] : "(no cell)";
            if (e != a) differences.Add($"code cell {i + 1}: committed [{a}] but a fresh run gives [{e}]");
        }
        return differences;
    }

    /// <summary>The plotly.js loader element ChartHtml inlines (marked <c>data-kit-plotly</c>).</summary>
    [GeneratedRegex("<script[^>]*data-kit-plotly=\"[^\"]*\"[^>]*>.*?</script>\\n?", RegexOptions.Singleline)]
    private static partial Regex InlinedPlotlyJs();

    [GeneratedRegex("<table\\b.*?</table>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Table();

    [GeneratedRegex("<tr\\b.*?(?=<tr\\b|</table>)", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Row();

    [GeneratedRegex("<t[hd]\\b", RegexOptions.IgnoreCase)]
    private static partial Regex TableCell();

    [GeneratedRegex("data-kit-traces=\"(\\d+)\"")]
    private static partial Regex Traces();
}
