using System.Data.Common;
using System.Globalization;
using AdaptiveEtl.Kit.SchemaEvolution.Ddl;
using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;
using AdaptiveEtl.Kit.SchemaEvolution.Shadow;
using SchemaChangeDdl = AdaptiveEtl.Kit.SchemaEvolution.Ddl.SchemaChangeDdl; // schema-usage has a Recommendations.SchemaChangeDdl too (merge conflict)

namespace AdaptiveEtl.Kit.SchemaEvolution.Controller;

/// <summary>
/// The proactive optimisation controller: takes a <see cref="SchemaRecommendation"/>, simulates it (HypoPG what-if
/// where available, then a real shadow copy where the workload is replayed and timed before and after the change),
/// schedules it in the <see cref="MaintenanceWindow"/> when the measured gain clears the threshold, applies it there with
/// generated DDL in one transaction (verified before commit; the window is checked again before commit), replays the
/// workload on production to monitor it and rolls back automatically when it regressed beyond the threshold.
/// Every step goes to the <see cref="IDecisionLog"/>.
/// <para>Production is read (catalog, a copy for the shadow, read-only replays) at any time but changed only inside the
/// window and only through a <see cref="ScheduledChange"/>, which only a passing simulation yields. A failed change
/// leaves the store as it was (the transaction rolls back; the outcome compares the catalog before and after).</para>
/// </summary>
/// <example><code>
/// await using var prod = await PostgresSchemaChangeStore.OpenAsync(cs);
/// await using var log = await PostgresDecisionLog.OpenAsync(cs);
/// var controller = new SchemaEvolutionController(prod, log, new SchemaControllerOptions(MaintenanceWindow.Parse("02:00-04:00")));
/// var outcome = await controller.RunAsync(recommendation, workload);
/// </code></example>
public sealed class SchemaEvolutionController
{
    private readonly ISchemaChangeStore _production;
    private readonly IDecisionLog _log;
    private readonly SchemaControllerOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates a controller for <paramref name="production"/>, logging to <paramref name="log"/>.</summary>
    /// <param name="production">The store to change (not a shadow).</param>
    /// <param name="log">Where every step is recorded.</param>
    /// <param name="options">Window, thresholds, replay and shadow settings.</param>
    /// <param name="timeProvider">The clock (default: the system clock); tests inject one.</param>
    public SchemaEvolutionController(ISchemaChangeStore production, IDecisionLog log, SchemaControllerOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(production);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(options);
        if (production.IsShadow) throw new ArgumentException("the controller changes a production store, not a shadow copy", nameof(production));
        _production = production;
        _log = log;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Simulate, schedule and — when the window is open now — apply and monitor, in one call.</summary>
    public async Task<ChangeOutcome> RunAsync(SchemaRecommendation recommendation, IReadOnlyList<WorkloadQuery> workload, CancellationToken cancellationToken = default)
    {
        var sim = await SimulateAsync(recommendation, workload, cancellationToken);
        if (!sim.Passed) return new ChangeOutcome(recommendation.Id, ChangeStatus.Rejected, sim.Reason, sim, null, null, null, null);
        var scheduled = await ScheduleAsync(sim, workload, cancellationToken);
        if (scheduled.NotBefore > _time.GetUtcNow())
            return new ChangeOutcome(recommendation.Id, ChangeStatus.Scheduled, $"scheduled for {scheduled.NotBefore:u} ({_options.Window})", sim, scheduled, null, null, null);
        return await ApplyAsync(scheduled, cancellationToken);
    }

    /// <summary>
    /// Checks the target, renders the DDL, builds a shadow copy, estimates what-if costs (indexes on PostgreSQL with
    /// HypoPG) and replays the workload on the shadow before and after applying the change there. Changes nothing on production.
    /// </summary>
    public async Task<SimulationResult> SimulateAsync(SchemaRecommendation recommendation, IReadOnlyList<WorkloadQuery> workload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recommendation);
        ArgumentNullException.ThrowIfNull(workload);
        var rec = recommendation;
        var threshold = _options.GainThresholdFor(rec.Kind);
        await LogAsync(rec, DecisionStep.Proposed, $"{rec.Kind} on {rec.Table} ({string.Join(", ", rec.Columns)}): {rec.Rationale}",
            new() { ["expected_gain"] = rec.ExpectedGain, ["estimated_storage_bytes"] = rec.EstimatedStorageBytes }, cancellationToken);

        async Task<SimulationResult> Reject(string reason, WhatIfResult? whatIf = null, ReplayComparison? shadow = null, SchemaChangeDdl? ddl = null)
        {
            await LogAsync(rec, DecisionStep.Rejected, reason, [], cancellationToken);
            return new SimulationResult(rec, false, reason, whatIf ?? WhatIfResult.Unavailable("not simulated"), shadow, ddl, threshold);
        }

        if (workload.Count == 0) return await Reject("no workload to measure the change against.");
        var catalog = await _production.DescribeAsync(rec.Table, cancellationToken);
        if (await TargetProblemAsync(rec, catalog, cancellationToken) is { } problem) return await Reject(problem);
        rec = WithCatalogType(rec, catalog);
        SchemaChangeDdl ddl;
        try { ddl = SchemaChangeDdl.Generate(rec, _production.Dialect); }
        catch (KitDataException e) { return await Reject("no DDL can be generated: " + e.Message); }

        WhatIfResult whatIf = WhatIfResult.Unavailable($"HypoPG simulates indexes only; a {rec.Kind} is measured on the shadow alone.");
        InterleavedComparison measured;
        int readingCount;
        List<int> affected;
        try
        {
            var tables = ShadowTables(rec);
            // Two identical shadows (same tables, same seeded sample): one keeps the store as it is, the other gets the
            // change; the affected families are then timed on both in alternating rounds (InterleavedReplay), so the
            // machine's load falls on both sides alike instead of on "before" only.
            await using var control = await _production.CreateShadowAsync(tables, _options.Shadow, cancellationToken);
            if (rec.Kind == RecommendationKind.Index) whatIf = await control.WhatIfIndexAsync(ddl.Forward[0], workload, cancellationToken);
            // Only the families that read the changed table (or are pointed at a new object) can change; where HypoPG
            // gives plans, only those whose plan would use the index. The others are timed once and count the same on
            // both sides: replaying them too let their noise swamp the few families the change helps.
            var reading = workload.Select((q, i) => (q, i)).Where(x => AffectedBy(x.q, rec.Table)).Select(x => x.i).ToList();
            readingCount = reading.Count;
            if (reading.Count == 0) return await Reject($"no workload family reads {rec.Table}: the change cannot speed up this workload.", whatIf, null, ddl);
            affected = reading;
            if (whatIf.Available && whatIf.Queries.Count == workload.Count)
            {
                affected = reading.Where(i => whatIf.Queries[i].UsesIndex).ToList();
                if (affected.Count == 0)
                    return await Reject($"the planner would use the index in none of the {reading.Count} famil{(reading.Count == 1 ? "y" : "ies")} reading {rec.Table} (HypoPG what-if): it cannot speed up this workload.", whatIf, null, ddl);
            }
            var unaffected = workload.Where((_, i) => !affected.Contains(i)).ToList();
            var others = unaffected.Count == 0 ? new WorkloadTiming([]) : await control.ReplayAsync(unaffected, _options.Replay, cancellationToken);
            await using var treatment = await _production.CreateShadowAsync(tables, _options.Shadow, cancellationToken);
            var shadowBefore = await treatment.DescribeAsync(rec.Table, cancellationToken);
            await treatment.ExecuteChangeAsync(ddl.Forward, (p, ct) => VerifyAsync(p, ddl, shadowBefore, ct), cancellationToken);
            var affectedQueries = affected.Select(i => workload[i]).ToList();
            measured = await InterleavedReplay.CompareAsync(control, affectedQueries, treatment, WorkloadQuery.AfterChange(affectedQueries), others.Queries,
                _options.Replay, _options.Interleaving, cancellationToken, decisionThreshold: threshold);
        }
        catch (Exception e) when (e is KitDataException or DbException or InvalidOperationException or IOException)
        {
            return await Reject("the simulation failed: " + e.Message, whatIf, null, ddl);
        }
        var comparison = measured.Comparison;

        var figures = new Dictionary<string, double>
        {
            ["shadow_before_ms"] = comparison.TotalBeforeMilliseconds,
            ["shadow_after_ms"] = comparison.TotalAfterMilliseconds,
            ["shadow_gain"] = comparison.Gain,
            ["threshold"] = threshold,
            ["sample_fraction"] = _options.Shadow.SampleFraction,
            ["shadow_gain_low"] = measured.GainLow,
            ["shadow_gain_high"] = measured.GainHigh,
            ["rounds"] = measured.Rounds,
            ["families_timed"] = affected.Count,
        };
        if (whatIf.Available)
        {
            figures["whatif_cost_before"] = whatIf.WeightedCostBefore;
            figures["whatif_cost_after"] = whatIf.WeightedCostAfter;
            figures["whatif_gain"] = whatIf.EstimatedGain ?? 0;
        }
        var whatIfText = whatIf.Available ? string.Create(CultureInfo.InvariantCulture, $"what-if plan cost {whatIf.WeightedCostBefore:F1} → {whatIf.WeightedCostAfter:F1} (gain {whatIf.EstimatedGain:P1})")
            : "what-if unavailable: " + whatIf.UnavailableReason;
        await LogAsync(rec, DecisionStep.Simulated, string.Create(CultureInfo.InvariantCulture,
            $"shadow replay of {workload.Count} families on {_production.Engine} ({readingCount} reading {rec.Table}, {affected.Count} timed in {measured.Rounds} interleaved rounds on two shadows, {measured.StopReason}): {comparison.TotalBeforeMilliseconds:F2} ms → {comparison.TotalAfterMilliseconds:F2} ms weighted, measured gain {comparison.Gain:P1} (95 % interval {measured.GainLow:P1} … {measured.GainHigh:P1}); {whatIfText}"),
            figures, cancellationToken);
        // A positive threshold also needs the whole interval above zero: a gain the noise could explain is not kept.
        bool clears = comparison.Gain >= threshold, beyondNoise = threshold <= 0 || measured.SignificantlyFaster;
        bool passed = clears && beyondNoise;
        var noise = clears && !beyondNoise
            ? string.Create(CultureInfo.InvariantCulture, $", but its 95 % interval ({measured.GainLow:P1} … {measured.GainHigh:P1}) includes no gain.") : ".";
        var verdict = string.Create(CultureInfo.InvariantCulture, $"measured shadow gain {comparison.Gain:P1} {(clears ? "clears" : "is below")} the threshold {threshold:P1}") + noise;
        var timedFamilies = affected.Select(i => workload[i].Family).ToList();
        if (!passed) return (await Reject(verdict, whatIf, comparison, ddl)) with { Measurement = measured, TimedFamilies = timedFamilies };
        return new SimulationResult(rec, true, verdict, whatIf, comparison, ddl, threshold) { TimedFamilies = timedFamilies, Measurement = measured };
    }

    /// <summary>Schedules a passed simulation at the next opportunity inside the window.</summary>
    /// <exception cref="InvalidOperationException">The simulation did not pass.</exception>
    public async Task<ScheduledChange> ScheduleAsync(SimulationResult simulation, IReadOnlyList<WorkloadQuery> workload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(workload);
        if (!simulation.Passed || simulation.Ddl is null)
            throw new InvalidOperationException($"recommendation {simulation.Recommendation.Id} cannot be scheduled: its simulation did not pass ({simulation.Reason})");
        var at = _options.Window.NextOpportunity(_time.GetUtcNow());
        var change = new ScheduledChange(simulation, workload, at);
        await LogAsync(simulation.Recommendation, DecisionStep.Scheduled, $"scheduled for {at:u} in the maintenance window {_options.Window}.",
            new() { ["shadow_gain"] = simulation.MeasuredGain ?? 0 }, cancellationToken);
        return change;
    }

    /// <summary>
    /// Applies a scheduled change when its window is open (with at least <see cref="SchemaControllerOptions.MinimumTimeLeft"/>
    /// left), in one transaction verified before commit, then monitors the production workload and rolls back on regression.
    /// </summary>
    public async Task<ChangeOutcome> ApplyAsync(ScheduledChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var sim = change.Simulation;
        var rec = sim.Recommendation;
        var ddl = sim.Ddl!;
        var now = _time.GetUtcNow();
        if (now < change.NotBefore || _options.Window.ClosesAt(now) is not { } closes)
            return await NotStartedAsync($"not started: {now:u} is outside the maintenance window {_options.Window}; production untouched.");
        if (closes - now < _options.MinimumTimeLeft)
            return await NotStartedAsync($"not started: only {(closes - now).TotalMinutes:F0} min left in the window (need {_options.MinimumTimeLeft.TotalMinutes:F0}); production untouched.");

        var before = await _production.DescribeAsync(rec.Table, cancellationToken);
        if (await TargetProblemAsync(rec, before, cancellationToken) is { } problem)
        {
            await LogAsync(rec, DecisionStep.Rejected, problem, [], cancellationToken);
            return new ChangeOutcome(rec.Id, ChangeStatus.Rejected, problem, sim, change, null, before, before);
        }
        // Only the families the simulation timed are monitored (repeated AffectedRepeats times); the others cannot change,
        // so they are timed once before the change and count the same on both sides.
        var timed = sim.TimedFamilies.Count == 0 ? change.Workload : change.Workload.Where(q => sim.TimedFamilies.Contains(q.Family)).ToList();
        var untimed = sim.TimedFamilies.Count == 0 ? [] : change.Workload.Where(q => !sim.TimedFamilies.Contains(q.Family)).ToList();
        var monitorReplay = _options.Replay with { Repeats = Math.Max(_options.Replay.Repeats, _options.AffectedRepeats) };
        WorkloadTiming baseline, unchangedFamilies;
        try
        {
            unchangedFamilies = untimed.Count == 0 ? new WorkloadTiming([]) : await _production.ReplayAsync(untimed, _options.Replay, cancellationToken);
            baseline = await _production.ReplayAsync(timed, monitorReplay, cancellationToken);
        }
        catch (KitDataException e) { return await NotStartedAsync("not started: the workload baseline could not be measured on production: " + e.Message); }
        try
        {
            await _production.ExecuteChangeAsync(ddl.Forward, async (pending, ct) =>
            {
                await HookAsync(ApplyStage.ForwardExecuted, ct);
                await VerifyAsync(pending, ddl, before, ct);
                var t = _time.GetUtcNow();
                if (!_options.Window.Contains(t) || t >= closes)
                    throw new WindowClosedException($"the maintenance window {_options.Window} closed ({closes:u}) before the change could commit (now {t:u})");
            }, cancellationToken);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or WindowClosedException or KitDataException or OperationCanceledException or IOException)
        {
            var after = await DescribeAfterFailureAsync(rec.Table, before);
            bool unchanged = after.SameAs(before) && (ddl.CreatedObject is null || !await ExistsAfterFailureAsync(ddl.CreatedObject));
            var reason = $"apply failed and was rolled back: {e.Message}; store unchanged: {(unchanged ? "yes" : "NO")} ({after}).";
            await LogAsync(rec, DecisionStep.Failed, reason, new() { ["store_unchanged"] = unchanged ? 1 : 0 }, CancellationToken.None);
            return new ChangeOutcome(rec.Id, ChangeStatus.Failed, reason, sim, change, null, before, after);
        }
        await LogAsync(rec, DecisionStep.Applied, "committed: " + string.Join("; ", ddl.Forward), [], CancellationToken.None);

        await HookAsync(ApplyStage.BeforeMonitor, cancellationToken);
        ReplayComparison? production = null;
        string? why = null;
        var figures = new Dictionary<string, double> { ["regression_threshold"] = _options.RegressionThreshold };
        try
        {
            var monitored = await _production.ReplayAsync(WorkloadQuery.AfterChange(timed), monitorReplay, cancellationToken);
            production = new ReplayComparison(new WorkloadTiming([.. baseline.Queries, .. unchangedFamilies.Queries]),
                new WorkloadTiming([.. monitored.Queries, .. unchangedFamilies.Queries]));
            figures["production_before_ms"] = production.TotalBeforeMilliseconds;
            figures["production_after_ms"] = production.TotalAfterMilliseconds;
            figures["production_gain"] = production.Gain;
            if (-production.Gain > _options.RegressionThreshold)
                why = string.Create(CultureInfo.InvariantCulture,
                    $"production workload regressed {(-production.Gain):P1} ({production.TotalBeforeMilliseconds:F2} ms → {production.TotalAfterMilliseconds:F2} ms), beyond {_options.RegressionThreshold:P1}");
        }
        catch (KitDataException e)
        {
            why = "the workload failed on production after the change (the worst regression): " + e.Message;
        }
        if (why is not null)
        {
            try
            {
                await _production.ExecuteChangeAsync(ddl.Rollback, async (pending, ct) =>
                {
                    await HookAsync(ApplyStage.RollbackExecuted, ct);
                    var restored = await pending.DescribeAsync(rec.Table, ct);
                    if (!restored.SameAs(before)) throw new InvalidOperationException($"the rollback would not restore the previous state: before {before}, now {restored}");
                    if (ddl.CreatedObject is { } o && await pending.ObjectExistsAsync(o, ct)) throw new InvalidOperationException($"the rollback left {o} in place");
                }, CancellationToken.None);
            }
            catch (Exception e) when (e is DbException or InvalidOperationException)
            {
                var reason = why + $"; the automatic rollback FAILED ({e.Message}): the change is still applied.";
                await LogAsync(rec, DecisionStep.Failed, reason, figures, CancellationToken.None);
                return new ChangeOutcome(rec.Id, ChangeStatus.Failed, reason, sim, change, production, before, await _production.DescribeAsync(rec.Table, CancellationToken.None));
            }
            var afterRollback = await _production.DescribeAsync(rec.Table, CancellationToken.None);
            await LogAsync(rec, DecisionStep.RolledBack, why + "; rolled back: " + string.Join("; ", ddl.Rollback), figures, CancellationToken.None);
            return new ChangeOutcome(rec.Id, ChangeStatus.RolledBack, why + "; rolled back.", sim, change, production, before, afterRollback);
        }
        if (production is null) throw new InvalidOperationException("unreachable: the change is kept only after a production replay");
        var cleanupNote = "";
        if (ddl.Cleanup.Count > 0)
        {
            try { await _production.ExecuteChangeAsync(ddl.Cleanup, null, CancellationToken.None); }
            catch (DbException e) { cleanupNote = $" The backup {ddl.BackupTable} could not be dropped and is left in place: {e.Message}"; }
        }
        var kept = await _production.DescribeAsync(rec.Table, CancellationToken.None);
        var keptWhy = string.Create(CultureInfo.InvariantCulture,
            $"kept: production workload {production.TotalBeforeMilliseconds:F2} ms → {production.TotalAfterMilliseconds:F2} ms (gain {production.Gain:P1}).{cleanupNote}");
        await LogAsync(rec, DecisionStep.Monitored, keptWhy, figures, CancellationToken.None);
        return new ChangeOutcome(rec.Id, ChangeStatus.Kept, keptWhy, sim, change, production, before, kept);

        async Task<ChangeOutcome> NotStartedAsync(string reason)
        {
            await LogAsync(rec, DecisionStep.NotStarted, reason, [], cancellationToken);
            return new ChangeOutcome(rec.Id, ChangeStatus.NotStarted, reason, sim, change, null, null, null);
        }
    }

    /// <summary>True when <paramref name="query"/> names <paramref name="table"/> (quoted, or as a whole word in any case) or is rewritten by the change.</summary>
    internal static bool AffectedBy(WorkloadQuery query, QualifiedTable table) =>
        query.SqlAfterChange is not null ||
        query.Sql.Contains(Data.SqlIdentifier.Quote(table.Name), StringComparison.Ordinal) ||
        System.Text.RegularExpressions.Regex.IsMatch(query.Sql, @"(?<![\w$])""?" + System.Text.RegularExpressions.Regex.Escape(table.Name) + @"""?(?![\w$])",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private List<QualifiedTable> ShadowTables(SchemaRecommendation rec)
    {
        var tables = new List<QualifiedTable> { rec.Table };
        if (rec.Option("refresh_after") is { } upstream)
            tables.AddRange(upstream.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(QualifiedTable.Parse));
        tables.AddRange(_options.ExtraShadowTables);
        return tables.Distinct().ToList();
    }

    /// <summary>Why the recommendation no longer fits the store (table or columns gone, type changed, object already there), or null.</summary>
    private async Task<string?> TargetProblemAsync(SchemaRecommendation rec, TableCatalog catalog, CancellationToken ct)
    {
        if (!catalog.Exists) return $"the target table {rec.Table} does not exist (any more).";
        var missing = rec.Columns.Where(c => catalog.Column(c) is null).ToList();
        if (missing.Count > 0) return $"column(s) {string.Join(", ", missing.Select(m => "'" + m + "'"))} not found in {rec.Table} (columns now: {string.Join(", ", catalog.Columns.Select(c => c.Name))}).";
        if (rec.Kind is RecommendationKind.NarrowType or RecommendationKind.WidenType && rec.Option("from_type") is { } from && rec.Columns.Count == 1)
        {
            var actual = catalog.Column(rec.Columns[0])!.Type;
            if (!SqlTypeNames.Same(from, actual))
                return $"column '{rec.Columns[0]}' of {rec.Table} is now {actual}, not {from} as the recommendation assumed (the table changed since).";
        }
        SchemaChangeDdl ddl;
        try { ddl = SchemaChangeDdl.Generate(WithCatalogType(rec, catalog), _production.Dialect); }
        catch (KitDataException) { return null; } // reported when the DDL is generated
        if (ddl.RewritesTable && await _production.DependentViewsAsync(rec.Table, ct) is { Count: > 0 } views)
            return $"{rec.Table} is rewritten by copy-and-swap, which would leave the view(s) {string.Join(", ", views)} reading the old copy: drop or re-create them first.";
        if (ddl.CreatedObject is { } o && await _production.ObjectExistsAsync(o, ct)) return $"{o} already exists in the store (already applied?).";
        return null;
    }

    /// <summary>A type change rolls back to the type the catalog reports now (exact), whatever the recommendation's spelling.</summary>
    private static SchemaRecommendation WithCatalogType(SchemaRecommendation rec, TableCatalog catalog)
    {
        if (rec.Kind is not (RecommendationKind.NarrowType or RecommendationKind.WidenType) || rec.Columns.Count != 1 || catalog.Column(rec.Columns[0]) is not { } col) return rec;
        var options = new Dictionary<string, string>(rec.Options) { ["from_type"] = col.Type };
        return rec with { Options = options };
    }

    private static async Task VerifyAsync(IPendingChange pending, SchemaChangeDdl ddl, TableCatalog before, CancellationToken ct)
    {
        if (ddl.CreatedObject is { } created && !await pending.ObjectExistsAsync(created, ct))
            throw new InvalidOperationException($"verification failed: {created} does not exist after the DDL ran");
        var now = await pending.DescribeAsync(ddl.Table, ct);
        if (!now.Exists) throw new InvalidOperationException($"verification failed: {ddl.Table} is gone after the DDL ran");
        if (ddl.RewritesTable)
        {
            var backup = await pending.DescribeAsync(ddl.BackupTable!, ct);
            if (now.RowCount != backup.RowCount)
                throw new InvalidOperationException($"verification failed: the rewritten {ddl.Table} has {now.RowCount} rows, the original {backup.RowCount}");
        }
        else if (now.RowCount != before.RowCount)
            throw new InvalidOperationException($"verification failed: {ddl.Table} has {now.RowCount} rows, {before.RowCount} before the change");
        if (ddl.Kind is RecommendationKind.NarrowType or RecommendationKind.WidenType)
        {
            if (!before.Columns.Any(c => now.Column(c.Name) is { } n && n.Type != c.Type)) throw new InvalidOperationException($"verification failed: no column type of {ddl.Table} changed");
        }
    }

    private async Task<TableCatalog> DescribeAfterFailureAsync(QualifiedTable table, TableCatalog fallback)
    {
        try { return await _production.DescribeAsync(table, CancellationToken.None); }
        catch (DbException) { return fallback with { Exists = false }; }
    }

    private async Task<bool> ExistsAfterFailureAsync(QualifiedTable name)
    {
        try { return await _production.ObjectExistsAsync(name, CancellationToken.None); }
        catch (DbException) { return true; }
    }

    private Task HookAsync(ApplyStage stage, CancellationToken ct) => _options.StageHook is { } h ? h(stage, ct) : Task.CompletedTask;

    private Task LogAsync(SchemaRecommendation rec, DecisionStep step, string detail, Dictionary<string, double> figures, CancellationToken ct) =>
        _log.AppendAsync(new DecisionLogEntry(_time.GetUtcNow(), rec.Id, rec.Kind.ToString(), rec.Table.ToString(), step, detail, figures), ct);

    /// <summary>The window closed between the start of a change and its commit.</summary>
    private sealed class WindowClosedException(string message) : Exception(message);
}
