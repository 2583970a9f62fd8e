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
        var trigger = Time(get("trigger_time"), "trigger_time");
        var start = OptionalTime(get("start_time"), "start_time");
        var end = OptionalTime(get("end_time"), "end_time");
        // A run cannot start before the trigger that started it, nor end before it started: such a row is a clock or
        // export error, and durations and lags computed from it would be negative.
        if (start is { } s && s < trigger)
            throw Error($"start_time {Iso(s)} is before trigger_time {Iso(trigger)}; expected a run to start at or after its trigger.", "start_time");
        if (end is { } e && start is { } s2 && e < s2)
            throw Error($"end_time {Iso(e)} is before start_time {Iso(s2)}; expected a run to end at or after its start.", "end_time");
        if (end is { } e2 && start is null && e2 < trigger)
            throw Error($"end_time {Iso(e2)} is before trigger_time {Iso(trigger)}; expected a run to end after its trigger.", "end_time");
        return new RunRecord(pipeline, Long(get("run_id"), "run_id"), trigger, start, end,
            Long(get("rows_in"), "rows_in", true), Long(get("bytes_in"), "bytes_in", true),
            Int(get("file_count"), "file_count", true), Int(get("schema_version"), "schema_version"), hash, outcome);
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture);

    /// <summary>The timestamp forms accepted, as told in errors.</summary>
    internal const string AcceptedTimeFormats = "yyyy-MM-dd, yyyy-MM-ddTHH:mm, yyyy-MM-ddTHH:mm:ss or yyyy-MM-ddTHH:mm:ss.fffffff, each optionally followed by Z or an offset ±HH:mm (a space may replace the T; no offset means UTC)";

    /// <summary>
    /// ISO-8601 only: culture-style dates like <c>01/02/2025</c> are ambiguous (1 February or 2 January) and were read as
    /// the invariant culture's month/day before, silently. The pattern gates the form; DateTimeOffset parses the value.
    /// </summary>
    private static readonly System.Text.RegularExpressions.Regex IsoTimestamp = new(
        @"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})?)?$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant);

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
        if (TryParseCommonIso(text.AsSpan().Trim(), out var fast)) return fast;
        var trimmed = text.Trim();
        if (!IsoTimestamp.IsMatch(trimmed))
            throw Error($"'{text}' is not an ISO-8601 timestamp{(trimmed.Contains('/') ? " (a date with slashes is ambiguous: 01/02/2025 may be 1 February or 2 January)" : "")}; accepted formats: {AcceptedTimeFormats}.", column);
        if (!DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var v))
            throw Error($"'{text}' is not a valid date or time (e.g. month 13 or 25:00); accepted formats: {AcceptedTimeFormats}.", column);
        return v;
    }

    /// <summary>
    /// The fast path of <see cref="Time"/> (issue 19: the regex and <see cref="DateTimeOffset.TryParse(string, IFormatProvider, DateTimeStyles, out DateTimeOffset)"/>
    /// were most of an import's parsing time): ASCII digits in exactly the accepted ISO-8601 forms with every field in its
    /// ordinary range (month 1–12, a day of that month, hour 0–23, minute and second 0–59, offset within ±13:59, year
    /// 2–9998). It returns the instant <c>DateTimeOffset.TryParse</c> with AssumeUniversal | AdjustToUniversal returns for
    /// the same text; anything else (an error, a leap second, an extreme offset or year) returns false and takes the
    /// original path, so the accepted set and every message are unchanged.
    /// </summary>
    internal static bool TryParseCommonIso(ReadOnlySpan<char> s, out DateTimeOffset value)
    {
        value = default;
        if (s.Length < 10 || s[4] != '-' || s[7] != '-') return false;
        if (!Digits(s, 0, 4, out int year) || !Digits(s, 5, 2, out int month) || !Digits(s, 8, 2, out int day)) return false;
        if (year < 2 || year > 9998 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        long ticks = new DateTime(year, month, day).Ticks;
        int i = 10;
        if (i < s.Length)
        {
            // [T ]HH:mm
            if ((s[i] != 'T' && s[i] != ' ') || s.Length < i + 6 || s[i + 3] != ':') return false;
            if (!Digits(s, i + 1, 2, out int hour) || !Digits(s, i + 4, 2, out int minute) || hour > 23 || minute > 59) return false;
            ticks += hour * TimeSpan.TicksPerHour + minute * TimeSpan.TicksPerMinute;
            i += 6;
            if (i < s.Length && s[i] == ':')
            {
                if (!Digits(s, i + 1, 2, out int second) || second > 59) return false;
                ticks += second * TimeSpan.TicksPerSecond;
                i += 3;
                if (i < s.Length && s[i] == '.')
                {
                    int start = ++i;
                    long fraction = 0;
                    while (i < s.Length && char.IsAsciiDigit(s[i]) && i - start < 7) fraction = fraction * 10 + (s[i++] - '0');
                    int n = i - start;
                    if (n == 0 || (i < s.Length && char.IsAsciiDigit(s[i]))) return false;
                    for (; n < 7; n++) fraction *= 10;
                    ticks += fraction;
                }
            }
            if (i < s.Length)
            {
                if (s[i] == 'Z') i++;
                else if (s[i] == '+' || s[i] == '-')
                {
                    if (s.Length != i + 6 || s[i + 3] != ':') return false;
                    if (!Digits(s, i + 1, 2, out int oh) || !Digits(s, i + 4, 2, out int om) || oh > 13 || om > 59) return false;
                    long offset = oh * TimeSpan.TicksPerHour + om * TimeSpan.TicksPerMinute;
                    ticks -= s[i] == '+' ? offset : -offset; // local time minus its offset is UTC
                    i += 6;
                }
                if (i != s.Length) return false;
            }
        }
        value = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;

        static bool Digits(ReadOnlySpan<char> s, int at, int count, out int v)
        {
            v = 0;
            if (at + count > s.Length) return false;
            for (int k = at; k < at + count; k++)
            {
                if (!char.IsAsciiDigit(s[k])) return false;
                v = v * 10 + (s[k] - '0');
            }
            return true;
        }
    }

    public DateTimeOffset? OptionalTime(string text, string column) => text.Trim().Length == 0 ? null : Time(text, column);

    private KitDataException Error(string message, string column) => new(message, source, column, row, line: line);
}
