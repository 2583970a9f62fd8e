using System.Diagnostics;
using AdaptiveEtl.Kit.Proactive.Planning;
using DuckDB.NET.Data;

namespace AdaptiveEtl.Kit.Proactive.Pipelines;

/// <summary>Checks and bookkeeping shared by <see cref="ReactiveExecutor"/> and <see cref="HybridExecutor"/>.</summary>
internal static class ExecutorSupport
{
    public static string NewRunId() => DateTimeOffset.UtcNow.ToString("yyyyMMddTHHmmssfff", System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];

    public static string Where(PipelineDefinition d, PipelineStep s) => $"pipeline '{d.Name}', step '{s.Name}'";

    /// <summary>Every declared source is bound to an existing table.</summary>
    public static void CheckSources(DuckDBConnection c, PipelineDefinition d, IReadOnlyDictionary<string, TableName> sources, string what, bool required = true)
    {
        foreach (var s in d.Sources)
        {
            if (!sources.TryGetValue(s, out var t))
            {
                if (!required) continue;
                throw new KitDataException($"source '{s}' has no {what} table; bound: {(sources.Count == 0 ? "none" : string.Join(", ", sources.Keys))}.", $"pipeline '{d.Name}'");
            }
            if (!StepSql.Exists(c, t) && !ViewExists(c, t))
                throw new KitDataException($"the {what} table {t} of source '{s}' does not exist.", $"pipeline '{d.Name}'");
        }
        foreach (var k in sources.Keys)
            if (!d.Sources.Contains(k, StringComparer.Ordinal))
                throw new KitDataException($"'{k}' is bound as a {what} table but is not a declared source ({string.Join(", ", d.Sources)}).", $"pipeline '{d.Name}'");
    }

    private static bool ViewExists(DuckDBConnection c, TableName t)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM duckdb_views() WHERE schema_name = $schema AND view_name = $name";
        cmd.Parameters.Add(new DuckDBParameter("schema", t.Schema));
        cmd.Parameters.Add(new DuckDBParameter("name", t.Name));
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>Column names and types of a table, in order.</summary>
    public static IReadOnlyList<(string Name, string Type)> Columns(DuckDBConnection c, TableName t)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"DESCRIBE SELECT * FROM {t.Quoted}";
        using var r = cmd.ExecuteReader();
        var list = new List<(string, string)>();
        while (r.Read()) list.Add((r.GetString(0), r.GetString(1)));
        return list;
    }

    /// <summary>The delta must have the staged table's columns, in the same order and with the same types.</summary>
    public static void CheckSameColumns(DuckDBConnection c, string source, TableName staged, TableName delta, string pipeline)
    {
        var a = Columns(c, staged);
        var b = Columns(c, delta);
        for (int i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            var x = i < a.Count ? $"{a[i].Name} {a[i].Type}" : "(none)";
            var y = i < b.Count ? $"{b[i].Name} {b[i].Type}" : "(none)";
            if (x != y)
                throw new KitDataException($"the delta table {delta} of source '{source}' does not match the staged table {staged} at column {i + 1}: staged has {x}, delta has {y}; expected the same columns in the same order.",
                    $"pipeline '{pipeline}'", i < b.Count ? b[i].Name : i < a.Count ? a[i].Name : null);
        }
    }

    public static IReadOnlySet<string> ExistingOutputs(DuckDBConnection c, PipelineDefinition d, string schema) =>
        d.Steps.Where(s => StepSql.Exists(c, new TableName(schema, s.Output))).Select(s => s.Output).ToHashSet(StringComparer.Ordinal);

    public static StepRunResult Measure(string step, string phase, Func<(StepAction Action, long RowsIn, long RowsOut)> body)
    {
        var started = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        var (action, rowsIn, rowsOut) = body();
        return new StepRunResult(step, phase, action, rowsIn, rowsOut, started, watch.Elapsed);
    }

    public static void Record(IStepCostStore? store, ExecutorOptions options, string pipeline, string runId, IEnumerable<StepRunResult> results,
        IReadOnlyDictionary<string, string>? fingerprints)
    {
        if (store is null || !options.RecordCosts) return;
        store.Append(results.Select(r => new StepRunRecord(pipeline, runId, r.Step, r.Phase, r.Action.ToString().ToLowerInvariant(), r.StartedAt,
            r.Duration.TotalSeconds, r.RowsIn, r.RowsOut, r.Phase == "run_ahead" ? null : fingerprints?.GetValueOrDefault(r.Step))));
    }
}
