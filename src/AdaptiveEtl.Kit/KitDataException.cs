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
    public KitDataException(string message, string? source = null, string? column = null, long? row = null, Exception? inner = null)
        : base(Compose(message, source, column, row), inner)
    {
        Location = source;
        Column = column;
        Row = row;
    }

    /// <summary>File, table, pipeline or dataset the problem was found in, if known.</summary>
    public string? Location { get; }

    /// <summary>Column name, if the problem is in one column.</summary>
    public string? Column { get; }

    /// <summary>Zero-based data row index, if known.</summary>
    public long? Row { get; }

    private static string Compose(string message, string? source, string? column, long? row)
    {
        var where = new List<string>();
        if (source is not null) where.Add(source);
        if (column is not null) where.Add($"column '{column}'");
        if (row is not null) where.Add($"row {row}");
        return where.Count == 0 ? message : $"{string.Join(", ", where)}: {message}";
    }
}
