using AdaptiveEtl.Kit.Data;

namespace AdaptiveEtl.Kit.History;

/// <summary>
/// Reads run-history CSV (the <c>etl_runs.csv</c> format) into validated records, streaming: the records come from the
/// kit's one CSV reader (<see cref="CsvRecords"/>, on CsvHelper: RFC 4180 quoting, strict UTF-8, NUL and malformed quoting
/// rejected with line, character and column), and each row is checked against the history schema as it is read. Every
/// problem is a <see cref="KitDataException"/> naming the file, the line as an editor shows it (header = line 1) and the column.
/// </summary>
internal static class RunCsvReader
{
    internal static readonly string[] Required =
        ["run_id", "pipeline", "trigger_time", "rows_in", "bytes_in", "file_count", "schema_version", "schema_hash", "outcome"];

    /// <summary>The parsed rows of one file: runs, rate samples (each with the run_id of the row it came from) and the line each run started on.</summary>
    internal sealed record Content(List<RunRecord> Runs, List<(IngestionRateSample Sample, long? RunId)> Rates, List<long> Lines);

    /// <summary>One validated data row: the run, its ingestion rate if given, and the line it starts on (null for tabular inputs).</summary>
    internal readonly record struct ParsedRow(RunRecord Run, double? Rate, long? Line);

    /// <summary>
    /// Streams a file's rows as strict UTF-8 without holding the file in memory; an invalid byte is reported with its
    /// line and character. Enumerating it again reads the file again.
    /// </summary>
    public static IEnumerable<ParsedRow> StreamFile(string path) => Validate(CsvRecords.Read(path), path);

    /// <summary>Parses CSV text; <paramref name="source"/> names the file in errors.</summary>
    public static Content Read(TextReader reader, string source)
    {
        var runs = new List<RunRecord>();
        var rates = new List<(IngestionRateSample Sample, long? RunId)>();
        var lines = new List<long>();
        foreach (var parsed in Stream(reader, source))
        {
            runs.Add(parsed.Run);
            lines.Add(parsed.Line!.Value);
            if (parsed.Rate is { } rate) rates.Add((new IngestionRateSample(parsed.Run.Pipeline, parsed.Run.TriggerTime, rate), parsed.Run.RunId));
        }
        return new Content(runs, rates, lines);
    }

    /// <summary>Parses and validates CSV text row by row as it is read; <paramref name="source"/> names the file in errors.</summary>
    public static IEnumerable<ParsedRow> Stream(TextReader reader, string source) => Validate(CsvRecords.Read(reader, source), source);

    private static IEnumerable<ParsedRow> Validate(IEnumerable<CsvRecord> records, string source)
    {
        using var rows = records.GetEnumerator();
        if (!rows.MoveNext()) throw new KitDataException("the file is empty; expected a header row with " + string.Join(", ", Required) + ".", source);
        var header = rows.Current.Fields.Select(h => h.Trim()).ToArray();
        var index = HeaderIndex(header, source, rows.Current.Line);
        var missing = Required.Where(r => !index.ContainsKey(r)).ToArray();
        if (missing.Length > 0)
            throw new KitDataException($"missing column(s) {string.Join(", ", missing)}; the header has {string.Join(", ", header)}.", source, line: rows.Current.Line);
        long row = 0;
        string[] f = [];
        // One lookup delegate for the whole file (not a closure per row); the rate column's index is looked up once.
        Func<string, string> get = c => index.TryGetValue(c, out var i) ? f[i] : "";
        int rateIndex = index.TryGetValue("ingestion_rate_rps", out var ri) ? ri : -1;
        while (rows.MoveNext())
        {
            long line;
            (line, f) = rows.Current; // blank lines are skipped by the reader (and still counted in line numbers)
            if (f.Length != header.Length)
                throw new KitDataException($"{f.Length} fields, expected {header.Length} as in the header.", source, row: row, line: line);
            var values = new RunRowValues(source, row, line);
            var run = values.ToRecord(get);
            double? rate = rateIndex >= 0 && f[rateIndex].AsSpan().Trim().Length > 0
                ? values.Double(f[rateIndex], "ingestion_rate_rps", nonNegative: true) : null;
            row++;
            yield return new ParsedRow(run, rate, line);
        }
    }

    /// <summary>Column name → field index, case-insensitive; a name twice is an error (which of the two would be read is a guess).</summary>
    internal static Dictionary<string, int> HeaderIndex(IReadOnlyList<string> header, string source, long? line)
    {
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < header.Count; i++)
            if (!index.TryAdd(header[i], i))
                throw new KitDataException(
                    $"column '{header[i]}' appears twice in the header (fields {index[header[i]] + 1} and {i + 1}); expected every column once.",
                    source, header[i], line: line);
        return index;
    }
}
