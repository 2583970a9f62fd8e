using AdaptiveEtl.Kit.Proactive.Planning;
using DuckDB.NET.Data;

namespace AdaptiveEtl.Kit.Proactive.Pipelines;

/// <summary>
/// List scheduling of a plan's steps: whenever a worker is free, start the earliest step (in plan priority order) whose
/// producers are finished; at most <c>parallelism</c> at once, each worker on its own duplicate of the DuckDB connection
/// (a DuckDB connection runs one statement at a time). After a failure no new step starts; the first error is rethrown
/// once the running steps end.
/// </summary>
internal static class DagScheduler
{
    public static async Task RunAsync(DuckDBConnection connection, ExecutionPlan plan, IReadOnlySet<string> include, int parallelism,
        Action<PipelineStep, DuckDBConnection> work, CancellationToken cancellationToken)
    {
        var definition = plan.Definition;
        var pending = plan.Steps.Where(s => include.Contains(s.Name)).Select(s => definition.GetStep(s.Name)).ToList();
        var done = new HashSet<string>(plan.Steps.Where(s => !include.Contains(s.Name)).Select(s => s.Name), StringComparer.Ordinal);
        var running = new Dictionary<Task, (PipelineStep Step, DuckDBConnection Connection)>();
        var idle = new Stack<DuckDBConnection>();
        var owned = new List<DuckDBConnection>();
        Exception? failure = null;
        try
        {
            while (pending.Count > 0 || running.Count > 0)
            {
                while (failure is null && running.Count < Math.Max(1, parallelism))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var next = pending.FirstOrDefault(s => definition.Producers(s).All(p => done.Contains(p.Name)));
                    if (next is null) break;
                    pending.Remove(next);
                    DuckDBConnection conn;
                    if (parallelism <= 1) conn = connection;
                    else if (!idle.TryPop(out conn!)) { conn = StepSql.OpenDuplicate(connection); owned.Add(conn); }
                    var c = conn;
                    running.Add(Task.Run(() => work(next, c), CancellationToken.None), (next, conn));
                }
                if (running.Count == 0)
                {
                    if (failure is not null || pending.Count == 0) break;
                    throw new InvalidOperationException($"no runnable step among {string.Join(", ", pending.Select(p => p.Name))}; the plan is inconsistent.");
                }
                var finished = await Task.WhenAny(running.Keys).ConfigureAwait(false);
                var (step, used) = running[finished];
                running.Remove(finished);
                if (parallelism > 1) idle.Push(used);
                if (finished.Exception is { } e) failure ??= e.InnerException ?? e;
                else done.Add(step.Name);
                if (failure is not null) pending.Clear();
            }
        }
        finally
        {
            if (running.Count > 0) await Task.WhenAll(running.Keys.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
            foreach (var c in owned) c.Dispose();
        }
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
    }
}
