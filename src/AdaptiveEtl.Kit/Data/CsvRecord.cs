namespace AdaptiveEtl.Kit.Data;

/// <summary>One CSV record as <see cref="CsvRecords"/> reads it.</summary>
/// <param name="Line">The one-based physical line the record starts on, as an editor numbers lines (header = line 1; the
/// lines inside a quoted field and skipped blank lines count).</param>
/// <param name="Fields">The field values, unquoted (a doubled quote inside a quoted field is one quote).</param>
internal readonly record struct CsvRecord(long Line, string[] Fields);
