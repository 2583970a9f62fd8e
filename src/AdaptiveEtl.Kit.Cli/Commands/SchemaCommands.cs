using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AdaptiveEtl.Kit.SchemaEvolution;
using AdaptiveEtl.Kit.SchemaEvolution.Controller;
using AdaptiveEtl.Kit.SchemaEvolution.Degradation;
using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;
using AdaptiveEtl.Kit.SchemaEvolution.Usage;

namespace AdaptiveEtl.Kit.Cli.Commands;

/// <summary>
/// <c>kit schema recommend|apply|log</c>: the steps of notebook 06 from the command line — recommendations filtered by
/// predicted degradation, the controller (dry run or apply in the maintenance window) and the decision log.
/// </summary>
/// <remarks>Exit codes (<see cref="KitExitCode"/>): 0 ok, 1 usage, 2 bad input, 3 a change failed or was rolled back.</remarks>
public static class SchemaCommands
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Creates the <c>schema</c> command.</summary>
    public static Command Create()
    {
        var schema = new Command("schema", "Schema evolution: recommend changes, simulate and apply them in a maintenance window, show the decision log");
        schema.Subcommands.Add(Recommend());
        schema.Subcommands.Add(Apply());
        schema.Subcommands.Add(Log());
        return schema;
    }

    private sealed record Inputs(Option<string> Work, Option<string> Samples, Option<string?> QueryLog, Option<double> MinRisk, Option<bool> All, Option<double> Threshold);

    private static Inputs AddInputs(Command command)
    {
        var inputs = new Inputs(
            new Option<string>("--work") { Description = "Work folder (decision log, recommendations.json, sample warehouse)", DefaultValueFactory = _ => "work" },
            new Option<string>("--samples") { Description = "Folder with access_log.jsonl, star_catalog.json, profile_history.json (and the default workload log)", DefaultValueFactory = _ => "data-samples" },
            new Option<string?>("--log") { Description = "Workload (query) log CSV; default <samples>/workload_log.csv" },
            new Option<double>("--min-risk") { Description = "Predicted degradation probability a family needs before its tables get recommendations", DefaultValueFactory = _ => 0.5 },
            new Option<bool>("--all") { Description = "Keep every recommendation, not only those for tables of families at risk" },
            new Option<double>("--threshold") { Description = "A family is degraded when its latency exceeds this multiple of its first-week baseline (the sample's tables grow 2.5× over the log, so 4 by default)", DefaultValueFactory = _ => 4.0 });
        command.Options.Add(inputs.Work);
        command.Options.Add(inputs.Samples);
        command.Options.Add(inputs.QueryLog);
        command.Options.Add(inputs.MinRisk);
        command.Options.Add(inputs.All);
        command.Options.Add(inputs.Threshold);
        return inputs;
    }

    private sealed record Analysis(WorkloadModel Workload, SchemaAdvice Advice, IReadOnlyList<FamilyDegradationRisk> Risks, IReadOnlyList<SchemaRecommendation> Selected);

    private static Analysis Analyse(EtlKit kit, ParseResult parse, Inputs inputs)
    {
        var samples = parse.GetValue(inputs.Samples)!;
        string Required(string name)
        {
            var path = Path.Combine(samples, name);
            return File.Exists(path) ? path : throw new KitDataException($"expected input file '{name}' is missing.", samples);
        }
        var log = parse.GetValue(inputs.QueryLog) ?? Required("workload_log.csv");
        if (!File.Exists(log)) throw new KitDataException("workload log not found.", log);
        var profiles = Required("profile_history.json");
        var workload = kit.Schema.Workload(log, Required("access_log.jsonl"), Required("star_catalog.json"), profiles);
        var history = kit.Schema.Profiles(profiles);
        var advice = kit.Schema.Recommend(workload, history);
        var series = kit.Schema.PerformanceSeries(workload, history);
        var threshold = parse.GetValue(inputs.Threshold);
        if (!(threshold > 1)) throw new KitDataException($"--threshold {threshold.ToString(CultureInfo.InvariantCulture)} must be a latency multiple above 1.", "kit schema");
        var risks = series.Count == 0 ? [] : kit.Schema.DegradationRisks(series, options: new DegradationOptions { Threshold = threshold });
        var selected = parse.GetValue(inputs.All) ? advice.Recommendations : kit.Schema.AtRisk(advice, risks, parse.GetValue(inputs.MinRisk));
        return new Analysis(workload, advice, risks, selected);
    }

    private static Command Recommend()
    {
        var command = new Command("recommend", "Recommend schema changes for tables whose query families are predicted to degrade");
        var inputs = AddInputs(command);
        var json = new Option<bool>("--json") { Description = "Print the recommendations as JSON" };
        command.Options.Add(json);
        command.SetAction(parse => Guarded("recommend", () =>
        {
            using var kit = EtlKit.Open(parse.GetValue(inputs.Work)!);
            var a = Analyse(kit, parse, inputs);
            var advice = new SchemaAdvice(a.Selected);
            var path = Path.Combine(kit.WorkDirectory!, "recommendations.json");
            File.WriteAllText(path + ".tmp", advice.ToJson());
            File.Move(path + ".tmp", path, overwrite: true);
            if (parse.GetValue(json))
            {
                Console.Write(advice.ToJson());
                return KitExitCode.Ok;
            }
            var c = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(c, $"{a.Workload.Families.Count} query families; {a.Risks.Count(r => r.Probability >= parse.GetValue(inputs.MinRisk))} of {a.Risks.Count} at risk; {a.Selected.Count} of {a.Advice.Recommendations.Count} recommendations kept ({path})"));
            foreach (var r in a.Selected)
                Console.WriteLine(string.Create(c, $"  {r.Id}  {r.Kind,-16} {r.Table} ({string.Join(", ", r.Columns)})  gain {r.ExpectedGain:P1}  storage {r.EstimatedStorageBytes:N0} B  risk {r.Risk}: {r.Rationale}"));
            return KitExitCode.Ok;
        }));
        return command;
    }

    private static Command Apply()
    {
        var command = new Command("apply", "Simulate the recommendations on a shadow and apply those that pass, inside the maintenance window");
        var inputs = AddInputs(command);
        var window = new Option<string>("--window") { Description = "Maintenance window, HH:mm-HH:mm UTC (e.g. 02:00-04:00)", Required = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Simulate and log only; change nothing" };
        var store = new Option<string?>("--store") { Description = "DuckDB file or PostgreSQL connection string to change; default <work>/warehouse.duckdb" };
        var createSample = new Option<bool>("--create-sample") { Description = "Create the sample star-schema warehouse at <work>/warehouse.duckdb first" };
        var max = new Option<int>("--max") { Description = "At most this many recommendations", DefaultValueFactory = _ => 5 };
        command.Options.Add(window);
        command.Options.Add(dryRun);
        command.Options.Add(store);
        command.Options.Add(createSample);
        command.Options.Add(max);
        command.SetAction((parse, cancellationToken) => GuardedAsync("apply", async () =>
        {
            using var kit = EtlKit.Open(parse.GetValue(inputs.Work)!);
            var windowText = parse.GetValue(window)!;
            try { MaintenanceWindow.Parse(windowText); }
            catch (Exception e) when (e is FormatException or ArgumentException or KitDataException)
            {
                Console.Error.WriteLine($"kit schema apply: --window '{windowText}' is not HH:mm-HH:mm: {e.Message}");
                return KitExitCode.Usage;
            }
            var target = parse.GetValue(store) ?? Path.Combine(kit.WorkDirectory!, "warehouse.duckdb");
            if (parse.GetValue(createSample)) await kit.Schema.CreateSampleWarehouseAsync(target, cancellationToken: cancellationToken);
            var a = Analyse(kit, parse, inputs);
            var candidates = a.Selected.Take(Math.Max(0, parse.GetValue(max))).ToList();
            await using var production = await kit.Schema.OpenStoreAsync(target, cancellationToken);
            var plan = await kit.Schema.ReplayPlanAsync(a.Workload, production, cancellationToken: cancellationToken);
            var (replay, shadowTables) = (plan.Queries, plan.Tables);
            foreach (var s in plan.Skipped) Console.Error.WriteLine($"not replayed: {s}");
            await using var log = kit.Schema.DecisionLog();
            var c = CultureInfo.InvariantCulture;
            bool breached = false;
            if (parse.GetValue(dryRun))
            {
                foreach (var s in await kit.Schema.DryRunAsync(production, log, candidates, replay, windowText, shadowTables, cancellationToken))
                    Console.WriteLine(string.Create(c, $"{s.Recommendation.Id} {s.Recommendation.Kind} {s.Recommendation.Table}: {(s.Passed ? "would pass" : "rejected")}; predicted {s.Recommendation.ExpectedGain:P1}, measured {s.MeasuredGain?.ToString("P1", c) ?? "–"} — {s.Reason}"));
            }
            else
            {
                var controller = kit.Schema.Controller(production, log, windowText, shadowTables);
                foreach (var r in candidates)
                {
                    var o = await controller.RunAsync(r, replay, cancellationToken);
                    breached |= o.Status is ChangeStatus.Failed or ChangeStatus.RolledBack;
                    Console.WriteLine(string.Create(c, $"{r.Id} {r.Kind} {r.Table}: {o.Status} — {o.Reason}"));
                }
            }
            Console.WriteLine($"decision log: {log.Path}");
            return breached ? KitExitCode.ThresholdBreached : KitExitCode.Ok;
        }));
        return command;
    }

    private static Command Log()
    {
        var command = new Command("log", "Show the decision log of the work folder");
        var work = new Option<string>("--work") { Description = "Work folder", DefaultValueFactory = _ => "work" };
        var json = new Option<bool>("--json") { Description = "Print the entries as JSON" };
        command.Options.Add(work);
        command.Options.Add(json);
        command.SetAction((parse, cancellationToken) => GuardedAsync("log", async () =>
        {
            using var kit = EtlKit.Open(parse.GetValue(work)!);
            await using var log = kit.Schema.DecisionLog();
            var entries = await log.QueryAsync(cancellationToken: cancellationToken);
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(entries, Json));
            else
                foreach (var e in entries)
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{e.At.UtcDateTime:yyyy-MM-dd HH:mm:ss}  {e.Step,-10} {e.RecommendationId}  {e.Kind} {e.Table}: {e.Detail}"));
            if (entries.Count == 0) Console.Error.WriteLine($"no decisions logged yet in {log.Path}");
            return KitExitCode.Ok;
        }));
        return command;
    }

    private static int Guarded(string name, Func<int> action)
    {
        try { return action(); }
        catch (KitDataException e)
        {
            Console.Error.WriteLine($"kit schema {name}: {e.Message}");
            return KitExitCode.BadInput;
        }
    }

    private static async Task<int> GuardedAsync(string name, Func<Task<int>> action)
    {
        try { return await action(); }
        catch (KitDataException e)
        {
            Console.Error.WriteLine($"kit schema {name}: {e.Message}");
            return KitExitCode.BadInput;
        }
    }
}
