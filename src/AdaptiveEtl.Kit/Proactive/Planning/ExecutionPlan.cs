using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Proactive.Pipelines;
using AdaptiveEtl.Kit.Reporting;

namespace AdaptiveEtl.Kit.Proactive.Planning;

/// <summary>
/// The planner's decision for one pipeline run, as an inspectable record: steps in priority order with their phase
/// (run ahead / at trigger / skipped), estimates, batch size and critical-path flag, plus the parallelism bound.
/// <see cref="ToString"/> is a text table, <see cref="ToJson"/> a JSON document for scripts and <see cref="ToHtml"/> a
/// table with a layered DAG drawing for notebooks.
/// </summary>
public sealed class ExecutionPlan : IHtmlReportable
{
    internal ExecutionPlan(PipelineDefinition definition, IReadOnlyList<PlannedStep> steps, int maxParallelism, PlanningContext context, DateTimeOffset createdAt)
    {
        Definition = definition;
        Steps = steps;
        MaxParallelism = maxParallelism;
        Context = context;
        CreatedAt = createdAt;
    }

    /// <summary>The pipeline the plan is for.</summary>
    public PipelineDefinition Definition { get; }

    /// <summary>Pipeline name.</summary>
    public string Pipeline => Definition.Name;

    /// <summary>Steps in priority order: among the steps whose inputs are ready, the executor starts the earliest first.</summary>
    public IReadOnlyList<PlannedStep> Steps { get; }

    /// <summary>Steps run at the same time, at most.</summary>
    public int MaxParallelism { get; }

    /// <summary>The data the plan was made from.</summary>
    public PlanningContext Context { get; }

    /// <summary>When the plan was made (UTC).</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>Estimated seconds of the critical path (the longest chain of dependent steps).</summary>
    public double CriticalPathSeconds => Steps.Count == 0 ? 0 : Steps.Max(s => s.CriticalPathSeconds);

    /// <summary>The edges of the DAG: (producer step, consumer step, table).</summary>
    public IReadOnlyList<(string From, string To, string Table)> Edges =>
        Definition.Steps.SelectMany(c => c.Inputs.Select(i => (P: Definition.Producer(i), C: c, T: i)))
            .Where(e => e.P is not null).Select(e => (e.P!.Name, e.C.Name, e.T)).ToList();

    /// <summary>The planned step named <paramref name="name"/>.</summary>
    public PlannedStep Step(string name) => Steps.FirstOrDefault(s => s.Name == name)
        ?? throw new ArgumentException($"the plan of '{Pipeline}' has no step '{name}'.", nameof(name));

    /// <summary>Steps of one phase, in priority order.</summary>
    public IReadOnlyList<PlannedStep> InPhase(StepPhase phase) => Steps.Where(s => s.Phase == phase).ToList();

    /// <summary>The plan as JSON.</summary>
    public JsonObject ToJson() => new()
    {
        ["pipeline"] = Pipeline,
        ["created_at"] = CreatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
        ["max_parallelism"] = MaxParallelism,
        ["staged_rows"] = new JsonObject(Context.StagedRows.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
        ["predicted_remaining_rows"] = Context.PredictedRemainingRows,
        ["critical_path_seconds"] = CriticalPathSeconds,
        ["steps"] = new JsonArray(Steps.Select(s => (JsonNode?)new JsonObject
        {
            ["order"] = s.Order,
            ["name"] = s.Name,
            ["kind"] = s.Kind == StepKind.Sql ? "sql" : "csharp",
            ["mode"] = s.Mode == StepMode.RowWise ? "row_wise" : "holistic",
            ["inputs"] = new JsonArray(s.Inputs.Select(i => (JsonNode?)i).ToArray()),
            ["output"] = s.Output,
            ["level"] = s.Level,
            ["phase"] = PhaseText(s.Phase),
            ["reason"] = s.Reason,
            ["estimated_input_rows"] = s.EstimatedInputRows,
            ["estimated_output_rows"] = s.EstimatedOutputRows,
            ["seconds_per_row"] = s.SecondsPerRow,
            ["cost_recorded"] = s.CostRecorded,
            ["estimated_seconds"] = s.EstimatedSeconds,
            ["critical_path_seconds"] = s.CriticalPathSeconds,
            ["on_critical_path"] = s.OnCriticalPath,
            ["batch_rows"] = s.BatchRows,
            ["input_fingerprint"] = s.InputFingerprint,
        }).ToArray()),
        ["edges"] = new JsonArray(Edges.Select(e => (JsonNode?)new JsonObject { ["from"] = e.From, ["to"] = e.To, ["table"] = e.Table }).ToArray()),
    };

    /// <summary>The JSON name of a phase: <c>run_ahead</c>, <c>at_trigger</c>, <c>skipped</c>.</summary>
    public static string PhaseText(StepPhase phase) => phase switch
    {
        StepPhase.RunAhead => "run_ahead",
        StepPhase.AtTrigger => "at_trigger",
        _ => "skipped",
    };

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Plan of {Pipeline}: {Steps.Count} step(s), parallelism {MaxParallelism}, staged {Context.StagedRows.Values.Sum():N0} rows, ~{Context.PredictedRemainingRows:N0} still expected, critical path {CriticalPathSeconds:G4} s\n");
        string[] head = ["#", "step", "mode", "phase", "rows in", "est s", "path s", "crit", "batch", "reason"];
        var rows = Steps.Select(s => new[]
        {
            s.Order.ToString(CultureInfo.InvariantCulture), s.Name, s.Mode == StepMode.RowWise ? "row-wise" : "holistic", PhaseText(s.Phase),
            s.EstimatedInputRows.ToString("N0", CultureInfo.InvariantCulture), s.EstimatedSeconds.ToString("G4", CultureInfo.InvariantCulture),
            s.CriticalPathSeconds.ToString("G4", CultureInfo.InvariantCulture), s.OnCriticalPath ? "*" : "", s.BatchRows.ToString(CultureInfo.InvariantCulture), s.Reason,
        }).ToList();
        var widths = head.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        void Line(string[] cells) => sb.AppendLine(string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd());
        Line(head);
        foreach (var r in rows) Line(r);
        return sb.ToString().TrimEnd();
    }

    /// <inheritdoc />
    public string ToHtml()
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        static string Color(StepPhase p) => p switch { StepPhase.RunAhead => "#d4edda", StepPhase.AtTrigger => "#fff3cd", _ => "#e2e3e5" };
        var sb = new StringBuilder();
        sb.Append("<div style=\"font-family:sans-serif;font-size:12px\">");
        sb.Append(CultureInfo.InvariantCulture, $"<div style=\"font-weight:bold;font-size:14px\">Execution plan of {E(Pipeline)}</div>");
        sb.Append(CultureInfo.InvariantCulture, $"<div>parallelism {MaxParallelism}; staged {Context.StagedRows.Values.Sum():N0} rows; ~{Context.PredictedRemainingRows:N0} rows still expected; critical path {CriticalPathSeconds:G4} s</div>");

        // Layered drawing: one column per DAG level, steps stacked in priority order, edges as straight lines.
        const int boxW = 150, boxH = 34, gapX = 60, gapY = 14;
        var byLevel = Steps.GroupBy(s => s.Level).OrderBy(g => g.Key).ToList();
        var pos = new Dictionary<string, (int X, int Y)>();
        foreach (var g in byLevel)
        {
            int row = 0;
            foreach (var s in g.OrderBy(s => s.Order)) pos[s.Name] = (10 + g.Key * (boxW + gapX), 10 + row++ * (boxH + gapY));
        }
        int width = pos.Count == 0 ? 20 : pos.Values.Max(p => p.X) + boxW + 10, height = pos.Count == 0 ? 20 : pos.Values.Max(p => p.Y) + boxH + 10;
        sb.Append(CultureInfo.InvariantCulture, $"<svg width=\"{width}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\" style=\"margin:6px 0\">");
        foreach (var (from, to, _) in Edges)
        {
            var (x1, y1) = pos[from];
            var (x2, y2) = pos[to];
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x1 + boxW}\" y1=\"{y1 + boxH / 2}\" x2=\"{x2}\" y2=\"{y2 + boxH / 2}\" stroke=\"#888\"/>");
        }
        foreach (var s in Steps)
        {
            var (x, y) = pos[s.Name];
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y}\" width=\"{boxW}\" height=\"{boxH}\" rx=\"4\" fill=\"{Color(s.Phase)}\" stroke=\"{(s.OnCriticalPath ? "#c00" : "#666")}\" stroke-width=\"{(s.OnCriticalPath ? 2 : 1)}\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 6}\" y=\"{y + 14}\" font-size=\"11\">{s.Order}. {E(s.Name)}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 6}\" y=\"{y + 28}\" font-size=\"10\" fill=\"#444\">{PhaseText(s.Phase)}, {s.EstimatedSeconds:G3} s</text>");
        }
        sb.Append("</svg>");
        sb.Append("<table style=\"border-collapse:collapse\"><tr>");
        foreach (var h in new[] { "#", "step", "mode", "inputs → output", "phase", "rows in", "est. s", "path s", "batch", "reason" })
            sb.Append(CultureInfo.InvariantCulture, $"<th style=\"text-align:left;padding:2px 6px;border-bottom:1px solid #ccc\">{E(h)}</th>");
        sb.Append("</tr>");
        foreach (var s in Steps)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr style=\"background:{Color(s.Phase)}\">");
            foreach (var c in new[]
            {
                s.Order.ToString(CultureInfo.InvariantCulture), s.Name + (s.OnCriticalPath ? " ★" : ""), s.Mode == StepMode.RowWise ? "row-wise" : "holistic",
                string.Join(", ", s.Inputs) + " → " + s.Output, PhaseText(s.Phase), s.EstimatedInputRows.ToString("N0", CultureInfo.InvariantCulture),
                s.EstimatedSeconds.ToString("G4", CultureInfo.InvariantCulture), s.CriticalPathSeconds.ToString("G4", CultureInfo.InvariantCulture),
                s.BatchRows.ToString(CultureInfo.InvariantCulture), s.Reason,
            })
                sb.Append(CultureInfo.InvariantCulture, $"<td style=\"padding:2px 6px\">{E(c)}</td>");
            sb.Append("</tr>");
        }
        sb.Append("</table><div style=\"color:#666\">★ critical path</div></div>");
        return sb.ToString();
    }
}
