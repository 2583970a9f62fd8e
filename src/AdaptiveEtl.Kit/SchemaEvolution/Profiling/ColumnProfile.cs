namespace AdaptiveEtl.Kit.SchemaEvolution.Profiling;

/// <summary>
/// Observed statistics of one column at one time: null share, distinct count, value range and longest string.
/// Numeric ranges are in the column's unit; temporal ranges (<see cref="IsTemporal"/>) in seconds since 1970-01-01 UTC.
/// </summary>
/// <param name="Column">The column name, exactly as stored.</param>
/// <param name="DataType">The store's type name (e.g. <c>BIGINT</c>, <c>VARCHAR</c>, <c>character varying(255)</c>).</param>
/// <param name="RowCount">Rows in the table (estimated from the sample when <see cref="TableProfile.Sampled"/>).</param>
/// <param name="NullCount">Rows where the column is null.</param>
/// <param name="DistinctCount">Distinct non-null values.</param>
/// <param name="Min">Smallest value (numeric or temporal columns), or null.</param>
/// <param name="Max">Largest value (numeric or temporal columns), or null.</param>
/// <param name="MaxLength">Longest value in characters (string columns), or null.</param>
/// <param name="IsTemporal">True for date/time columns.</param>
public sealed record ColumnProfile(string Column, string DataType, long RowCount, long NullCount, long DistinctCount,
    double? Min, double? Max, int? MaxLength, bool IsTemporal)
{
    /// <summary>Share of rows that are null, in [0, 1] (0 for an empty table).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double NullShare => RowCount == 0 ? 0 : (double)NullCount / RowCount;

    /// <summary>True for string columns (a <see cref="MaxLength"/> was measured).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsText => MaxLength is not null || DataType.Contains("char", StringComparison.OrdinalIgnoreCase) || DataType.Contains("text", StringComparison.OrdinalIgnoreCase);

    /// <summary>The declared maximum length of a <c>VARCHAR(n)</c>/<c>character varying(n)</c> type, or null.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int? DeclaredLength
    {
        get
        {
            int open = DataType.IndexOf('('), close = DataType.IndexOf(')');
            return IsText && open > 0 && close > open && int.TryParse(DataType.AsSpan(open + 1, close - open - 1), out var n) ? n : null;
        }
    }
}
