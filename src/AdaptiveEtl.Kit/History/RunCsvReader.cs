using System.Globalization;
using System.Text;

namespace AdaptiveEtl.Kit.History;

/// <summary>
/// Reads run-history CSV (the <c>etl_runs.csv</c> format, RFC 4180 quoting) into validated records. Every problem is a
/// <see cref="KitDataException"/> naming the file, the line as an editor shows it (header = line 1) and the column.
/// Files are decoded as strict UTF-8 (invalid bytes are an error with their line and character, never U+FFFD); a NUL
/// character is rejected (DuckDB would cut the value at it, PostgreSQL rejects the whole file without saying where).
/// </summary>
internal static class RunCsvReader
{
    internal static readonly string[] Required =
        ["run_id", "pipeline", "trigger_time", "rows_in", "bytes_in", "file_count", "schema_version", "schema_hash", "outcome"];

    /// <summary>Strict UTF-8: no BOM emitted, invalid bytes throw instead of becoming U+FFFD.</summary>
    internal static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The parsed rows of one file: runs, rate samples (each with the run_id of the row it came from) and the line each run started on.</summary>
    internal sealed record Content(List<RunRecord> Runs, List<(IngestionRateSample Sample, long? RunId)> Rates, List<long> Lines);

    /// <summary>One validated data row: the run, its ingestion rate if given, and the line it starts on (null for tabular inputs).</summary>
    internal readonly record struct ParsedRow(RunRecord Run, double? Rate, long? Line);

    /// <summary>
    /// Streams a file's rows as strict UTF-8 without holding the file in memory; an invalid byte is reported with its
    /// line and character. Enumerating it again reads the file again.
    /// </summary>
    public static IEnumerable<ParsedRow> StreamFile(string path)
    {
        using var reader = new StreamReader(path, StrictUtf8, detectEncodingFromByteOrderMarks: true);
        using var rows = Stream(reader, path).GetEnumerator();
        while (true)
        {
            // C# allows no yield inside a try with a catch: advance inside it, yield outside.
            bool more;
            try { more = rows.MoveNext(); }
            catch (DecoderFallbackException e) { throw InvalidUtf8(path, e); }
            if (!more) yield break;
            yield return rows.Current;
        }
    }

    private static KitDataException InvalidUtf8(string path, DecoderFallbackException e)
    {
        var (line, character, bytes) = InvalidUtf8Locator.Find(path);
        return new KitDataException(
            $"invalid UTF-8 (byte{(bytes.Length > 1 ? "s" : "")} {string.Join(" ", bytes.Select(b => "0x" + b.ToString("X2", CultureInfo.InvariantCulture)))}) at character {character}; expected a UTF-8 text file. Nothing was imported.",
            path, inner: e, line: line);
    }

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
    public static IEnumerable<ParsedRow> Stream(TextReader reader, string source)
    {
        string[]? header = null;
        var rows = ParseRows(reader, source, field => header is not null && field < header.Length ? header[field] : null).GetEnumerator();
        if (!rows.MoveNext()) throw new KitDataException("the file is empty; expected a header row with " + string.Join(", ", Required) + ".", source);
        RejectNul(rows.Current, null, source);
        header = rows.Current.Fields.Select(h => h.Trim()).ToArray();
        var index = HeaderIndex(header, source, rows.Current.Line);
        var missing = Required.Where(r => !index.ContainsKey(r)).ToArray();
        if (missing.Length > 0)
            throw new KitDataException($"missing column(s) {string.Join(", ", missing)}; the header has {string.Join(", ", header)}.", source, line: rows.Current.Line);
        long row = 0;
        while (rows.MoveNext())
        {
            var current = rows.Current;
            var f = current.Fields;
            if (f.Count == 1 && f[0].Length == 0 && current.Nul is null) continue; // blank line
            RejectNul(current, header, source);
            if (f.Count != header.Length)
                throw new KitDataException($"{f.Count} fields, expected {header.Length} as in the header.", source, row: row, line: current.Line);
            string Get(string c) => index.TryGetValue(c, out var i) ? f[i] : "";
            var values = new RunRowValues(source, row, current.Line);
            var run = values.ToRecord(Get);
            double? rate = index.ContainsKey("ingestion_rate_rps") && Get("ingestion_rate_rps").Trim().Length > 0
                ? values.Double(Get("ingestion_rate_rps"), "ingestion_rate_rps", nonNegative: true) : null;
            row++;
            yield return new ParsedRow(run, rate, current.Line);
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

    private static void RejectNul(CsvRow row, string[]? header, string source)
    {
        if (row.Nul is not { } nul) return;
        string? column = header is not null && nul.Field < header.Length ? header[nul.Field] : null;
        throw new KitDataException($"NUL character (U+0000) at character {nul.Character} of the line; expected text without control character 0.",
            source, column, line: nul.Line);
    }

    /// <summary>One record: its fields, the line it starts on and the first NUL character in it, if any.</summary>
    private sealed record CsvRow(List<string> Fields, long Line, (int Field, long Line, long Character)? Nul);

    /// <param name="reader">The text.</param>
    /// <param name="source">File name for errors.</param>
    /// <param name="columnName">Header name of a field index, once the header is read (for errors).</param>
    private static IEnumerable<CsvRow> ParseRows(TextReader reader, string source, Func<int, string?> columnName)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        bool inQuotes = false, any = false, afterQuote = false;
        long line = 1, recordLine = 1, character = 0;
        (int Field, long Line, long Character)? nul = null;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            any = true;
            char ch = (char)c;
            // Column as an editor counts it: characters since the line start, a surrogate pair counting once.
            if (!char.IsLowSurrogate(ch)) character++;
            if (ch == '\0' && nul is null) nul = (fields.Count, line, character);
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); character++; sb.Append('"'); }
                    else { inQuotes = false; afterQuote = true; }
                }
                else
                {
                    if (ch == '\n') { line++; character = 0; }
                    sb.Append(ch);
                }
                continue;
            }
            if (afterQuote && ch is not (',' or '\r' or '\n'))
            {
                // RFC 4180: a quoted field ends at its closing quote. Text after it ("alpha"beta) was glued on before
                // (alphabeta); which value was meant is a guess, so it is an error at the character that follows.
                throw new KitDataException(
                    $"text after the closing quote of a quoted field, at character {character} of line {line}; expected a comma or the end of the line after the closing quote (write \"alpha\"\"beta\" for a quote inside a value).",
                    source, columnName(fields.Count), line: line);
            }
            switch (ch)
            {
                case '"' when sb.Length == 0: inQuotes = true; break;
                case ',': fields.Add(sb.ToString()); sb.Clear(); afterQuote = false; break;
                case '\r': break;
                case '\n':
                    fields.Add(sb.ToString()); sb.Clear();
                    yield return new CsvRow(fields, recordLine, nul);
                    fields = new List<string>(); any = false; afterQuote = false; line++; character = 0; recordLine = line; nul = null;
                    break;
                default: sb.Append(ch); break;
            }
        }
        if (inQuotes) throw new KitDataException($"unterminated quoted field starting on line {recordLine}.", source, line: recordLine);
        if (any) { fields.Add(sb.ToString()); yield return new CsvRow(fields, recordLine, nul); }
    }
}
