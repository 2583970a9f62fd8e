namespace AdaptiveEtl.Kit.Lineage.Graph;

/// <summary>A chain of columns through which data flows, from a base column to a final one.</summary>
/// <param name="Columns">The columns in flow order.</param>
/// <param name="Weight">The ranking score: number of hops for longest chains, summed read counts of the columns for most-used chains.</param>
public sealed record LineagePath(IReadOnlyList<ColumnRef> Columns, long Weight)
{
    /// <summary>Number of column-to-column hops.</summary>
    public int Hops => Columns.Count - 1;

    /// <inheritdoc />
    public override string ToString() => string.Join(" → ", Columns) + $" ({Weight})";
}
