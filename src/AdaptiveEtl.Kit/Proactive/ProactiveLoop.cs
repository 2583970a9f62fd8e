using AdaptiveEtl.Kit.History;
using AdaptiveEtl.Kit.Proactive.Replay;
using AdaptiveEtl.Kit.Proactive.Scheduling;
using AdaptiveEtl.Kit.Proactive.Sources;
using AdaptiveEtl.Kit.Proactive.Validation;
using AdaptiveEtl.Kit.Triggers;

namespace AdaptiveEtl.Kit.Proactive;

/// <summary>
/// The proactive ETL loop: for each pipeline it predicts the next trigger, plans pre-fetching ahead of the predicted
/// window (lead time from the predicted volume and the source's speed), fetches incrementally into staging with bounded
/// workers and per-source limits, re-plans when the prediction is refreshed, drops staged data when the window passes
/// without a trigger, and — when the real trigger fires — validates it against the prediction, runs the pipeline on the
/// staged data plus an on-demand fetch of the rest, and writes the run back into the history and the predictor's calibration.
/// <para>
/// Time comes from a <see cref="TimeProvider"/>. With a <see cref="ReplayClock"/> the loop runs in virtual time: it jumps
/// from event to event and fetch durations are the ones the workload reports, so a trace of hundreds of triggers replays
/// in seconds. With <see cref="TimeProvider.System"/> it runs live (<c>kit watch</c>).
/// </para>
/// </summary>
public sealed class ProactiveLoop
{
    private readonly RunHistoryStore _history;
    private readonly TriggerPredictor _predictor;
    private readonly ProactiveOptions _options;
    private readonly TimeProvider _clock;
    private readonly Dictionary<string, PipelineState> _states = new(StringComparer.Ordinal);
    private readonly PriorityQueue<LoopEvent, (DateTimeOffset, long)> _queue = new();
    private readonly List<Fetch> _running = [];
    private readonly Dictionary<string, int> _perSource = new(StringComparer.Ordinal);
    private readonly List<TriggerMetrics> _metrics = [];
    private readonly List<TimelineEvent> _timeline = [];
    private readonly List<PrefetchPlan> _plans = [];
    private long _sequence;
    private int _busy;

    /// <summary>A loop over <paramref name="workloads"/> (one per pipeline), predicting from <paramref name="history"/>.</summary>
    /// <exception cref="ArgumentException">Two workloads for the same pipeline, or the prediction levels miss a level the plan needs.</exception>
    public ProactiveLoop(RunHistoryStore history, TriggerPredictor predictor, IEnumerable<IProactiveWorkload> workloads, ProactiveOptions? options = null, TimeProvider? clock = null)
    {
        _history = history ?? throw new ArgumentNullException(nameof(history));
        _predictor = predictor ?? throw new ArgumentNullException(nameof(predictor));
        _options = options ?? new ProactiveOptions();
        _options.Prefetch.Validate();
        foreach (var level in new[] { _options.Prefetch.WindowLevel, _options.Prefetch.ExpiryLevel, _options.Prefetch.VolumeLevel })
            if (!_options.Prediction.Levels.Any(l => Math.Abs(l - level) < 1e-9))
                throw new ArgumentException($"the prediction levels ({string.Join(", ", _options.Prediction.Levels)}) lack {level}, which the pre-fetch plan uses.", nameof(options));
        _clock = clock ?? TimeProvider.System;
        Verdicts = new TriggerVerdictStore(history);
        foreach (var w in workloads ?? throw new ArgumentNullException(nameof(workloads)))
        {
            if (_states.ContainsKey(w.Pipeline)) throw new ArgumentException($"two workloads for pipeline '{w.Pipeline}'.", nameof(workloads));
            var runs = history.GetRunRecords(w.Pipeline);
            _states[w.Pipeline] = new PipelineState(w)
            {
                NextRunId = runs.Count == 0 ? 1 : runs.Max(r => r.RunId) + 1,
                SchemaVersion = runs.Count == 0 ? 1 : runs[^1].SchemaVersion,
                SchemaHash = runs.Count == 0 ? null : runs[^1].SchemaHash,
            };
        }
        if (_states.Count == 0) throw new ArgumentException("no workload given.", nameof(workloads));
    }

    /// <summary>The recorded trigger verdicts (table <c>trigger_verdicts</c> in the history database).</summary>
    public TriggerVerdictStore Verdicts { get; }

    /// <summary>The current plan of each pipeline that has one.</summary>
    public IReadOnlyList<PrefetchPlan> CurrentPlans => [.. _states.Values.Where(s => s.Plan is not null).Select(s => s.Plan!)];

    /// <summary>The report of everything the loop did so far.</summary>
    public ProactiveRunReport Report() => new([.. _metrics], [.. _timeline], [.. _plans]);

    /// <summary>
    /// Runs until <paramref name="until"/> (or cancellation, or — in virtual time — until the feed and the plans are exhausted).
    /// Cancellation stops the loop cleanly: fetches in flight are abandoned (nothing half-staged), the report is returned.
    /// </summary>
    public async Task<ProactiveRunReport> RunAsync(ITriggerFeed feed, DateTimeOffset? until = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(feed);
        bool virtualTime = _clock is ReplayClock;
        var now = _clock.GetUtcNow();
        foreach (var s in _states.Values) Refresh(s, now);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                now = _clock.GetUtcNow();
                var nextEvent = _queue.TryPeek(out _, out var priority) ? priority.Item1 : DateTimeOffset.MaxValue;
                if (virtualTime)
                {
                    var t = Min(nextEvent, feed.NextKnownTrigger ?? DateTimeOffset.MaxValue);
                    if (until is { } u && t > u) { ((ReplayClock)_clock).AdvanceTo(u); break; }
                    if (t == DateTimeOffset.MaxValue) break;
                    ((ReplayClock)_clock).AdvanceTo(t);
                }
                else
                {
                    if (until is { } u && now >= u) break;
                    var wake = Min(Min(nextEvent, now + _options.PollInterval), until ?? DateTimeOffset.MaxValue);
                    if (wake > now) await WaitAsync(wake - now, cancellationToken).ConfigureAwait(false);
                    if (cancellationToken.IsCancellationRequested) break;
                }
                now = _clock.GetUtcNow();
                await CollectCompletedAsync(now, cancellationToken).ConfigureAwait(false);
                await ProcessDueAsync(feed, now, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var f in _running.ToArray()) AbandonInFlight(f, _clock.GetUtcNow(), countWaste: false);
        }
        return Report();
    }

    /// <summary>
    /// One pass for <c>--once</c>: predict and plan every pipeline, run one pre-fetch round for those whose plan has
    /// started, handle the triggers that already fired, and return.
    /// </summary>
    public async Task<ProactiveRunReport> RunOnceAsync(ITriggerFeed feed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(feed);
        var now = _clock.GetUtcNow();
        foreach (var s in _states.Values)
        {
            Refresh(s, now);
            if (s.Plan is { } plan && plan.StartAt <= now)
            {
                var f = Start(s, now, cancellationToken);
                if (f is not null)
                {
                    try { await f.Task.ConfigureAwait(false); } catch (Exception) when (f.Task.IsFaulted || f.Task.IsCanceled) { }
                    await CompleteAsync(f, now, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        foreach (var trigger in feed.Poll(now))
            if (_states.TryGetValue(trigger.Pipeline, out var s)) await TriggerAsync(s, trigger, cancellationToken).ConfigureAwait(false);
        return Report();
    }

    private async Task WaitAsync(TimeSpan delay, CancellationToken ct)
    {
        var tasks = new List<Task>(_running.Select(f => (Task)f.Task)) { Task.Delay(delay, _clock, ct) };
        try { await Task.WhenAny(tasks).ConfigureAwait(false); }
        catch (OperationCanceledException) { }
    }

    private async Task ProcessDueAsync(ITriggerFeed feed, DateTimeOffset now, CancellationToken ct)
    {
        var triggers = new Queue<TriggerEvent>(feed.Poll(now));
        while (!ct.IsCancellationRequested)
        {
            bool hasEvent = _queue.TryPeek(out var e, out var p) && p.Item1 <= now;
            bool hasTrigger = triggers.Count > 0;
            if (!hasEvent && !hasTrigger) break;
            if (hasTrigger && (!hasEvent || triggers.Peek().Time <= p.Item1))
            {
                var trigger = triggers.Dequeue();
                if (_states.TryGetValue(trigger.Pipeline, out var s)) await TriggerAsync(s, trigger, ct).ConfigureAwait(false);
                continue;
            }
            _queue.Dequeue();
            await HandleAsync(e!, p.Item1, ct).ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(LoopEvent e, DateTimeOffset at, CancellationToken ct)
    {
        var s = e.State;
        switch (e.Kind)
        {
            case LoopEventKind.Refresh when e.Generation == s.RefreshGeneration:
                Refresh(s, at);
                break;
            case LoopEventKind.Round when e.Generation == s.Revision:
                Round(s, at, ct);
                if (_clock is ReplayClock && s.InFlight is { } f)
                {
                    // virtual time: the simulated read is instantaneous; its completion is an event at start + duration
                    try { await f.Task.ConfigureAwait(false); } catch (Exception) when (f.Task.IsFaulted || f.Task.IsCanceled) { }
                    if (f.Task.IsCompletedSuccessfully && f.Task.Result is { } t) Enqueue(at + t.Duration, new LoopEvent(LoopEventKind.Done, s, 0, f));
                    else await CompleteAsync(f, at, ct).ConfigureAwait(false);
                }
                break;
            case LoopEventKind.Done when e.Fetch is { } done:
                await CompleteAsync(done, at, ct).ConfigureAwait(false);
                break;
            case LoopEventKind.Expire when e.Generation == s.Revision:
                await ExpireAsync(s, at, ct).ConfigureAwait(false);
                break;
        }
    }

    private void Refresh(PipelineState s, DateTimeOffset now)
    {
        s.RefreshGeneration++;
        Enqueue(now + _options.RefreshInterval, new LoopEvent(LoopEventKind.Refresh, s, s.RefreshGeneration, null));
        s.Revision++;
        TriggerPrediction prediction;
        try { prediction = _predictor.PredictNextTrigger(s.Workload.Pipeline, now, _options.Prediction); }
        catch (KitDataException e)
        {
            s.Prediction = null;
            s.Plan = null;
            _timeline.Add(new TimelineEvent(now, s.Workload.Pipeline, TimelineEventKind.NoPrediction, 0, 0, e.Message));
            return;
        }
        s.Prediction = prediction;
        s.FirstPrediction ??= prediction;
        (s.Workload as IPredictionObserver)?.OnPrediction(prediction);
        s.CyclePlans++;
        var plan = PrefetchPlanner.Plan(prediction, s.Workload.Source, s.Workload.Speed, _options.Prefetch, s.CyclePlans);
        s.Plan = plan;
        _plans.Add(plan);
        _timeline.Add(new TimelineEvent(now, s.Workload.Pipeline, TimelineEventKind.Planned, 0, (long)plan.PredictedBytes, plan.ToString()));
        Enqueue(Max(now, plan.StartAt), new LoopEvent(LoopEventKind.Round, s, s.Revision, null));
        Enqueue(Max(now, plan.ExpiresAt), new LoopEvent(LoopEventKind.Expire, s, s.Revision, null));
    }

    private void Round(PipelineState s, DateTimeOffset now, CancellationToken ct)
    {
        if (s.Plan is not { } plan || now >= plan.ExpiresAt || s.InFlight is not null) return;
        _perSource.TryGetValue(s.Workload.Source, out var perSource);
        if (_busy >= _options.Prefetch.MaxWorkers || perSource >= _options.Prefetch.MaxPerSource)
        {
            s.WaitingForWorker = true;
            return;
        }
        Start(s, now, ct);
    }

    private Fetch? Start(PipelineState s, DateTimeOffset now, CancellationToken ct)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task<FetchTicket?> task;
        try { task = s.Workload.FetchAsync(now, cts.Token); }
        catch (Exception e) when (e is not OperationCanceledException) { task = Task.FromException<FetchTicket?>(e); }
        var f = new Fetch(s, now, task, cts);
        s.InFlight = f;
        _busy++;
        _perSource[s.Workload.Source] = _perSource.GetValueOrDefault(s.Workload.Source) + 1;
        if (_clock is not ReplayClock) _running.Add(f);
        return f;
    }

    private async Task CollectCompletedAsync(DateTimeOffset now, CancellationToken ct)
    {
        foreach (var f in _running.Where(f => f.Task.IsCompleted).ToArray())
        {
            _running.Remove(f);
            await CompleteAsync(f, now, ct).ConfigureAwait(false);
        }
    }

    private async Task CompleteAsync(Fetch f, DateTimeOffset now, CancellationToken ct)
    {
        var s = f.State;
        if (f.Completed) return;
        f.Completed = true;
        Release(f);
        FetchTicket? ticket = f.Task.IsCompletedSuccessfully ? f.Task.Result : null;
        if (f.Abandoned)
        {
            ticket?.Abandon();
            if (ticket is { IsStaged: true }) { s.PrefetchedRows += ticket.Rows; s.PrefetchedBytes += ticket.Bytes; }
            else if (ticket is not null && !f.WasteCounted) AddWaste(s, ticket.Rows, ticket.Bytes, prefetched: true);
            return;
        }
        if (f.Task.IsFaulted || f.Task.IsCanceled)
        {
            Failure(s, now, f.Task.Exception?.GetBaseException().Message ?? "cancelled");
            return;
        }
        if (ticket is not null)
        {
            try { await ticket.CommitAsync(ct).ConfigureAwait(false); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Failure(s, now, e.Message);
                return;
            }
            s.ConsecutiveFailures = 0;
            s.FirstPrefetch ??= f.Start;
            s.PrefetchedRows += ticket.Rows;
            s.PrefetchedBytes += ticket.Bytes;
            _timeline.Add(new TimelineEvent(now, s.Workload.Pipeline, TimelineEventKind.Prefetched, ticket.Rows, ticket.Bytes, $"read in {ticket.Duration.TotalSeconds:0.0} s"));
        }
        if (s.Plan is { } plan) Enqueue(Max(now, f.Start + plan.RoundInterval), new LoopEvent(LoopEventKind.Round, s, s.Revision, null));
    }

    private void Release(Fetch f)
    {
        if (f.Released) return;
        f.Released = true;
        var s = f.State;
        if (ReferenceEquals(s.InFlight, f)) s.InFlight = null;
        _busy--;
        _perSource[s.Workload.Source]--;
        foreach (var waiting in _states.Values.Where(w => w.WaitingForWorker))
        {
            waiting.WaitingForWorker = false;
            Enqueue(_clock.GetUtcNow(), new LoopEvent(LoopEventKind.Round, waiting, waiting.Revision, null));
        }
    }

    private void Failure(PipelineState s, DateTimeOffset now, string message)
    {
        s.ConsecutiveFailures++;
        s.CycleFailures++;
        var delay = TimeSpan.FromTicks(Math.Min(_options.RetryMax.Ticks, _options.RetryBase.Ticks * (1L << Math.Min(s.ConsecutiveFailures - 1, 20))));
        _timeline.Add(new TimelineEvent(now, s.Workload.Pipeline, TimelineEventKind.SourceDown, 0, 0, $"{s.Workload.Source}: {message}; retry in {delay.TotalSeconds:0} s"));
        if (s.Plan is not null) Enqueue(now + delay, new LoopEvent(LoopEventKind.Round, s, s.Revision, null));
    }

    private void AbandonInFlight(Fetch f, DateTimeOffset now, bool countWaste)
    {
        f.Abandoned = true;
        f.Cts.Cancel();
        if (f.Task.IsCompletedSuccessfully && f.Task.Result is { } ticket)
        {
            // a completed read that was not committed yet: it is dropped, and what it read was fetched for nothing
            if (ticket.IsStaged) { f.State.FirstPrefetch ??= f.Start; f.State.PrefetchedRows += ticket.Rows; f.State.PrefetchedBytes += ticket.Bytes; f.WasteCounted = true; }
            else if (countWaste) { AddWaste(f.State, ticket.Rows, ticket.Bytes, prefetched: true); f.WasteCounted = true; }
            _timeline.Add(new TimelineEvent(now, f.State.Workload.Pipeline, TimelineEventKind.PrefetchAbandoned, ticket.Rows, ticket.Bytes, "in flight at the trigger"));
            if (f.Completed) return;
            f.Completed = true;
            ticket.Abandon();
            Release(f);
            _running.Remove(f);
        }
        else if (!countWaste) f.WasteCounted = true;
    }

    private static void AddWaste(PipelineState s, long rows, long bytes, bool prefetched)
    {
        s.WastedRows += rows;
        s.WastedBytes += bytes;
        if (prefetched)
        {
            s.PrefetchedRows += rows;
            s.PrefetchedBytes += bytes;
        }
    }

    private async Task ExpireAsync(PipelineState s, DateTimeOffset now, CancellationToken ct)
    {
        if (s.InFlight is { } f) AbandonInFlight(f, now, countWaste: true);
        var (rows, bytes) = await s.Workload.DiscardStagedAsync(ct).ConfigureAwait(false);
        AddWaste(s, rows, bytes, prefetched: false);
        _timeline.Add(new TimelineEvent(now, s.Workload.Pipeline, TimelineEventKind.Expired, rows, bytes, $"no trigger by {now.UtcDateTime:yyyy-MM-dd HH:mm}Z; staged data dropped, re-planning"));
        Refresh(s, now);
    }

    private async Task TriggerAsync(PipelineState s, TriggerEvent trigger, CancellationToken ct)
    {
        var pipeline = s.Workload.Pipeline;
        _timeline.Add(new TimelineEvent(trigger.Time, pipeline, TimelineEventKind.Trigger, 0, 0, ""));
        if (s.InFlight is { } f) AbandonInFlight(f, trigger.Time, countWaste: true);
        s.Revision++; // pending rounds and the expiry of this cycle no longer apply
        HybridRunOutcome outcome;
        try { outcome = await s.Workload.RunAsync(trigger.Time, ct).ConfigureAwait(false); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _timeline.Add(new TimelineEvent(trigger.Time, pipeline, TimelineEventKind.RunFailed, 0, 0, e.Message));
            if (_options.RecordRuns)
                _history.Append(new RunRecord(pipeline, s.NextRunId++, trigger.Time, trigger.Time, _clock.GetUtcNow(), 0, 0, 0, s.SchemaVersion, s.SchemaHash ?? "", "failed"));
            Refresh(s, Max(trigger.Time, _clock.GetUtcNow()));
            return;
        }
        TriggerVerdict? verdict = null;
        // judged against the cycle's first prediction (made right after the previous trigger), not a re-plan after expiry
        if ((s.FirstPrediction ?? s.Prediction) is { } prediction)
        {
            verdict = TriggerValidator.Validate(prediction, trigger.Time, outcome.Rows, outcome.Bytes);
            Verdicts.Record(verdict);
            if (_options.FeedCalibration)
            {
                try { _predictor.Observe(pipeline, trigger.Time); }
                catch (KitDataException) { } // this prediction was already observed (a trigger handled twice after a restart)
            }
        }
        if (s.SchemaHash is not null && outcome.SchemaHash != s.SchemaHash) s.SchemaVersion++;
        s.SchemaHash = outcome.SchemaHash;
        var ready = trigger.Time + outcome.DataReady;
        if (_options.RecordRuns)
            _history.Append(new RunRecord(pipeline, s.NextRunId++, trigger.Time, trigger.Time, ready, outcome.Rows, outcome.Bytes, outcome.FileCount, s.SchemaVersion, outcome.SchemaHash, "success"));
        var reactive = s.Workload.Speed.EstimateFetchTime(outcome.Bytes) + outcome.TransformDuration;
        _metrics.Add(new TriggerMetrics(pipeline, trigger.Time, s.CyclePlans, s.FirstPrefetch is { } first ? trigger.Time - first : null,
            s.PrefetchedRows, s.PrefetchedBytes, outcome.StagedRows, outcome.StagedBytes, s.WastedRows, s.WastedBytes,
            outcome.OnDemandRows, outcome.OnDemandBytes, outcome.DataReady, reactive, s.CycleFailures, verdict));
        _timeline.Add(new TimelineEvent(ready, pipeline, TimelineEventKind.DataReady, outcome.Rows, outcome.Bytes,
            $"{outcome.StagedRows:N0} rows from staging + {outcome.OnDemandRows:N0} on demand"));
        s.ResetCycle();
        Refresh(s, trigger.Time);
    }

    private void Enqueue(DateTimeOffset at, LoopEvent e) => _queue.Enqueue(e, (at, _sequence++));

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private enum LoopEventKind { Refresh, Round, Done, Expire }

    private sealed record LoopEvent(LoopEventKind Kind, PipelineState State, int Generation, Fetch? Fetch);

    private sealed class Fetch(PipelineState state, DateTimeOffset start, Task<FetchTicket?> task, CancellationTokenSource cts)
    {
        public PipelineState State { get; } = state;
        public DateTimeOffset Start { get; } = start;
        public Task<FetchTicket?> Task { get; } = task;
        public CancellationTokenSource Cts { get; } = cts;
        public bool Abandoned { get; set; }
        public bool Completed { get; set; }
        public bool Released { get; set; }
        public bool WasteCounted { get; set; }
    }

    private sealed class PipelineState(IProactiveWorkload workload)
    {
        public IProactiveWorkload Workload { get; } = workload;
        public TriggerPrediction? Prediction { get; set; }
        public TriggerPrediction? FirstPrediction { get; set; }
        public PrefetchPlan? Plan { get; set; }
        public int Revision { get; set; }
        public int RefreshGeneration { get; set; }
        public Fetch? InFlight { get; set; }
        public bool WaitingForWorker { get; set; }
        public int ConsecutiveFailures { get; set; }
        public long NextRunId { get; set; }
        public int SchemaVersion { get; set; }
        public string? SchemaHash { get; set; }
        public int CyclePlans { get; set; }
        public int CycleFailures { get; set; }
        public DateTimeOffset? FirstPrefetch { get; set; }
        public long PrefetchedRows { get; set; }
        public long PrefetchedBytes { get; set; }
        public long WastedRows { get; set; }
        public long WastedBytes { get; set; }

        public void ResetCycle()
        {
            CyclePlans = 0;
            CycleFailures = 0;
            FirstPrefetch = null;
            PrefetchedRows = PrefetchedBytes = WastedRows = WastedBytes = 0;
            Plan = null;
            Prediction = null;
            FirstPrediction = null;
        }
    }
}
