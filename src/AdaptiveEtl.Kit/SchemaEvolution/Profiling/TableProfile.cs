using System.Text;
using AdaptiveEtl.Kit.Reporting;
using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;

namespace AdaptiveEtl.Kit.SchemaEvolution.Profiling;

/// <summary>A snapshot of a table's statistics: row count, size and one <see cref="ColumnProfile"/> per column.</summary>
/// <param name="Table">The table profiled.</param>
/// <param name="TakenAt">When the snapshot was taken (UTC).</param>
/// <param name="RowCount">Rows in the table (estimated when <paramref name="Sampled"/>).</param>
/// <param name="SizeBytes">Storage the table takes as the store reports it, or null.</param>
/// <param name="Columns">The columns, in table order.</param>
/// <param name="Sampled">True when the figures come from a sample (PostgreSQL <c>TABLESAMPLE</c>): min/max are then bounds seen in the sample.</param>
public sealed record TableProfile(QualifiedTable Table, DateTimeOffset TakenAt, long RowCount, long? SizeBytes, IReadOnlyList<ColumnProfile> Columns, bool Sampled)
    : IHtmlReportable
{
    /// <summary>The profile of a column (matched exactly, then case-insensitively), or null.</summary>
    public ColumnProfile? Column(string name) =>
        Columns.FirstOrDefault(c => c.Column == name) ?? Columns.FirstOrDefault(c => string.Equals(c.Column, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Average bytes per row (<see cref="SizeBytes"/> / <see cref="RowCount"/>), or null when unknown.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double? BytesPerRow => SizeBytes is { } s && RowCount > 0 ? (double)s / RowCount : null;

    /// <inheritdoc />
    public string ToHtml()
    {
        var sb = new StringBuilder();
        sb.Append("<table style=\"border-collapse:collapse\"><caption>").Append(Html(Table.ToString())).Append(" — ").Append(RowCount.ToString("N0", System.Globalization.CultureInfo.InvariantCulture))
          .Append(" rows").Append(Sampled ? " (sampled)" : "").Append("</caption><tr><th>column</th><th>type</th><th>null share</th><th>distinct</th><th>min</th><th>max</th><th>max length</th></tr>");
        foreach (var c in Columns)
            sb.Append("<tr><td>").Append(Html(c.Column)).Append("</td><td>").Append(Html(c.DataType)).Append("</td><td>").Append(c.NullShare.ToString("P1", System.Globalization.CultureInfo.InvariantCulture))
              .Append("</td><td>").Append(c.DistinctCount).Append("</td><td>").Append(c.Min?.ToString("G6", System.Globalization.CultureInfo.InvariantCulture))
              .Append("</td><td>").Append(c.Max?.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)).Append("</td><td>").Append(c.MaxLength).Append("</td></tr>");
        return sb.Append("</table>").ToString();
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Table}: {RowCount} rows{(Sampled ? " (sampled)" : "")} at {TakenAt:u}; " +
        string.Join("; ", Columns.Select(c => $"{c.Column} {c.DataType} nulls {c.NullShare:P1} distinct {c.DistinctCount}" +
            (c.Min is null ? "" : $" [{c.Min:G6}, {c.Max:G6}]") + (c.MaxLength is null ? "" : $" len≤{c.MaxLength}")));

    private static string Html(string s) => System.Net.WebUtility.HtmlEncode(s);
}
