using System.Globalization;

namespace AdaptiveEtl.Kit.History;

/// <summary>Converts the text fields of one run row, raising errors that name the source, row and column.</summary>
internal readonly struct RunRowValues(string source, long row)
{
    public RunRecord ToRecord(Func<string, string> get)
    {
        var pipeline = get("pipeline").Trim();
        if (pipeline.Length == 0) throw new KitDataException("empty pipeline name.", source, "pipeline", row);
        var outcome = get("outcome").Trim().ToLowerInvariant();
        if (!RunRecord.Outcomes.Contains(outcome))
            throw new KitDataException($"outcome '{get("outcome")}' is not one of {string.Join(", ", RunRecord.Outcomes)}.", source, "outcome", row);
        var hash = get("schema_hash").Trim();
        return new RunRecord(pipeline, Long(get("run_id"), "run_id"), Time(get("trigger_time"), "trigger_time"),
            OptionalTime(get("start_time"), "start_time"), OptionalTime(get("end_time"), "end_time"),
            Long(get("rows_in"), "rows_in", true), Long(get("bytes_in"), "bytes_in", true),
            (int)Long(get("file_count"), "file_count", true), (int)Long(get("schema_version"), "schema_version"), hash, outcome);
    }

    public long Long(string text, string column, bool nonNegative = false)
    {
        if (!long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
            throw new KitDataException($"'{text}' is not an integer.", source, column, row);
        if (nonNegative && v < 0) throw new KitDataException($"{v} is negative; expected a count >= 0.", source, column, row);
        return v;
    }

    public double Double(string text, string column, bool nonNegative = false)
    {
        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            throw new KitDataException($"'{text}' is not a finite number.", source, column, row);
        if (nonNegative && v < 0) throw new KitDataException($"{v} is negative; expected a rate >= 0.", source, column, row);
        return v;
    }

    public DateTimeOffset Time(string text, string column)
    {
        if (!DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var v))
            throw new KitDataException($"'{text}' is not an ISO-8601 timestamp (expected yyyy-MM-ddTHH:mm:ssZ).", source, column, row);
        return v;
    }

    public DateTimeOffset? OptionalTime(string text, string column) => text.Trim().Length == 0 ? null : Time(text, column);
}
