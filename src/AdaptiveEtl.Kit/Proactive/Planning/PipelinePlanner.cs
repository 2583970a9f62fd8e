using System.Globalization;
using AdaptiveEtl.Kit.Proactive.Pipelines;

namespace AdaptiveEtl.Kit.Proactive.Planning;

/// <summary>
/// Turns a <see cref="PipelineDefinition"/>, the data volumes (<see cref="PlanningContext"/>) and the recorded step costs
/// into an <see cref="ExecutionPlan"/>:
/// <list type="bullet">
/// <item>volumes: each source = staged rows + its share of the predicted remaining rows; each output = its inputs' rows ×
/// the step's recorded selectivity;</item>
/// <item>cost: recorded seconds per input row (or <see cref="PlannerOptions.DefaultSecondsPerRow"/>) × input rows;</item>
/// <item>priority: a topological order that always picks, among the steps whose producers are placed, the one with the
/// longest remaining path to a final output (critical path first), then the most expensive, then the name;</item>
/// <item>parallelism: the widest level of the DAG, bounded by <see cref="PlannerOptions.MaxParallelism"/>;</item>
/// <item>phase, before the trigger: a row-wise step runs ahead when its driving input is staged (or runs ahead) and its
/// lookup inputs are complete; a holistic step when all its inputs are complete. At trigger time a step is skipped when
/// its current input fingerprint equals the one its existing output was published with, its output exists and its producers are skipped.</item>
/// </list>
/// </summary>
public sealed class PipelinePlanner
{
    /// <summary>Creates a planner.</summary>
    public PipelinePlanner(PlannerOptions? options = null)
    {
        Options = options ?? new PlannerOptions();
        if (Options.MaxParallelism < 1) throw new ArgumentException($"MaxParallelism must be >= 1, got {Options.MaxParallelism}.", nameof(options));
        if (Options.MinBatchRows < 1 || Options.MaxBatchRows < Options.MinBatchRows)
            throw new ArgumentException($"expected 1 <= MinBatchRows ({Options.MinBatchRows}) <= MaxBatchRows ({Options.MaxBatchRows}).", nameof(options));
        if (!(Options.DefaultSecondsPerRow > 0) || !(Options.TargetBatchSeconds > 0))
            throw new ArgumentException("DefaultSecondsPerRow and TargetBatchSeconds must be > 0.", nameof(options));
    }

    /// <summary>The bounds and defaults.</summary>
    public PlannerOptions Options { get; }

    /// <summary>Plans one run.</summary>
    /// <param name="definition">The pipeline (validated here).</param>
    /// <param name="context">Volumes and, at trigger time, fingerprints.</param>
    /// <param name="costs">Recorded costs per step (<see cref="IStepCostStore.GetCosts"/>); missing steps get the default cost.</param>
    public ExecutionPlan Plan(PipelineDefinition definition, PlanningContext context, IReadOnlyDictionary<string, StepCost>? costs = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(context);
        costs ??= new Dictionary<string, StepCost>();
        var topo = definition.TopologicalOrder();
        if (context.PredictedRemainingRows < 0 || !double.IsFinite(context.PredictedRemainingRows))
            throw new ArgumentException($"predicted remaining rows must be a finite number >= 0, got {context.PredictedRemainingRows}.", nameof(context));

        // Volumes of the sources: staged rows plus a share of the rows still expected.
        var rows = new Dictionary<string, double>(StringComparer.Ordinal);
        long Staged(string s) => context.StagedRows.TryGetValue(s, out var n) ? n : 0;
        var open = definition.Sources.Where(s => !context.CompleteSources.Contains(s)).ToList();
        double openStaged = open.Sum(s => (double)Staged(s));
        foreach (var s in definition.Sources)
        {
            double share = !open.Contains(s) ? 0 : openStaged > 0 ? Staged(s) / openStaged : 1.0 / open.Count;
            rows[s] = Staged(s) + share * context.PredictedRemainingRows;
        }

        var est = new Dictionary<string, (double In, double Out, double Spr, bool Known, double Seconds, int Level)>(StringComparer.Ordinal);
        foreach (var step in topo)
        {
            double inRows = step.Inputs.Sum(i => rows[i]);
            bool known = costs.TryGetValue(step.Name, out var c) && c.Runs > 0 && double.IsFinite(c.SecondsPerRow) && c.SecondsPerRow >= 0;
            double spr = known ? c!.SecondsPerRow : Options.DefaultSecondsPerRow;
            double selectivity = known && double.IsFinite(c!.Selectivity) && c.Selectivity >= 0 ? c.Selectivity : 1.0;
            int level = definition.Producers(step).Select(p => est[p.Name].Level + 1).DefaultIfEmpty(0).Max();
            rows[step.Output] = inRows * selectivity;
            est[step.Name] = (inRows, rows[step.Output], spr, known, spr * inRows, level);
        }

        // Critical-path length (upward rank): own cost + the longest path through any consumer.
        var rank = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var step in topo.Reverse())
            rank[step.Name] = est[step.Name].Seconds + definition.Consumers(step).Select(c => rank[c.Name]).DefaultIfEmpty(0).Max();
        var critical = new HashSet<string>(StringComparer.Ordinal);
        var head = topo.OrderByDescending(s => rank[s.Name]).ThenBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault();
        while (head is not null)
        {
            critical.Add(head.Name);
            head = definition.Consumers(head).OrderByDescending(s => rank[s.Name]).ThenBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault();
        }

        var phases = Phases(definition, topo, context, costs);

        // Priority order: list scheduling over the DAG, critical path first, then the most expensive, then the name.
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<PipelineStep>();
        while (order.Count < topo.Count)
        {
            var next = topo.Where(s => !placed.Contains(s.Name) && definition.Producers(s).All(p => placed.Contains(p.Name)))
                .OrderByDescending(s => rank[s.Name]).ThenByDescending(s => est[s.Name].Seconds).ThenBy(s => s.Name, StringComparer.Ordinal).First();
            placed.Add(next.Name);
            order.Add(next);
        }

        int width = topo.GroupBy(s => est[s.Name].Level).Max(g => g.Count());
        int parallelism = Math.Clamp(Math.Min(Options.MaxParallelism, width), 1, Math.Max(1, Options.MaxParallelism));
        var planned = order.Select((s, i) =>
        {
            var e = est[s.Name];
            double batch = Math.Clamp(Options.TargetBatchSeconds / Math.Max(e.Spr, 1e-12), Options.MinBatchRows, Options.MaxBatchRows);
            return new PlannedStep
            {
                Name = s.Name, Kind = s.Kind, Mode = s.Mode, Inputs = s.Inputs, Output = s.Output, Order = i, Level = e.Level,
                Phase = phases[s.Name].Phase, Reason = phases[s.Name].Reason, EstimatedInputRows = e.In, EstimatedOutputRows = e.Out,
                SecondsPerRow = e.Spr, CostRecorded = e.Known, EstimatedSeconds = e.Seconds, CriticalPathSeconds = rank[s.Name],
                OnCriticalPath = critical.Contains(s.Name), BatchRows = (int)Math.Floor(batch),
                InputFingerprint = context.InputFingerprints is { } f && f.TryGetValue(s.Name, out var fp) ? fp : null,
            };
        }).ToList();
        return new ExecutionPlan(definition, planned, parallelism, context, DateTimeOffset.UtcNow);
    }

    private static Dictionary<string, (StepPhase Phase, string Reason)> Phases(PipelineDefinition definition, IReadOnlyList<PipelineStep> topo,
        PlanningContext context, IReadOnlyDictionary<string, StepCost> costs)
    {
        var result = new Dictionary<string, (StepPhase, string)>(StringComparer.Ordinal);
        if (context.RanAhead is { } ranAhead)
        {
            // Trigger time: skip what is unchanged since the last successful run, everything else finishes now.
            var skipped = new HashSet<string>(StringComparer.Ordinal);
            foreach (var s in topo)
            {
                string? current = context.InputFingerprints is { } f && f.TryGetValue(s.Name, out var fp) ? fp : null;
                string? last = context.PublishedFingerprints is { } published
                    ? published.GetValueOrDefault(s.Name)
                    : costs.TryGetValue(s.Name, out var c) ? c.LastInputFingerprint : null;
                bool outputExists = context.ExistingOutputs?.Contains(s.Output) ?? false;
                bool producersSkipped = definition.Producers(s).All(p => skipped.Contains(p.Name));
                if (current is not null && current == last && outputExists && producersSkipped)
                {
                    skipped.Add(s.Name);
                    result[s.Name] = (StepPhase.Skipped, "inputs and definition unchanged since the last run");
                }
                else if (ranAhead.Contains(s.Name))
                    result[s.Name] = (StepPhase.RunAhead, s.Mode == StepMode.RowWise ? "ran ahead on staged rows; the delta runs now" : "ran ahead; reused if its inputs did not change, else re-run");
                else
                    result[s.Name] = (StepPhase.AtTrigger, current is null ? "runs at trigger time" : last is null ? "no earlier run recorded" : current != last ? "inputs changed" : !outputExists ? "output missing" : "a producer runs");
            }
            return result;
        }

        // Before the trigger: which tables are complete, which are available on staged data, which steps may run ahead.
        var complete = new HashSet<string>(definition.Sources.Where(context.CompleteSources.Contains), StringComparer.Ordinal);
        var available = new HashSet<string>(definition.Sources.Where(s => complete.Contains(s) || (context.StagedRows.TryGetValue(s, out var n) && n > 0)), StringComparer.Ordinal);
        foreach (var s in topo)
        {
            bool allComplete = s.Inputs.All(complete.Contains);
            bool ahead;
            string reason;
            if (s.Mode == StepMode.RowWise)
            {
                var lookupsIncomplete = s.Inputs.Skip(1).Where(i => !complete.Contains(i)).ToList();
                ahead = available.Contains(s.Inputs[0]) && lookupsIncomplete.Count == 0;
                reason = ahead ? $"row-wise over staged {s.Inputs[0]}"
                    : !available.Contains(s.Inputs[0]) ? $"nothing staged for {s.Inputs[0]}" : $"lookup input(s) not complete: {string.Join(", ", lookupsIncomplete)}";
            }
            else
            {
                ahead = allComplete;
                reason = ahead ? "holistic over complete inputs" : $"holistic; waits for complete {string.Join(", ", s.Inputs.Where(i => !complete.Contains(i)))}";
            }
            if (ahead) available.Add(s.Output);
            if (allComplete) complete.Add(s.Output);
            result[s.Name] = (ahead ? StepPhase.RunAhead : StepPhase.AtTrigger, reason);
        }
        return result;
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"PipelinePlanner(max parallelism {Options.MaxParallelism})");
}
