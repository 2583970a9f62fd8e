namespace AdaptiveEtl.Kit.Proactive.Staging;

/// <summary>What is staged for a pipeline, per source.</summary>
/// <param name="Pipeline">Pipeline name.</param>
/// <param name="Sources">One entry per source with a watermark or staged rows.</param>
public sealed record StageState(string Pipeline, IReadOnlyList<StagedSourceState> Sources)
{
    /// <summary>Total rows staged now.</summary>
    public long Rows => Sources.Sum(s => s.Rows);

    /// <summary>Whether an unresolved incompatible schema change blocks a source.</summary>
    public bool Blocked => Sources.Any(s => s.BlockedBy is not null);

    /// <inheritdoc />
    public override string ToString() => Sources.Count == 0
        ? $"pipeline {Pipeline}: nothing staged"
        : $"pipeline {Pipeline}: {Rows} row(s) staged{(Blocked ? " (BLOCKED)" : "")}{Environment.NewLine}" + string.Join(Environment.NewLine, Sources.Select(s => "  " + s));
}
