using AdaptiveEtl.Kit.Proactive;
using AdaptiveEtl.Kit.Proactive.Sources;
using AdaptiveEtl.Kit.Proactive.Staging;

namespace AdaptiveEtl.Kit.Cli.Watch;

/// <summary>A <see cref="StagedSourceWorkload"/> that prints a progress line per staged file, quarantined file and publish.</summary>
internal sealed class ProgressWorkload(StagedSourceWorkload inner, string target, TextWriter output, string prefix = "") : IProactiveWorkload
{
    /// <inheritdoc />
    public string Pipeline => inner.Pipeline;

    /// <inheritdoc />
    public string Source => inner.Source;

    /// <inheritdoc />
    public SourceSpeed Speed => inner.Speed;

    /// <inheritdoc />
    public async Task<FetchTicket?> FetchAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var before = inner.LastStage;
        try { return await inner.FetchAsync(now, cancellationToken).ConfigureAwait(false); }
        finally { if (!ReferenceEquals(before, inner.LastStage)) PrintStage("pre-fetch"); }
    }

    /// <inheritdoc />
    public Task<(long Rows, long Bytes)> DiscardStagedAsync(CancellationToken cancellationToken) => inner.DiscardStagedAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<HybridRunOutcome> RunAsync(DateTimeOffset trigger, CancellationToken cancellationToken)
    {
        var before = inner.LastStage;
        HybridRunOutcome outcome;
        try { outcome = await inner.RunAsync(trigger, cancellationToken).ConfigureAwait(false); }
        finally { if (!ReferenceEquals(before, inner.LastStage)) PrintStage("on demand"); }
        output.WriteLine($"{prefix}published {outcome.Rows} rows into {target} ({outcome.StagedRows} pre-fetched, {outcome.OnDemandRows} on demand)");
        return outcome;
    }

    private void PrintStage(string how)
    {
        if (inner.LastStage is not { } stage) return;
        foreach (var b in stage.Batches) output.WriteLine($"{prefix}staged {b.Rows} rows from file {b.Part} ({how})");
        foreach (var q in stage.Quarantined) output.WriteLine($"{prefix}quarantined {q}");
    }
}
