using System.Globalization;
using System.Text.Json;
using AdaptiveEtl.Kit.Lineage.Capture;

namespace AdaptiveEtl.Kit.SchemaEvolution.Usage;

/// <summary>
/// Reads access logs of dataset/column reads (<c>data-samples/access_log.jsonl</c>) as JSON lines or CSV. Fields:
/// <c>ts</c> (ISO-8601, required), <c>dataset</c> (required), <c>latency_ms</c> (required, ≥ 0), <c>user</c>,
/// <c>application</c>, <c>columns</c>, <c>filters</c> (JSON arrays of names; in CSV names separated by <c>;</c>) and
/// <c>rows</c> (integer ≥ 0). Errors name the file, the line and the field, and say what was expected.
/// </summary>
public static class AccessLogReader
{
    /// <summary>Reads the JSON-lines or CSV access log at <paramref name="path"/>, chosen by extension (<c>.csv</c> is CSV, anything else JSON lines).</summary>
    /// <exception cref="KitDataException">The file is missing or a line is malformed (file, line and field named).</exception>
    public static IReadOnlyList<AccessLogEntry> Read(string path) =>
        path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? ReadCsv(path) : ReadJsonLines(path);

    /// <summary>Reads a JSON-lines access log: one JSON object per line; blank lines are skipped.</summary>
    /// <exception cref="KitDataException">The file is missing or a line is malformed (file, line and field named).</exception>
    public static IReadOnlyList<AccessLogEntry> ReadJsonLines(string path)
    {
        if (!File.Exists(path)) throw new KitDataException("access log file not found.", path);
        var result = new List<AccessLogEntry>();
        int line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            JsonDocument doc;
            try { doc = JsonDocument.Parse(text); }
            catch (JsonException e) { throw new KitDataException($"line {line}: not valid JSON ({e.Message}); expected one JSON object per line.", path, inner: e); }
            using (doc)
            {
                var o = doc.RootElement;
                if (o.ValueKind != JsonValueKind.Object) throw new KitDataException($"line {line}: is a JSON {o.ValueKind}, expected an object.", path);
                result.Add(new AccessLogEntry(
                    ParseTime(RequiredString(o, "ts", path, line), path, "ts", line),
                    OptionalString(o, "user", path, line), OptionalString(o, "application", path, line),
                    NonEmpty(RequiredString(o, "dataset", path, line), path, "dataset", line),
                    Names(o, "columns", path, line), Latency(o, path, line), Rows(o, path, line), Names(o, "filters", path, line)));
            }
        }
        return result;
    }

    /// <summary>Reads a CSV access log with a header (<c>ts,user,application,dataset,columns,latency_ms,rows,filters</c>; the optional ones may be absent).</summary>
    /// <exception cref="KitDataException">The file is missing, a required column is absent, or a value is malformed (file, line and field named).</exception>
    public static IReadOnlyList<AccessLogEntry> ReadCsv(string path)
    {
        if (!File.Exists(path)) throw new KitDataException("access log file not found.", path);
        var records = Data.CsvRecords.Read(path).ToList(); // the kit's one CSV reader: strict UTF-8, RFC 4180 quoting
        if (records.Count == 0) throw new KitDataException("is empty; expected a header line (ts,user,application,dataset,columns,latency_ms,rows,filters).", path);
        var header = records[0].Fields.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        int Col(string name, bool required)
        {
            int i = Array.IndexOf(header, name);
            if (i < 0 && required) throw new KitDataException($"line 1: the header has no '{name}' column; header is: {string.Join(",", header)}.", path, name);
            return i;
        }
        int ts = Col("ts", true), dataset = Col("dataset", true), latency = Col("latency_ms", true);
        int user = Col("user", false), app = Col("application", false), columns = Col("columns", false), rows = Col("rows", false), filters = Col("filters", false);
        var result = new List<AccessLogEntry>();
        foreach (var (line, f) in records.Skip(1))
        {
            if (f.Length != header.Length) throw new KitDataException($"line {line}: has {f.Length} fields, expected {header.Length} (header: {string.Join(",", header)}).", path);
            string? Get(int i) => i < 0 || f[i].Length == 0 ? null : f[i];
            double lat = double.TryParse(f[latency], NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d >= 0 && double.IsFinite(d) ? d
                : throw new KitDataException($"line {line}: '{f[latency]}' is not a latency; expected a number of milliseconds ≥ 0.", path, "latency_ms");
            long? n = Get(rows) is { } r ? (long.TryParse(r, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v
                : throw new KitDataException($"line {line}: '{r}' is not a row count; expected an integer ≥ 0.", path, "rows")) : null;
            result.Add(new AccessLogEntry(ParseTime(f[ts], path, "ts", line), Get(user), Get(app), NonEmpty(f[dataset], path, "dataset", line),
                Split(Get(columns)), lat, n, Split(Get(filters))));
        }
        return result;
    }

    private static IReadOnlyList<string> Split(string? s) =>
        s is null ? [] : s.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string NonEmpty(string s, string path, string field, long line) =>
        s.Trim().Length > 0 ? s.Trim() : throw new KitDataException($"line {line}: '{field}' is empty; expected a dataset name such as mart.daily_revenue.", path, field);

    private static string RequiredString(JsonElement o, string field, string path, int line)
    {
        if (!o.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null)
            throw new KitDataException($"line {line}: field '{field}' is missing; expected a string.", path, field);
        return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new KitDataException($"line {line}: field '{field}' is a JSON {v.ValueKind}, expected a string.", path, field);
    }

    private static string? OptionalString(JsonElement o, string field, string path, int line)
    {
        if (!o.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind == JsonValueKind.String ? (v.GetString() is { Length: > 0 } s ? s : null)
            : throw new KitDataException($"line {line}: field '{field}' is a JSON {v.ValueKind}, expected a string.", path, field);
    }

    private static IReadOnlyList<string> Names(JsonElement o, string field, string path, int line)
    {
        if (!o.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null) return [];
        if (v.ValueKind != JsonValueKind.Array) throw new KitDataException($"line {line}: field '{field}' is a JSON {v.ValueKind}, expected an array of column names.", path, field);
        var names = new List<string>();
        int k = 0;
        foreach (var e in v.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.String || e.GetString() is not { Length: > 0 } s)
                throw new KitDataException($"line {line}: element {k} of field '{field}' is not a non-empty string; expected column names.", path, field);
            names.Add(s);
            k++;
        }
        return names;
    }

    private static double Latency(JsonElement o, string path, int line)
    {
        if (!o.TryGetProperty("latency_ms", out var v) || v.ValueKind == JsonValueKind.Null)
            throw new KitDataException($"line {line}: field 'latency_ms' is missing; expected a number of milliseconds ≥ 0.", path, "latency_ms");
        return v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && d >= 0 && double.IsFinite(d) ? d
            : throw new KitDataException($"line {line}: field 'latency_ms' is {v.GetRawText()}, expected a number of milliseconds ≥ 0.", path, "latency_ms");
    }

    private static long? Rows(JsonElement o, string path, int line)
    {
        if (!o.TryGetProperty("rows", out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n >= 0 ? n
            : throw new KitDataException($"line {line}: field 'rows' is {v.GetRawText()}, expected an integer ≥ 0.", path, "rows");
    }

    private static DateTimeOffset ParseTime(string s, string path, string field, long line) =>
        DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t
        : throw new KitDataException($"line {line}: field '{field}' is '{s}', not a timestamp; expected ISO-8601 such as 2025-11-01T08:15:00Z.", path, field);
}
