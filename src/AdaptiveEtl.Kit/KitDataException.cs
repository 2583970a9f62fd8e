namespace AdaptiveEtl.Kit;

/// <summary>
/// Raised when input data is not what the kit expects. The message always names where the problem is
/// (file, pipeline, table, column, row) and what was expected, so that a user can fix the input.
/// </summary>
public class KitDataException : Exception
{
    /// <summary>Creates the exception from a full message and optional location details.</summary>
    /// <param name="message">What is wrong and what was expected.</param>
    /// <param name="source">File, table, pipeline or dataset the problem was found in, if known.</param>
    /// <param name="column">Column name, if the problem is in one column.</param>
    /// <param name="row">Zero-based row index (data rows, header excluded), if known.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    /// <param name="line">One-based line of a text file as an editor shows it (header = line 1), if known; the message then names the line instead of the row.</param>
    public KitDataException(string message, string? source = null, string? column = null, long? row = null, Exception? inner = null, long? line = null)
        : base(Compose(message, source, column, row, line), inner)
    {
        Location = source;
        Column = column;
        Row = row;
        Line = line;
    }

    /// <summary>File, table, pipeline or dataset the problem was found in, if known.</summary>
    public string? Location { get; }

    /// <summary>Column name, if the problem is in one column.</summary>
    public string? Column { get; }

    /// <summary>Zero-based data row index, if known.</summary>
    public long? Row { get; }

    /// <summary>One-based line in the text file (header = line 1, as an editor numbers lines), if known.</summary>
    public long? Line { get; }

    private static string Compose(string message, string? source, string? column, long? row, long? line)
    {
        var where = new List<string>();
        if (source is not null) where.Add(source);
        if (line is not null) where.Add($"line {line}");
        if (column is not null) where.Add($"column '{column}'");
        if (row is not null && line is null) where.Add($"row {row}");
        return where.Count == 0 ? message : $"{string.Join(", ", where)}: {message}";
    }
}
