using System.Globalization;
using System.Net;
using System.Text;
using AdaptiveEtl.Kit.Lineage;
using AdaptiveEtl.Kit.Lineage.Capture;
using AdaptiveEtl.Kit.Lineage.Graph;
using AdaptiveEtl.Kit.Lineage.Sql;
using AdaptiveEtl.Kit.Reporting;
using AdaptiveEtl.Kit.SchemaEvolution.Profiling;

namespace AdaptiveEtl.Kit.SchemaEvolution.Usage;

/// <summary>
/// The workload as the schema advisor sees it: per column and table how often and in which role it is used, query
/// families (normalised SQL fingerprints) with durations, rows, consumers and weekly trends, and the table-level
/// lineage (depth, upstream sources). Built from a query log (parsed for column lineage), an access log, optional
/// column profiles (for selectivity) and an optional lineage graph (for upstream tables no logged statement writes).
/// </summary>
public sealed class WorkloadModel : IHtmlReportable
{
    private readonly Dictionary<ColumnRef, ColumnUsage> _columns;
    private readonly Dictionary<string, TableUsage> _tables;
    private readonly Dictionary<string, QueryFamily> _families;
    private readonly Dictionary<string, IReadOnlyList<string>> _upstream;

    internal WorkloadModel(IEnumerable<ColumnUsage> columns, IEnumerable<TableUsage> tables, IEnumerable<QueryFamily> families,
        IEnumerable<ConsumerUsage> consumers, IReadOnlyList<QueryExecution> executions, Dictionary<string, IReadOnlyList<string>> upstream,
        int parsed, int unparsed, IReadOnlyList<TableProfile> profiles)
    {
        Columns = columns.OrderByDescending(c => c.Reads).ThenBy(c => c.Column).ToList();
        Tables = tables.OrderByDescending(t => t.Reads).ThenBy(t => t.Table, StringComparer.Ordinal).ToList();
        Families = families.OrderByDescending(f => f.TotalDurationMs).ThenBy(f => f.Fingerprint, StringComparer.Ordinal).ToList();
        Consumers = consumers.OrderByDescending(c => c.Executions).ThenBy(c => c.Kind, StringComparer.Ordinal).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
        Executions = executions;
        Profiles = profiles;
        _columns = Columns.ToDictionary(c => c.Column);
        _tables = Tables.ToDictionary(t => t.Table, StringComparer.Ordinal);
        _families = Families.ToDictionary(f => f.Fingerprint, StringComparer.Ordinal);
        _upstream = upstream;
        ParsedFamilies = parsed;
        UnparsedFamilies = unparsed;
        From = executions.Count == 0 ? DateTimeOffset.MinValue : executions.Min(e => e.Timestamp);
        To = executions.Count == 0 ? DateTimeOffset.MinValue : executions.Max(e => e.Timestamp);
    }

    /// <summary>Column usage, most-read first.</summary>
    public IReadOnlyList<ColumnUsage> Columns { get; }

    /// <summary>Table usage, most-read first.</summary>
    public IReadOnlyList<TableUsage> Tables { get; }

    /// <summary>Query families, most total time first.</summary>
    public IReadOnlyList<QueryFamily> Families { get; }

    /// <summary>Users and applications, most executions first.</summary>
    public IReadOnlyList<ConsumerUsage> Consumers { get; }

    /// <summary>Every execution in time order (query log entries and access reads): the series behind the statistics.</summary>
    public IReadOnlyList<QueryExecution> Executions { get; }

    /// <summary>The column profiles the model was given (for selectivity and for the recommenders' storage estimates).</summary>
    public IReadOnlyList<TableProfile> Profiles { get; }

    /// <summary>SQL families whose text parsed (column usage is known).</summary>
    public int ParsedFamilies { get; }

    /// <summary>SQL families whose text did not parse (they count for durations and consumers only).</summary>
    public int UnparsedFamilies { get; }

    /// <summary>First execution (<see cref="DateTimeOffset.MinValue"/> for an empty model).</summary>
    public DateTimeOffset From { get; }

    /// <summary>Last execution.</summary>
    public DateTimeOffset To { get; }

    /// <summary>
    /// Usage of a column, or null when the workload never touches it. The name is matched exactly first (a quoted
    /// mixed-case name keeps its case in lineage), then folded to lower case as an unquoted name is.
    /// </summary>
    public ColumnUsage? Column(ColumnRef column) =>
        _columns.GetValueOrDefault(column) ?? _columns.GetValueOrDefault(new ColumnRef(column.Table.ToLowerInvariant(), column.Column.ToLowerInvariant()));

    /// <summary>Usage of a table (<c>schema.table</c>), or null: matched exactly first, then folded to lower case.</summary>
    public TableUsage? Table(string table) => _tables.GetValueOrDefault(table) ?? _tables.GetValueOrDefault(table.ToLowerInvariant());

    /// <summary>A query family by fingerprint, or null.</summary>
    public QueryFamily? Family(string fingerprint) => _families.GetValueOrDefault(fingerprint);

    /// <summary>The profile of a lineage table name (<c>schema.table</c>; bare names also match the default schemas <c>main</c>/<c>public</c>), or null.</summary>
    public TableProfile? ProfileOf(string table) => FindProfile(Profiles, table);

    /// <summary>
    /// Every table upstream of <paramref name="table"/> (transitively, nearest first), from the logged writes and the
    /// lineage graph: what must be refreshed before a materialised view over it is current.
    /// </summary>
    public IReadOnlyList<string> UpstreamOf(string table)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { table.ToLowerInvariant() };
        var order = new List<string>();
        var queue = new Queue<string>();
        queue.Enqueue(table.ToLowerInvariant());
        while (queue.Count > 0)
            foreach (var up in _upstream.GetValueOrDefault(queue.Dequeue(), []))
                if (seen.Add(up)) { order.Add(up); queue.Enqueue(up); }
        return order;
    }

    /// <summary>
    /// Builds the model. Each query family is parsed once (its first text) with <paramref name="parser"/>; literal
    /// predicates are read from every text to estimate selectivity against <paramref name="profiles"/>.
    /// </summary>
    /// <param name="queryLog">Executed statements (e.g. <see cref="QueryLogReader.ReadCsv"/>).</param>
    /// <param name="parser">The lineage parser (with the warehouse catalog, so <c>*</c> and unqualified columns resolve).</param>
    /// <param name="accessLog">Access-log reads (<see cref="AccessLogReader"/>), or null.</param>
    /// <param name="profiles">Column statistics for selectivity estimates, or null (planner defaults are used).</param>
    /// <param name="lineage">A lineage graph adding table dependencies that the log does not show, or null.</param>
    public static WorkloadModel Build(IEnumerable<QueryLogEntry> queryLog, SqlLineageParser parser, IEnumerable<AccessLogEntry>? accessLog = null,
        IEnumerable<TableProfile>? profiles = null, LineageGraph? lineage = null)
    {
        ArgumentNullException.ThrowIfNull(queryLog);
        ArgumentNullException.ThrowIfNull(parser);
        return new WorkloadModelBuilder(parser, profiles?.ToList() ?? [], lineage).Build(queryLog, accessLog ?? []);
    }

    internal static TableProfile? FindProfile(IReadOnlyList<TableProfile> profiles, string table)
    {
        var t = table.ToLowerInvariant();
        // The latest snapshot wins when several were given.
        return profiles.Where(p => Matches(p, t)).OrderByDescending(p => p.TakenAt).FirstOrDefault();

        static bool Matches(TableProfile p, string t)
        {
            var full = p.Table.ToString().ToLowerInvariant();
            if (full == t) return true;
            return p.Table.Schema is null or "main" or "public" && p.Table.Name.ToLowerInvariant() == t;
        }
    }

    /// <inheritdoc />
    public string ToHtml()
    {
        var sb = new StringBuilder();
        sb.Append("<div><p>").Append(Families.Count).Append(" query families, ").Append(Executions.Sum(e => e.Calls).ToString("N0", CultureInfo.InvariantCulture))
          .Append(" executions, ").Append(Html($"{From:yyyy-MM-dd} … {To:yyyy-MM-dd}")).Append("</p>");
        Table(sb, "Columns", ["column", "reads", "filter", "join", "group", "order", "selectivity", "consumers", "trend/wk"],
            Columns.Select(c => new[] { c.Column.ToString(), N(c.Reads), N(c.Filters), N(c.Joins), N(c.Groups), N(c.Orders), c.Selectivity?.ToString("P2", CultureInfo.InvariantCulture) ?? "", N(c.Consumers), F(c.WeeklyTrend) }));
        Table(sb, "Tables", ["table", "reads", "writes", "access reads", "read time (s)", "consumers", "depth", "upstream"],
            Tables.Select(t => new[] { t.Table, N(t.Reads), N(t.Writes), N(t.AccessReads), F(t.ReadDurationMs / 1000), N(t.Consumers), N(t.LineageDepth), string.Join(", ", t.Upstream) }));
        Table(sb, "Query families", ["fingerprint", "query", "executions", "mean ms", "p95 ms", "mean rows", "duration trend ms/wk", "depth", "consumers"],
            Families.Select(f => new[] { f.Fingerprint, Short(f.NormalizedSql), N(f.Executions), F(f.MeanDurationMs), F(f.P95DurationMs), f.MeanRows is { } r ? F(r) : "", F(f.DurationTrendMsPerWeek), N(f.LineageDepth), string.Join(", ", f.Consumers) }));
        Table(sb, "Consumers", ["kind", "name", "executions", "time (s)", "tables"],
            Consumers.Select(c => new[] { c.Kind, c.Name, N(c.Executions), F(c.TotalDurationMs / 1000), string.Join(", ", c.Tables) }));
        return sb.Append("</div>").ToString();
    }

    /// <summary>The same tables as <see cref="ToHtml"/> as aligned plain text (top 15 rows each).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Workload {From:yyyy-MM-dd} … {To:yyyy-MM-dd}: {Families.Count} query families ({UnparsedFamilies} unparsed), {Executions.Sum(e => e.Calls)} executions\n");
        Text(sb, "Columns", ["column", "reads", "filter", "join", "group", "order", "selectivity"],
            Columns.Take(15).Select(c => new[] { c.Column.ToString(), N(c.Reads), N(c.Filters), N(c.Joins), N(c.Groups), N(c.Orders), c.Selectivity?.ToString("P2", CultureInfo.InvariantCulture) ?? "" }));
        Text(sb, "Tables", ["table", "reads", "writes", "depth", "upstream"],
            Tables.Take(15).Select(t => new[] { t.Table, N(t.Reads), N(t.Writes), N(t.LineageDepth), string.Join(", ", t.Upstream) }));
        Text(sb, "Query families", ["fingerprint", "executions", "mean ms", "p95 ms", "trend ms/wk", "query"],
            Families.Take(15).Select(f => new[] { f.Fingerprint, N(f.Executions), F(f.MeanDurationMs), F(f.P95DurationMs), F(f.DurationTrendMsPerWeek), Short(f.NormalizedSql) }));
        Text(sb, "Consumers", ["kind", "name", "executions", "time (s)"],
            Consumers.Take(15).Select(c => new[] { c.Kind, c.Name, N(c.Executions), F(c.TotalDurationMs / 1000) }));
        return sb.ToString();
    }

    private static string N(long v) => v.ToString(CultureInfo.InvariantCulture);
    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
    private static string Short(string s) => s.Length <= 80 ? s : s[..77] + "...";
    private static string Html(string s) => WebUtility.HtmlEncode(s);

    private static void Table(StringBuilder sb, string caption, string[] header, IEnumerable<string[]> rows)
    {
        sb.Append("<table style=\"border-collapse:collapse;margin-bottom:1em\"><caption style=\"text-align:left;font-weight:bold\">").Append(Html(caption)).Append("</caption><tr>");
        foreach (var h in header) sb.Append("<th style=\"text-align:left;padding:2px 6px\">").Append(Html(h)).Append("</th>");
        sb.Append("</tr>");
        foreach (var r in rows)
        {
            sb.Append("<tr>");
            foreach (var v in r) sb.Append("<td style=\"padding:2px 6px\">").Append(Html(v)).Append("</td>");
            sb.Append("</tr>");
        }
        sb.Append("</table>");
    }

    private static void Text(StringBuilder sb, string caption, string[] header, IEnumerable<string[]> rows)
    {
        var all = new List<string[]> { header };
        all.AddRange(rows);
        var widths = header.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        sb.Append('\n').Append(caption).Append('\n');
        foreach (var r in all) sb.Append(string.Join("  ", r.Select((v, i) => v.PadRight(widths[i]))).TrimEnd()).Append('\n');
    }
}
