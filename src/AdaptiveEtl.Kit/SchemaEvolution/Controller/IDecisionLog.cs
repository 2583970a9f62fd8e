namespace AdaptiveEtl.Kit.SchemaEvolution.Controller;

/// <summary>
/// The controller's auditable decision log: every step (proposed, simulated with numbers, scheduled, applied, monitored,
/// rolled back, rejected with reason) is appended and can be queried. Implementations: a store table
/// (<see cref="DuckDbDecisionLog"/>, <see cref="PostgresDecisionLog"/>), JSON lines (<see cref="JsonLinesDecisionLog"/>),
/// and both at once (<see cref="TeeDecisionLog"/>).
/// </summary>
public interface IDecisionLog : IAsyncDisposable
{
    /// <summary>Appends one entry (durably, before returning).</summary>
    Task AppendAsync(DecisionLogEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Entries in the order they were appended, optionally only those of one recommendation and/or one step.</summary>
    Task<IReadOnlyList<DecisionLogEntry>> QueryAsync(string? recommendationId = null, DecisionStep? step = null, CancellationToken cancellationToken = default);
}
