namespace AdaptiveEtl.Kit.SchemaEvolution.Controller;

/// <summary>Writes every entry to two logs (e.g. the store table and a JSON-lines file); queries read the first.</summary>
/// <param name="primary">Appended first and queried.</param>
/// <param name="secondary">Appended second.</param>
public sealed class TeeDecisionLog(IDecisionLog primary, IDecisionLog secondary) : IDecisionLog
{
    /// <inheritdoc />
    public async Task AppendAsync(DecisionLogEntry entry, CancellationToken cancellationToken = default)
    {
        await primary.AppendAsync(entry, cancellationToken);
        await secondary.AppendAsync(entry, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DecisionLogEntry>> QueryAsync(string? recommendationId = null, DecisionStep? step = null, CancellationToken cancellationToken = default) =>
        primary.QueryAsync(recommendationId, step, cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await primary.DisposeAsync();
        await secondary.DisposeAsync();
    }
}
