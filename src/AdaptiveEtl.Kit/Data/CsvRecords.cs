using System.Globalization;
using System.Text;
using CsvHelper;

namespace AdaptiveEtl.Kit.Data;

/// <summary>
/// The kit's one CSV record reader, on CsvHelper 34 (RFC 4180: quoted fields with doubled quotes, embedded commas and
/// line breaks). Every CSV the kit reads goes through it: run-history imports (streamed, record by record), drift and
/// synthesis tables (<see cref="CsvFrame"/>), holidays, query logs and access logs. The rules are the same for all:
/// <list type="bullet">
/// <item>the separator is a comma, always (CsvHelper would otherwise guess it from the first lines, and a query log whose
/// SQL holds semicolons could be split on them);</item>
/// <item>records stream: the file is never held in memory; each carries the physical line it starts on (CsvHelper's
/// <c>LineNumber</c> with <c>TrackLineNumbers</c>: lines inside quoted fields and skipped blank lines count);</item>
/// <item>files are strict UTF-8 (a BOM is allowed): an invalid byte is an error with its line and character, never U+FFFD;
/// a NUL character is an error with its line, character and column (DuckDB would cut the value at it);</item>
/// <item>text after a closing quote (<c>"alpha"beta</c>) and a quoted field that is never closed are errors naming the
/// line, the character and the column: which value was meant is a guess. A quote inside an unquoted field
/// (<c>ab"c</c>, <c>SELECT "id" FROM t</c>) is unambiguous and kept as text, as CsvHelper's recovery and Python's
/// <c>csv</c> module read it;</item>
/// <item>blank lines are skipped; the field count is not checked here (callers name the count they expect).</item>
/// </list>
/// </summary>
internal static class CsvRecords
{
    /// <summary>Strict UTF-8: no BOM emitted, invalid bytes throw instead of becoming U+FFFD.</summary>
    internal static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads every record of a file as strict UTF-8, streaming; enumerating again reads the file again.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="firstIsHeader">Whether the first record is a header; its names then label the columns in errors.</param>
    /// <exception cref="KitDataException">The file is missing, holds invalid UTF-8 or a NUL, or its quoting is malformed (file, line, character and column named).</exception>
    public static IEnumerable<CsvRecord> Read(string path, bool firstIsHeader = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new KitDataException("file not found; expected a CSV file with a header row.", path);
        return ReadFile(path, firstIsHeader);
    }

    private static IEnumerable<CsvRecord> ReadFile(string path, bool firstIsHeader)
    {
        using var reader = new StreamReader(path, StrictUtf8, detectEncodingFromByteOrderMarks: true);
        using var records = Read(reader, path, firstIsHeader).GetEnumerator();
        while (true)
        {
            // C# allows no yield inside a try with a catch: advance inside it, yield outside.
            bool more;
            try { more = records.MoveNext(); }
            catch (DecoderFallbackException e) { throw InvalidUtf8(path, e); }
            if (!more) yield break;
            yield return records.Current;
        }
    }

    /// <summary>
    /// The error for a file a strict decoder refused, located by a second scan (the decoder's offset is into its own
    /// buffer, not into the file).
    /// </summary>
    internal static KitDataException InvalidUtf8(string path, DecoderFallbackException e)
    {
        var (line, character, bytes) = InvalidUtf8Locator.Find(path);
        return new KitDataException(
            $"invalid UTF-8 (byte{(bytes.Length > 1 ? "s" : "")} {string.Join(" ", bytes.Select(b => "0x" + b.ToString("X2", CultureInfo.InvariantCulture)))}) at character {character}; expected a UTF-8 text file.",
            path, inner: e, line: line);
    }

    /// <summary>
    /// Reads every record of <paramref name="text"/>, streaming; <paramref name="source"/> names it in errors. The reader's
    /// own decoding errors (a strict <see cref="StreamReader"/>'s <see cref="DecoderFallbackException"/>) pass through.
    /// </summary>
    /// <exception cref="KitDataException">A NUL character or malformed quoting (source, line, character and column named).</exception>
    public static IEnumerable<CsvRecord> Read(TextReader text, string source, bool firstIsHeader = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        var malformed = new Queue<CsvMalformedRecord>();
        var options = new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = false, // callers read the header as the first record (with the line it is on)
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            AllowLineBreaksInQuotes = true,
            // Recover and report: the report gives the offending byte, from which the line, character and column are
            // named; CsvHelper's own exception gives only the record's first line.
            MalformedData = CsvMalformedDataHandling.Recover,
            OnMalformedRecord = m => { if (m.Reason != CsvMalformedReason.StrayQuote) malformed.Enqueue(m); },
            FieldCountMismatch = CsvFieldCountHandling.Allow,
        };
        using var csv = CsvReader.Create(text, options, true); // leave open: the caller owns the reader
        string[]? header = null;
        bool first = true;
        while (true)
        {
            CsvRecord? record;
            try { record = Next(csv, malformed, header, source); }
            catch (CsvFormatException e)
            {
                throw new KitDataException($"unreadable CSV record: {e.Message}", source, inner: e, line: e.LineNumber > 0 ? e.LineNumber : null);
            }
            if (record is not { } r) yield break;
            if (first && firstIsHeader) header = r.Fields.Select(h => h.Trim()).ToArray();
            first = false;
            yield return r;
        }
    }

    /// <summary>Reads the next record and checks it; null at the end of the input.</summary>
    private static CsvRecord? Next(CsvReader csv, Queue<CsvMalformedRecord> malformed, string[]? header, string source)
    {
        if (!csv.Read())
        {
            if (malformed.Count > 0) ThrowMalformed(malformed.Dequeue(), 0, -1, [], header, source);
            return null;
        }
        long line = csv.LineNumber;
        ReadOnlySpan<byte> raw = csv.RawRecord;
        // Reported while this record was read (CsvHelper reports a record before returning it); a later one waits.
        while (malformed.Count > 0 && malformed.Peek().LineNumber <= line)
            ThrowMalformed(malformed.Dequeue(), line, csv.ByteOffset, raw, header, source);
        int nul = raw.IndexOf((byte)0);
        if (nul >= 0)
        {
            var (at, character, field) = Locate(Encoding.UTF8.GetString(raw[..nul]), line);
            throw new KitDataException($"NUL character (U+0000) at character {character} of the line; expected text without control character 0.",
                source, ColumnName(header, field), line: at);
        }
        var fields = new string[csv.FieldCount];
        for (int i = 0; i < fields.Length; i++) fields[i] = csv.GetString(i);
        return new CsvRecord(line, fields);
    }

    /// <summary>
    /// Throws the error for a malformed record: <paramref name="raw"/> is the current record's text, starting at byte
    /// <paramref name="start"/> on <paramref name="line"/> (the report's own copy of the record is used when it is another one).
    /// </summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowMalformed(CsvMalformedRecord m, long line, long start, ReadOnlySpan<byte> raw, string[]? header, string source)
    {
        long recordLine = m.LineNumber > 0 ? m.LineNumber : line;
        string prefix = m.LineNumber == line && start >= 0
            ? Encoding.UTF8.GetString(raw[..(int)Math.Clamp(m.ByteOffset - start, 0, raw.Length)])
            : m.RawRecord;
        var (at, character, field) = Locate(prefix, recordLine);
        var column = ColumnName(header, field);
        throw m.Reason switch
        {
            CsvMalformedReason.TextAfterClosingQuote => new KitDataException(
                $"text after the closing quote of a quoted field, at character {character} of line {at}; expected a comma or the end of the line after the closing quote (write \"alpha\"\"beta\" for a quote inside a value).",
                source, column, line: at),
            CsvMalformedReason.UnterminatedQuote => new KitDataException(
                $"unterminated quoted field starting on line {recordLine}; expected a closing '\"' (a quote inside a value is written twice).",
                source, column, line: recordLine),
            _ => new KitDataException(
                $"malformed CSV ({m.Reason}) at character {character} of line {at}; expected RFC 4180 quoting (a field in double quotes, a quote inside it doubled).",
                source, column, line: at),
        };
    }

    private static string? ColumnName(string[]? header, int field) => header is not null && field < header.Length ? header[field] : null;

    /// <summary>
    /// Where the character right after <paramref name="prefix"/> (the record's text before it) is: its physical line, its
    /// one-based character in that line (a surrogate pair counts once, as editors count) and its zero-based field. Only
    /// runs to locate an error; CsvHelper has parsed the record.
    /// </summary>
    internal static (long Line, long Character, int Field) Locate(string prefix, long recordLine)
    {
        long line = recordLine, character = 1;
        int field = 0;
        var state = 0; // 0 field start, 1 unquoted, 2 quoted, 3 after the closing quote
        for (int i = 0; i < prefix.Length; i++)
        {
            char ch = prefix[i];
            if (ch == '\n') { line++; character = 1; }
            else if (!char.IsLowSurrogate(ch)) character++;
            switch (state)
            {
                case 2:
                    if (ch == '"')
                    {
                        if (i + 1 < prefix.Length && prefix[i + 1] == '"') { i++; character++; }
                        else state = 3;
                    }
                    break;
                default:
                    if (ch == ',') { field++; state = 0; }
                    else if (state == 0 && ch == '"') state = 2;
                    else state = state == 0 ? 1 : state;
                    break;
            }
        }
        return (line, character, field);
    }
}
