using System.Globalization;

namespace AdaptiveEtl.Kit.History;

/// <summary>
/// Converts the text fields of one run row, raising errors that name the source, the row (and, for text files, the
/// line an editor shows) and the column. Every narrowing conversion is range-checked: a value that does not fit the
/// stored type is an error, never a wrapped-around number.
/// </summary>
/// <param name="source">File or input name for errors.</param>
/// <param name="row">Zero-based data row (header excluded).</param>
/// <param name="line">One-based line of the row's first character in a text file (header = line 1), or null for tabular inputs.</param>
internal readonly struct RunRowValues(string source, long row, long? line = null)
{
    public RunRecord ToRecord(Func<string, string> get)
    {
        var pipeline = get("pipeline").Trim();
        if (pipeline.Length == 0) throw Error("empty pipeline name.", "pipeline");
        var outcome = get("outcome").Trim().ToLowerInvariant();
        if (!RunRecord.Outcomes.Contains(outcome))
            throw Error($"outcome '{get("outcome")}' is not one of {string.Join(", ", RunRecord.Outcomes)}.", "outcome");
        var hash = get("schema_hash").Trim();
        return new RunRecord(pipeline, Long(get("run_id"), "run_id"), Time(get("trigger_time"), "trigger_time"),
            OptionalTime(get("start_time"), "start_time"), OptionalTime(get("end_time"), "end_time"),
            Long(get("rows_in"), "rows_in", true), Long(get("bytes_in"), "bytes_in", true),
            Int(get("file_count"), "file_count", true), Int(get("schema_version"), "schema_version"), hash, outcome);
    }

    public long Long(string text, string column, bool nonNegative = false)
    {
        var trimmed = text.Trim();
        if (!long.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
        {
            // long.TryParse also fails on overflow: say so instead of "not an integer" for 20 digits.
            if (System.Numerics.BigInteger.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                throw Error($"{trimmed} is out of range; expected an integer from {(nonNegative ? 0 : long.MinValue)} to {long.MaxValue}.", column);
            throw Error($"'{text}' is not an integer.", column);
        }
        if (nonNegative && v < 0) throw Error($"{v} is negative; expected a count >= 0.", column);
        return v;
    }

    /// <summary>A 32-bit integer column (the stores declare it INTEGER): range-checked, never truncated.</summary>
    public int Int(string text, string column, bool nonNegative = false)
    {
        long v = Long(text, column, nonNegative);
        int min = nonNegative ? 0 : int.MinValue;
        if (v < min || v > int.MaxValue)
            throw Error($"{v} is out of range; expected an integer from {min} to {int.MaxValue}.", column);
        return (int)v;
    }

    public double Double(string text, string column, bool nonNegative = false)
    {
        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            throw Error($"'{text}' is not a finite number.", column);
        if (nonNegative && v < 0) throw Error($"{v} is negative; expected a rate >= 0.", column);
        return v;
    }

    public DateTimeOffset Time(string text, string column)
    {
        if (!DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var v))
            throw Error($"'{text}' is not an ISO-8601 timestamp (expected yyyy-MM-ddTHH:mm:ssZ).", column);
        return v;
    }

    public DateTimeOffset? OptionalTime(string text, string column) => text.Trim().Length == 0 ? null : Time(text, column);

    private KitDataException Error(string message, string column) => new(message, source, column, row, line: line);
}
