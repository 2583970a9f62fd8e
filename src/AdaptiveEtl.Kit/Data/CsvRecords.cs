using CsvHelper;

namespace AdaptiveEtl.Kit.Data;

/// <summary>
/// The kit's one CSV record reader (RFC 4180: quoted fields with doubled quotes, embedded commas and line breaks), on
/// CsvHelper 34: query logs put multi-line SQL in quoted fields, holiday names hold commas, and every error names the
/// physical line its record starts on (CsvHelper's <c>LineNumber</c> with <c>TrackLineNumbers</c>). Blank lines are
/// skipped; a malformed quote is an error, never a silently merged record. Every loader of the kit reads CSV through
/// this (query and access logs, holidays, <see cref="CsvFrame"/> for DataFrames).
/// </summary>
internal static class CsvRecords
{
    /// <summary>Reads every record of a file; the first is the header. Returns (line where the record starts, fields).</summary>
    /// <exception cref="KitDataException">The file is missing or a quote is malformed (file and line named).</exception>
    public static IEnumerable<(int Line, string[] Fields)> Read(string path)
    {
        if (!File.Exists(path)) throw new KitDataException("file not found; expected a CSV file with a header row.", Path.GetFullPath(path));
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        foreach (var record in Read(reader, path)) yield return record;
    }

    /// <summary>Reads every record of <paramref name="text"/>; <paramref name="source"/> names it in errors.</summary>
    public static IEnumerable<(int Line, string[] Fields)> Read(TextReader text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var options = new CsvReaderOptions
        {
            HasHeader = false,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            AllowLineBreaksInQuotes = true,
            MalformedData = CsvMalformedDataHandling.Throw,
            FieldCountMismatch = CsvFieldCountHandling.Allow, // callers name the expected count themselves
        };
        using var csv = CsvReader.Create(text, options);
        while (true)
        {
            string[] fields;
            int line;
            try
            {
                if (!csv.Read()) yield break;
                line = checked((int)csv.LineNumber);
                fields = new string[csv.FieldCount];
                for (int i = 0; i < fields.Length; i++) fields[i] = csv.GetString(i);
            }
            catch (CsvFormatException e)
            {
                throw new KitDataException($"malformed CSV at line {e.LineNumber}: {e.Message} (expected RFC 4180 quoting: a field in double quotes, a quote inside it doubled).", source, inner: e);
            }
            yield return (line, fields);
        }
    }
}
