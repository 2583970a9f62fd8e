using System.Globalization;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Data;

/// <summary>
/// Loads a CSV file (header row, RFC 4180 quoting, read by <see cref="CsvRecords"/>) into a DataFrame with types
/// inferred from <b>every</b> row, so a value at row 50,000 cannot break a guess made on the first thousand:
/// <c>true</c>/<c>false</c> → bool; whole numbers → <see cref="long"/> (never a 32-bit float: 1700000037 stays exact);
/// other numbers, <c>inf</c>, <c>-inf</c> and <c>nan</c> included → <see cref="double"/>; ISO dates and timestamps →
/// <see cref="DateTime"/> in UTC; anything else → string. An empty field is a missing value (null); a column with no value
/// at all is a double column of nulls. A dictionary of column types given to <see cref="Read"/> fixes the type of named columns instead.
/// Microsoft.Data.Analysis' own <c>LoadCsv</c> guesses from the first rows and reads numbers as 32-bit floats, which is
/// why the kit does not use it.
/// </summary>
public static class CsvFrame
{
    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-ddTHH:mm", "yyyy-MM-dd HH:mm",
    ];

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <param name="path">A CSV file with a header row.</param>
    /// <param name="columnTypes">Types for named columns (bool, int, long, double, DateTime or DateTimeOffset — both read into a UTC DateTime column — or string), overriding inference.</param>
    /// <exception cref="KitDataException">The file is missing or empty, a header is duplicated, a row has the wrong number of
    /// fields, or a value does not fit its column's given type; the file, line and column are named.</exception>
    public static DataFrame Read(string path, IReadOnlyDictionary<string, Type>? columnTypes = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        var records = CsvRecords.Read(full).ToList();
        if (records.Count == 0) throw new KitDataException("the file is empty; expected a header row.", full);
        var header = records[0].Fields.Select(h => h.Trim()).ToArray();
        var duplicate = header.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new KitDataException($"the header names column '{duplicate.Key}' twice; every column needs a unique name.", full);
        if (columnTypes is not null)
            foreach (var name in columnTypes.Keys.Where(k => !header.Contains(k, StringComparer.Ordinal)))
                throw new KitDataException($"a type is given for column '{name}', which the header does not have (columns: {string.Join(", ", header)}).", full);
        int rows = records.Count - 1;
        for (int r = 1; r < records.Count; r++)
            if (records[r].Fields.Length != header.Length)
                throw new KitDataException($"{records[r].Fields.Length} field(s), expected {header.Length} as in the header ({string.Join(",", header)}).", full, row: r - 1, line: records[r].Line);
        var columns = new List<DataFrameColumn>(header.Length);
        for (int c = 0; c < header.Length; c++)
        {
            var type = columnTypes is not null && columnTypes.TryGetValue(header[c], out var given) ? given : Infer(records, c);
            columns.Add(Build(header[c], type, records, c, rows, full));
        }
        return new DataFrame(columns);
    }

    /// <summary>The narrowest type every non-empty value of column <paramref name="c"/> parses as.</summary>
    private static Type Infer(List<CsvRecord> records, int c)
    {
        bool any = false, isBool = true, isLong = true, isDouble = true, isDate = true;
        for (int r = 1; r < records.Count && (isBool || isLong || isDouble || isDate); r++)
        {
            var s = records[r].Fields[c].Trim();
            if (s.Length == 0) continue;
            any = true;
            if (isBool) isBool = bool.TryParse(s, out _);
            if (isLong) isLong = long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
            if (isDouble) isDouble = TryDouble(s, out _);
            if (isDate) isDate = TryDate(s, out _);
        }
        if (!any) return typeof(double);
        return isBool ? typeof(bool) : isLong ? typeof(long) : isDouble ? typeof(double) : isDate ? typeof(DateTime) : typeof(string);
    }

    private static DataFrameColumn Build(string name, Type type, List<CsvRecord> records, int c, int rows, string file)
    {
        T? Parse<T>(int r, string s, Func<string, (bool, T)> parse, string expected) where T : struct
        {
            var (ok, value) = parse(s);
            if (!ok) throw new KitDataException($"'{s}' is not {expected}.", file, name, r - 1, line: records[r].Line);
            return value;
        }
        IEnumerable<(int Row, string? Text)> Cells() => Enumerable.Range(1, rows).Select(r => (r, records[r].Fields[c].Trim() is { Length: > 0 } s ? s : (string?)null));
        if (type == typeof(string)) return new StringDataFrameColumn(name, Enumerable.Range(1, rows).Select(r => records[r].Fields[c] is { Length: > 0 } s ? s : null));
        if (type == typeof(bool))
            return new BooleanDataFrameColumn(name, Cells().Select(x => x.Text is null ? null : Parse(x.Row, x.Text, s => (bool.TryParse(s, out var v), v), "true or false")));
        if (type == typeof(long))
            return new Int64DataFrameColumn(name, Cells().Select(x => x.Text is null ? null : Parse(x.Row, x.Text, s => (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v), v), "a whole number")));
        if (type == typeof(int))
            return new Int32DataFrameColumn(name, Cells().Select(x => x.Text is null ? null : Parse(x.Row, x.Text, s => (int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v), v), "a 32-bit whole number")));
        if (type == typeof(double))
            return new DoubleDataFrameColumn(name, Cells().Select(x => x.Text is null ? null : Parse(x.Row, x.Text, s => (TryDouble(s, out var v), v), "a number")));
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
            return new DateTimeDataFrameColumn(name, Cells().Select(x => x.Text is null ? null : Parse(x.Row, x.Text, s => (TryDate(s, out var v), v), "an ISO date or timestamp (yyyy-MM-dd[THH:mm:ss[Z]])")));
        throw new KitDataException($"column type {type.Name} is not supported; expected bool, int, long, double, DateTime (or DateTimeOffset, read as UTC DateTime) or string (never float: a 32-bit float turns 1700000037 into 1700000000).", file, name);
    }

    /// <summary>Invariant-culture double, plus inf/-inf/+inf/infinity/nan in any case.</summary>
    internal static bool TryDouble(string s, out double value)
    {
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return true;
        switch (s.ToLowerInvariant())
        {
            case "inf" or "+inf" or "infinity" or "+infinity": value = double.PositiveInfinity; return true;
            case "-inf" or "-infinity": value = double.NegativeInfinity; return true;
            case "nan": value = double.NaN; return true;
            default: return false;
        }
    }

    /// <summary>An ISO 8601 date or timestamp, as UTC (an offset is applied; none means UTC).</summary>
    internal static bool TryDate(string s, out DateTime value)
    {
        if (s.Length >= 10 && char.IsAsciiDigit(s[0]) && s[4] == '-'
            && DateTimeOffset.TryParseExact(s, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dto))
        {
            value = dto.UtcDateTime;
            return true;
        }
        value = default;
        return false;
    }
}
