using AdaptiveEtl.Kit.Proactive.Sources;
using AdaptiveEtl.Kit.Proactive.Staging;

namespace AdaptiveEtl.Kit.Proactive;

/// <summary>
/// The loop's workload over a real connector and the DuckDB <see cref="StagingStore"/>: a pre-fetch stages what is new
/// (rows and watermark in one transaction per part, schema-checked, malformed files quarantined); the run at trigger
/// time stages the rest on demand and publishes the staged rows to the target table atomically (publishing again after
/// a crash never duplicates rows). An incompatible schema change stops pre-fetching with the checker's report and the
/// run fails before the target is touched. Staged files of an immutable landing zone stay valid when a window expires,
/// so expiry drops nothing here.
/// </summary>
public sealed class StagedSourceWorkload : IProactiveWorkload
{
    private readonly ISourceConnector _source;
    private readonly StagingStore _staging;
    private readonly string _target;
    private readonly StageOptions _stageOptions;
    private readonly Func<DateTimeOffset, CancellationToken, Task>? _beforeRead;
    private readonly PublishOptions? _publishOptions;

    /// <summary>A workload staging <paramref name="source"/> for <paramref name="pipeline"/> and publishing into <paramref name="targetTable"/>.</summary>
    /// <param name="pipeline">The pipeline (as in the run history).</param>
    /// <param name="source">The connector.</param>
    /// <param name="staging">The staging store.</param>
    /// <param name="targetTable">The target table in the staging database.</param>
    /// <param name="stageOptions">Retry and schema-check options (default: the store's).</param>
    /// <param name="beforeRead">Called with the current time before every read (a replay delivers the files that have arrived by then).</param>
    /// <param name="publishOptions">Publish options (logging, fault-injection checkpoints; default: the store's).</param>
    public StagedSourceWorkload(string pipeline, ISourceConnector source, StagingStore staging, string targetTable, StageOptions? stageOptions = null,
        Func<DateTimeOffset, CancellationToken, Task>? beforeRead = null, PublishOptions? publishOptions = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pipeline);
        ArgumentException.ThrowIfNullOrWhiteSpace(targetTable);
        Pipeline = pipeline;
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _staging = staging ?? throw new ArgumentNullException(nameof(staging));
        _target = targetTable;
        _stageOptions = stageOptions ?? StageOptions.Default;
        _beforeRead = beforeRead;
        _publishOptions = publishOptions;
    }

    /// <inheritdoc />
    public string Pipeline { get; }

    /// <inheritdoc />
    public string Source => _source.Name;

    /// <inheritdoc />
    public SourceSpeed Speed => _source.MeasuredSpeed;

    /// <summary>The outcome of the last staging call (pre-fetch or on-demand).</summary>
    public StageOutcome? LastStage { get; private set; }

    /// <inheritdoc />
    public async Task<FetchTicket?> FetchAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_beforeRead is not null) await _beforeRead(now, cancellationToken).ConfigureAwait(false);
        var outcome = await StageAsync(cancellationToken).ConfigureAwait(false);
        return outcome.Rows == 0 && outcome.Bytes == 0 ? null : new StagedTicket(outcome.Rows, outcome.Bytes, outcome.Duration);
    }

    /// <inheritdoc />
    public Task<(long Rows, long Bytes)> DiscardStagedAsync(CancellationToken cancellationToken) => Task.FromResult((0L, 0L));

    /// <inheritdoc />
    public async Task<HybridRunOutcome> RunAsync(DateTimeOffset trigger, CancellationToken cancellationToken)
    {
        if (_beforeRead is not null) await _beforeRead(trigger, cancellationToken).ConfigureAwait(false);
        var before = (await _staging.GetStateAsync(Pipeline, cancellationToken).ConfigureAwait(false)).Sources.FirstOrDefault(s => s.Source == Source);
        long stagedRows = before?.UnpublishedRows ?? 0;
        long stagedBytes = before is { Rows: > 0 } b ? (long)Math.Round(b.Bytes * (double)b.UnpublishedRows / b.Rows) : 0;
        var onDemand = await StageAsync(cancellationToken).ConfigureAwait(false);
        var publish = await _staging.PublishAsync(Pipeline, Source, _target, _publishOptions, cancellationToken).ConfigureAwait(false);
        var fetch = onDemand.Status == StageStatus.NothingNew ? Speed.EstimateFetchTime(0) : onDemand.Duration;
        int files = onDemand.Batches.Count + (before?.Batches ?? 0);
        return new HybridRunOutcome(stagedRows, stagedBytes, publish.Rows - stagedRows, onDemand.Bytes, fetch, publish.Duration, files, before?.Watermark?.ToString() ?? "");
    }

    private async Task<StageOutcome> StageAsync(CancellationToken ct)
    {
        return await StageOrThrowAsync(_staging, Pipeline, _source, _stageOptions, raw => LastStage = raw, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Stages what is new from <paramref name="source"/> (shared by the loop's workloads), hands the store's outcome to
    /// <paramref name="record"/> and returns it with the simulated duration for a <see cref="Replay.SimulatedSlowSource"/>;
    /// a schema block or an unavailable source throws, so the loop records it and the run fails before any target is touched.
    /// </summary>
    internal static async Task<StageOutcome> StageOrThrowAsync(StagingStore staging, string pipeline, ISourceConnector source, StageOptions options,
        Action<StageOutcome> record, CancellationToken ct)
    {
        var raw = await staging.StageAsync(pipeline, source, options, ct).ConfigureAwait(false);
        record(raw);
        var outcome = source is Replay.SimulatedSlowSource slow ? raw with { Duration = slow.MeasuredSpeed.EstimateFetchTime(raw.Bytes) } : raw;
        return outcome.Status switch
        {
            StageStatus.Staged or StageStatus.NothingNew => outcome,
            StageStatus.BlockedBySchema => throw new KitDataException($"pre-fetch stopped by an incompatible schema change before any target was touched: {outcome.BlockingReport}", $"{pipeline}/{source.Name}"),
            _ => throw new IOException($"{pipeline}/{source.Name}: {outcome.Status}: {outcome.Error}"),
        };
    }

    private sealed class StagedTicket(long rows, long bytes, TimeSpan duration) : FetchTicket(rows, bytes, duration)
    {
        // The staging store already committed rows and watermark together; an abandoned read stays staged and the next run uses it.
        public override bool IsStaged => true;

        public override Task CommitAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override void Abandon() { }
    }
}
