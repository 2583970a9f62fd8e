using System.Globalization;
using System.Text;

namespace AdaptiveEtl.Kit.History;

/// <summary>
/// Reads run-history CSV (the <c>etl_runs.csv</c> format, RFC 4180 quoting) into validated records. Every problem is a
/// <see cref="KitDataException"/> naming the file, the zero-based data row and the column.
/// </summary>
internal static class RunCsvReader
{
    internal static readonly string[] Required =
        ["run_id", "pipeline", "trigger_time", "rows_in", "bytes_in", "file_count", "schema_version", "schema_hash", "outcome"];

    /// <summary>Parses CSV text; <paramref name="source"/> names the file in errors.</summary>
    public static (List<RunRecord> Runs, List<IngestionRateSample> Rates) Read(TextReader reader, string source)
    {
        var rows = ParseRows(reader, source).GetEnumerator();
        if (!rows.MoveNext()) throw new KitDataException("the file is empty; expected a header row with " + string.Join(", ", Required) + ".", source);
        var header = rows.Current.Fields.Select(h => h.Trim()).ToArray();
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < header.Length; i++) index.TryAdd(header[i], i);
        var missing = Required.Where(r => !index.ContainsKey(r)).ToArray();
        if (missing.Length > 0)
            throw new KitDataException($"missing column(s) {string.Join(", ", missing)}; the header has {string.Join(", ", header)}.", source);
        var runs = new List<RunRecord>();
        var rates = new List<IngestionRateSample>();
        long row = 0;
        while (rows.MoveNext())
        {
            var f = rows.Current.Fields;
            if (f.Count == 1 && f[0].Length == 0) continue; // blank line
            if (f.Count != header.Length)
                throw new KitDataException($"{f.Count} fields, expected {header.Length} as in the header.", source, row: row);
            string Get(string c) => index.TryGetValue(c, out var i) ? f[i] : "";
            var values = new RunRowValues(source, row);
            var run = values.ToRecord(Get);
            runs.Add(run);
            if (index.ContainsKey("ingestion_rate_rps") && Get("ingestion_rate_rps").Trim().Length > 0)
                rates.Add(new IngestionRateSample(run.Pipeline, run.TriggerTime, values.Double(Get("ingestion_rate_rps"), "ingestion_rate_rps", nonNegative: true)));
            row++;
        }
        return (runs, rates);
    }

    private sealed record CsvRow(List<string> Fields);

    private static IEnumerable<CsvRow> ParseRows(TextReader reader, string source)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        bool inQuotes = false, any = false;
        long line = 1;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            any = true;
            char ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); sb.Append('"'); }
                    else inQuotes = false;
                }
                else
                {
                    if (ch == '\n') line++;
                    sb.Append(ch);
                }
                continue;
            }
            switch (ch)
            {
                case '"' when sb.Length == 0: inQuotes = true; break;
                case ',': fields.Add(sb.ToString()); sb.Clear(); break;
                case '\r': break;
                case '\n':
                    fields.Add(sb.ToString()); sb.Clear();
                    yield return new CsvRow(fields);
                    fields = new List<string>(); any = false; line++;
                    break;
                default: sb.Append(ch); break;
            }
        }
        if (inQuotes) throw new KitDataException($"unterminated quoted field starting before line {line}.", source);
        if (any) { fields.Add(sb.ToString()); yield return new CsvRow(fields); }
    }
}
