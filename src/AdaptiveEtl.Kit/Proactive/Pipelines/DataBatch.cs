namespace AdaptiveEtl.Kit.Proactive.Pipelines;

/// <summary>
/// A batch of rows read from a C# step's input: column names and the rows as boxed values (<see cref="DBNull"/> is
/// mapped to <see langword="null"/>). The planner chooses the batch size; a holistic C# step gets all rows in one batch.
/// </summary>
public sealed class DataBatch
{
    private readonly Dictionary<string, int> _ordinals;

    /// <summary>Creates a batch.</summary>
    /// <param name="columns">Column names in input order.</param>
    /// <param name="rows">Rows, each with one value per column.</param>
    public DataBatch(IReadOnlyList<string> columns, IReadOnlyList<object?[]> rows)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        Columns = columns;
        Rows = rows;
        _ordinals = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < columns.Count; i++) _ordinals.TryAdd(columns[i], i);
    }

    /// <summary>Column names in input order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The rows.</summary>
    public IReadOnlyList<object?[]> Rows { get; }

    /// <summary>Number of rows.</summary>
    public int Count => Rows.Count;

    /// <summary>The position of a column (case-insensitive).</summary>
    /// <exception cref="KitDataException">No such column; the message lists the columns.</exception>
    public int Ordinal(string column) => _ordinals.TryGetValue(column, out var i)
        ? i
        : throw new KitDataException($"no column '{column}' in the batch; the input has {string.Join(", ", Columns)}.", column: column);

    /// <summary>The value of <paramref name="column"/> in row <paramref name="row"/>.</summary>
    public object? this[int row, string column] => Rows[row][Ordinal(column)];
}
