namespace AdaptiveEtl.Kit.Cli.Config;

/// <summary>
/// The roles of a drift dataset's columns. Id and timestamp columns, and ignored ones, are not tested for drift; the
/// target is tested like any feature and labelled as the target. Ids not listed are inferred (see <see cref="IdInference"/>).
/// </summary>
/// <param name="Ids">Columns declared as identifiers.</param>
/// <param name="Timestamp">The event-time column, or null.</param>
/// <param name="Target">The target (label) column, or null.</param>
/// <param name="Ignored">Columns left out of the comparison.</param>
/// <param name="InferIds">Whether identifier columns are inferred in addition to <paramref name="Ids"/>.</param>
public sealed record ColumnRoles(IReadOnlyList<string> Ids, string? Timestamp, string? Target, IReadOnlyList<string> Ignored, bool InferIds = true)
{
    /// <summary>No declared roles; ids inferred.</summary>
    public static ColumnRoles None { get; } = new([], null, null, []);

    /// <summary>Every declared column name with its role, for validation against the data.</summary>
    public IEnumerable<(string Column, string Role)> Declared() =>
        Ids.Select(c => (c, "id"))
            .Concat(Timestamp is null ? [] : [(Timestamp, "timestamp")])
            .Concat(Target is null ? [] : [(Target, "target")])
            .Concat(Ignored.Select(c => (c, "ignored")));
}
