using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Proactive.Pipelines;
using AdaptiveEtl.Kit.Proactive.Planning;

namespace AdaptiveEtl.Kit.Tests.Proactive.Planning;

public sealed class PipelinePlannerTests
{
    /// <summary>
    /// a → {b, c} → d, and e alone; all read source s (1 000 rows staged, nothing more expected) or a's output.
    /// Hand-built cost table (seconds per input row, selectivity 1 for all):
    ///   a 0.001 × 1000 = 1 s;  b 0.002 × 1000 = 2 s;  c 0.005 × 1000 = 5 s;  d 0.001 × (1000 + 1000) = 2 s;  e 0.004 × 1000 = 4 s.
    /// Critical-path lengths (own cost + longest consumer path): d = 2; b = 2 + 2 = 4; c = 5 + 2 = 7; a = 1 + max(4, 7) = 8; e = 4.
    /// Priority (among ready steps: longest path, then own cost, then name):
    ///   ready {a 8, e 4} → a;  ready {c 7, b 4 (2 s), e 4 (4 s)} → c, then e (4 s beats b's 2 s at equal path 4), then b;  then d.
    ///   Order: a, c, e, b, d. Critical path a → c → d = 8 s. Widest level {b, c} or {a, e} = 2 steps → parallelism 2.
    /// Batch rows = clamp(0.25 s / cost per row, 10, 1 000 000): a 250, b 125, c 50, d 250, e 62 (62.5 floored).
    /// </summary>
    private static PipelineDefinition Diamond() => PipelineDefinition.Create("diamond").Source("s")
        .Sql("a", ["s"], "ta", "SELECT * FROM {s}", StepMode.RowWise)
        .Sql("b", ["ta"], "tb", "SELECT * FROM {ta}", StepMode.RowWise)
        .Sql("c", ["ta"], "tc", "SELECT count(*) FROM {ta}")
        .Sql("d", ["tb", "tc"], "td", "SELECT * FROM {tb}, {tc}")
        .Sql("e", ["s"], "te", "SELECT * FROM {s}", StepMode.RowWise);

    private static readonly Dictionary<string, StepCost> Costs = new()
    {
        ["a"] = new("a", 3, 0.001, 1), ["b"] = new("b", 3, 0.002, 1), ["c"] = new("c", 3, 0.005, 1),
        ["d"] = new("d", 3, 0.001, 1), ["e"] = new("e", 3, 0.004, 1),
    };

    [Fact]
    public void Steps_are_ordered_critical_path_first_then_most_expensive()
    {
        var planner = new PipelinePlanner(new PlannerOptions { MaxParallelism = 8, MinBatchRows = 10 });
        var plan = planner.Plan(Diamond(), new PlanningContext { StagedRows = new Dictionary<string, long> { ["s"] = 1000 } }, Costs);

        Assert.Equal(["a", "c", "e", "b", "d"], plan.Steps.Select(s => s.Name));
        Assert.Equal([8.0, 7.0, 4.0, 4.0, 2.0], plan.Steps.Select(s => Math.Round(s.CriticalPathSeconds, 9)));
        Assert.Equal(["a", "c", "d"], plan.Steps.Where(s => s.OnCriticalPath).Select(s => s.Name).Order());
        Assert.Equal(8.0, plan.CriticalPathSeconds, 9);
        Assert.Equal(2, plan.MaxParallelism);
        Assert.Equal(2000, plan.Step("d").EstimatedInputRows);
        Assert.Equal([250, 50, 62, 125, 250], plan.Steps.Select(s => s.BatchRows));
        Assert.Equal([0, 1, 0, 1, 2], plan.Steps.Select(s => s.Level));
    }

    [Fact]
    public void Parallelism_is_bounded_by_the_configuration()
    {
        var plan = new PipelinePlanner(new PlannerOptions { MaxParallelism = 1 }).Plan(Diamond(), new PlanningContext(), Costs);
        Assert.Equal(1, plan.MaxParallelism);
    }

    [Fact]
    public void Row_wise_steps_on_staged_data_run_ahead_and_holistic_ones_wait_for_complete_inputs()
    {
        var planner = new PipelinePlanner();
        var open = planner.Plan(Diamond(), new PlanningContext { StagedRows = new Dictionary<string, long> { ["s"] = 1000 }, PredictedRemainingRows = 500 }, Costs);
        Assert.Equal(["a", "b", "e"], open.InPhase(StepPhase.RunAhead).Select(s => s.Name).Order());
        Assert.Equal(["c", "d"], open.InPhase(StepPhase.AtTrigger).Select(s => s.Name).Order());
        Assert.Equal(1500, open.Step("a").EstimatedInputRows); // 1 000 staged + 500 still expected

        var complete = planner.Plan(Diamond(), new PlanningContext { StagedRows = new Dictionary<string, long> { ["s"] = 1000 }, CompleteSources = new HashSet<string> { "s" } }, Costs);
        Assert.All(complete.Steps, s => Assert.Equal(StepPhase.RunAhead, s.Phase));

        var nothingStaged = planner.Plan(Diamond(), new PlanningContext { PredictedRemainingRows = 500 }, Costs);
        Assert.Empty(nothingStaged.InPhase(StepPhase.RunAhead));
    }

    [Fact]
    public void Remaining_rows_are_shared_in_proportion_to_the_staged_rows_of_open_sources()
    {
        var p = PipelineDefinition.Create("two").Source("s1", "s2", "ref")
            .Sql("x", ["s1"], "o1", "SELECT * FROM {s1}").Sql("y", ["s2"], "o2", "SELECT * FROM {s2}").Sql("z", ["ref"], "o3", "SELECT * FROM {ref}");
        var plan = new PipelinePlanner().Plan(p, new PlanningContext
        {
            StagedRows = new Dictionary<string, long> { ["s1"] = 300, ["s2"] = 100, ["ref"] = 50 },
            PredictedRemainingRows = 400,
            CompleteSources = new HashSet<string> { "ref" },
        });
        // s1: 300 + 400 × 300/400 = 600; s2: 100 + 400 × 100/400 = 200; ref is complete: 50.
        Assert.Equal(600, plan.Step("x").EstimatedInputRows, 9);
        Assert.Equal(200, plan.Step("y").EstimatedInputRows, 9);
        Assert.Equal(50, plan.Step("z").EstimatedInputRows, 9);
        Assert.Equal(StepPhase.RunAhead, plan.Step("z").Phase);
        Assert.False(plan.Step("x").CostRecorded);
        Assert.Equal(600 * 1e-6, plan.Step("x").EstimatedSeconds, 12);
    }

    [Fact]
    public void Unchanged_steps_are_skipped_only_with_their_producers()
    {
        var costs = Costs.ToDictionary(kv => kv.Key, kv => kv.Value with { LastInputFingerprint = "fp-" + kv.Key });
        var current = new Dictionary<string, string> { ["a"] = "fp-a", ["b"] = "fp-b", ["c"] = "changed", ["d"] = "fp-d", ["e"] = "fp-e" };
        var plan = new PipelinePlanner().Plan(Diamond(), new PlanningContext
        {
            InputFingerprints = current,
            ExistingOutputs = new HashSet<string> { "ta", "tb", "tc", "td" }, // te is missing
            RanAhead = new HashSet<string> { "b" },
            CompleteSources = new HashSet<string> { "s" },
        }, costs);
        Assert.Equal(StepPhase.Skipped, plan.Step("a").Phase);
        Assert.Equal(StepPhase.Skipped, plan.Step("b").Phase);
        Assert.Equal(StepPhase.AtTrigger, plan.Step("c").Phase);
        Assert.Equal(StepPhase.AtTrigger, plan.Step("d").Phase); // its own fingerprint matches, but producer c runs
        Assert.Equal("a producer runs", plan.Step("d").Reason);
        Assert.Equal(StepPhase.AtTrigger, plan.Step("e").Phase);
        Assert.Equal("output missing", plan.Step("e").Reason);
    }

    [Fact]
    public void The_plan_is_inspectable_as_text_json_and_html()
    {
        var plan = new PipelinePlanner(new PlannerOptions { MinBatchRows = 10 }).Plan(Diamond(), new PlanningContext { StagedRows = new Dictionary<string, long> { ["s"] = 1000 } }, Costs);
        var text = plan.ToString();
        Assert.Contains("Plan of diamond: 5 step(s)", text);
        Assert.Equal(7, text.Split('\n').Length); // title, header, 5 steps

        var json = JsonNode.Parse(plan.ToJson().ToJsonString())!;
        Assert.Equal(["a", "c", "e", "b", "d"], json["steps"]!.AsArray().Select(s => (string)s!["name"]!));
        Assert.Equal("run_ahead", (string)json["steps"]![0]!["phase"]!);
        Assert.Equal(4, json["edges"]!.AsArray().Count); // a→b, a→c, b→d, c→d; e reads only the source
        Assert.Equal(8.0, (double)json["critical_path_seconds"]!, 9);

        var html = plan.ToHtml();
        Assert.Contains("<svg", html);
        Assert.Equal(5, html.Split("<rect").Length - 1);
        Assert.Equal(4, html.Split("<line").Length - 1);
    }
}
