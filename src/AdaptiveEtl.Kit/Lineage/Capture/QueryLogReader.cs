using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;

namespace AdaptiveEtl.Kit.Lineage.Capture;

/// <summary>
/// Reads executed SQL with who ran it from three sources: the kit's query-log CSV (<c>data-samples/query_log.csv</c>),
/// PostgreSQL's <c>pg_stat_statements</c> (live or exported to CSV), and PostgreSQL CSV server logs (<c>log_destination = 'csvlog'</c>).
/// </summary>
public static partial class QueryLogReader
{
    /// <summary>
    /// Reads a query-log CSV with a header: <c>query_text</c> and <c>ts</c> are required; <c>query_id</c>, <c>user_name</c>,
    /// <c>application</c>, <c>duration_ms</c>, <c>rows_returned</c>, <c>calls</c> are used when present.
    /// </summary>
    /// <exception cref="KitDataException">The file is missing, lacks a required column, or a value is malformed (row and column named).</exception>
    public static IReadOnlyList<QueryLogEntry> ReadCsv(string path)
    {
        var records = ReadRecords(path, out var header);
        int text = Required(header, path, "query_text"), ts = Required(header, path, "ts");
        int id = Optional(header, "query_id"), user = Optional(header, "user_name"), app = Optional(header, "application"),
            duration = Optional(header, "duration_ms"), rows = Optional(header, "rows_returned"), calls = Optional(header, "calls");
        var result = new List<QueryLogEntry>();
        long row = 0;
        foreach (var (_, f) in records)
        {
            if (f.Length != header.Length) throw new KitDataException($"has {f.Length} fields, expected {header.Length} (header: {string.Join(",", header)}).", path, row: row);
            result.Add(new QueryLogEntry(
                Get(f, id), ParseTime(f[ts], path, "ts", row), Get(f, user), Get(f, app),
                ParseDouble(Get(f, duration), path, "duration_ms", row), ParseLong(Get(f, rows), path, "rows_returned", row),
                ParseLong(Get(f, calls), path, "calls", row) ?? 1, f[text]));
            row++;
        }
        return result;
    }

    /// <summary>
    /// Reads an export of <c>pg_stat_statements</c> to CSV (header with <c>query</c>, <c>calls</c>, <c>total_exec_time</c>;
    /// optional <c>rolname</c>/<c>user_name</c>, <c>rows</c>, <c>queryid</c>), e.g. from
    /// <c>\copy (SELECT r.rolname, s.* FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid) TO 'pgss.csv' CSV HEADER</c>.
    /// </summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="snapshotTime">When the snapshot was taken (the entries' timestamp).</param>
    public static IReadOnlyList<QueryLogEntry> ReadPgStatStatementsCsv(string path, DateTimeOffset snapshotTime)
    {
        var records = ReadRecords(path, out var header);
        int query = Required(header, path, "query"), calls = Required(header, path, "calls"), total = Required(header, path, "total_exec_time");
        int user = Optional(header, "rolname"); if (user < 0) user = Optional(header, "user_name");
        int rows = Optional(header, "rows"), id = Optional(header, "queryid");
        var result = new List<QueryLogEntry>();
        long row = 0;
        foreach (var (_, f) in records)
        {
            result.Add(new QueryLogEntry(Get(f, id), snapshotTime, Get(f, user), "pg_stat_statements",
                ParseDouble(f[total], path, "total_exec_time", row), ParseLong(Get(f, rows), path, "rows", row),
                ParseLong(f[calls], path, "calls", row) ?? 1, f[query]));
            row++;
        }
        return result;
    }

    /// <summary>
    /// Reads <c>pg_stat_statements</c> from a live PostgreSQL server (the extension must be installed in the connected
    /// database). Each row becomes one entry standing for <c>calls</c> executions.
    /// </summary>
    public static async Task<IReadOnlyList<QueryLogEntry>> ReadPgStatStatementsAsync(DbConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT CAST(s.queryid AS text), r.rolname, s.query, s.calls, s.total_exec_time, s.rows " +
                          "FROM pg_stat_statements s LEFT JOIN pg_roles r ON r.oid = s.userid ORDER BY s.queryid";
        var now = DateTimeOffset.UtcNow;
        var result = new List<QueryLogEntry>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            result.Add(new QueryLogEntry(reader.IsDBNull(0) ? null : reader.GetString(0), now, reader.IsDBNull(1) ? null : reader.GetString(1),
                "pg_stat_statements", Convert.ToDouble(reader.GetValue(4), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(5), CultureInfo.InvariantCulture),
                Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture), reader.GetString(2)));
        return result;
    }

    /// <summary>
    /// Reads a PostgreSQL CSV log (<c>log_destination = 'csvlog'</c>; columns log_time, user_name, database_name, …,
    /// message (14th), …, application_name (23rd)). Keeps the lines whose message is <c>statement: …</c> (log_statement)
    /// or <c>duration: N ms  statement: …</c> (log_min_duration_statement); others are ignored.
    /// </summary>
    public static IReadOnlyList<QueryLogEntry> ReadPostgresCsvLog(string path)
    {
        if (!File.Exists(path)) throw new KitDataException("PostgreSQL CSV log not found.", path);
        var result = new List<QueryLogEntry>();
        long row = 0;
        foreach (var (_, f) in Data.CsvRecords.Read(path, firstIsHeader: false)) // csvlog has no header row
        {
            if (f.Length < 23) throw new KitDataException($"has {f.Length} fields; a PostgreSQL csvlog line has at least 23 (log_time … application_name).", path, row: row);
            var match = StatementMessage().Match(f[13]);
            if (match.Success)
            {
                double? duration = match.Groups["ms"].Success ? double.Parse(match.Groups["ms"].Value, CultureInfo.InvariantCulture) : null;
                result.Add(new QueryLogEntry(f[5] + ":" + f[6], ParseTime(f[0], path, "log_time", row), Empty(f[1]), Empty(f[22]), duration, null, 1, match.Groups["sql"].Value));
            }
            row++;
        }
        return result;
    }

    [GeneratedRegex(@"^(?:duration: (?<ms>[0-9.]+) ms\s+)?(?:statement|execute [^:]*): (?<sql>.*)$", RegexOptions.Singleline)]
    private static partial Regex StatementMessage();

    private static List<Data.CsvRecord> ReadRecords(string path, out string[] header)
    {
        if (!File.Exists(path)) throw new KitDataException("query log file not found.", path);
        var all = Data.CsvRecords.Read(path).ToList(); // the kit's one CSV reader: strict UTF-8, RFC 4180 quoting
        if (all.Count == 0) throw new KitDataException("is empty; expected a header line.", path);
        header = all[0].Fields.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        return all.Skip(1).ToList();
    }

    private static int Required(string[] header, string path, string name)
    {
        int i = Array.IndexOf(header, name);
        if (i < 0) throw new KitDataException($"has no '{name}' column; header is: {string.Join(",", header)}.", path, name);
        return i;
    }

    private static int Optional(string[] header, string name) => Array.IndexOf(header, name);

    private static string? Get(string[] f, int i) => i < 0 || i >= f.Length ? null : Empty(f[i]);

    private static string? Empty(string s) => s.Length == 0 ? null : s;

    private static DateTimeOffset ParseTime(string s, string path, string column, long row) =>
        DateTimeOffset.TryParse(s.Replace(" UTC", "Z"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t
        : throw new KitDataException($"'{s}' is not a timestamp; expected ISO-8601 such as 2025-11-01T02:01:15Z.", path, column, row);

    private static double? ParseDouble(string? s, string path, string column, long row) =>
        s is null ? null : double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d
        : throw new KitDataException($"'{s}' is not a number.", path, column, row);

    private static long? ParseLong(string? s, string path, string column, long row) =>
        s is null ? null : long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var d) ? d
        : throw new KitDataException($"'{s}' is not an integer.", path, column, row);
}
