using AdaptiveEtl.Kit.History;
using AdaptiveEtl.Kit.Proactive.Planning;
using AdaptiveEtl.Kit.Tests.Infrastructure;

namespace AdaptiveEtl.Kit.Tests.Proactive.Planning;

public sealed class StepCostStoreTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    public static TheoryData<string> Engines => ["duckdb-memory", "duckdb-history-file", "postgres"];

    private async Task<StepCostStore> OpenAsync(string engine)
    {
        switch (engine)
        {
            case "duckdb-memory": return StepCostStore.OpenDuckDb(":memory:");
            case "duckdb-history-file":
                var path = Path.Combine(Path.GetTempPath(), "aek-costs-" + Guid.NewGuid().ToString("N"), "history.duckdb");
                using (var history = RunHistoryStore.OpenDuckDb(path))
                {
                    // Same file as the run history, both open in one process.
                    var store = StepCostStore.OpenDuckDb(path);
                    history.Append(new RunRecord("orders", 1, DateTimeOffset.Parse("2025-12-01T00:00:00Z"), null, null, 10, 100, 1, 1, "h", "success"));
                    Assert.Single(history.GetRunRecords("orders"));
                    return store;
                }
            default:
                postgres.SkipIfUnavailable();
                return StepCostStore.OpenPostgres(await postgres.CreateDatabaseAsync("costs"));
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Costs_are_learnt_from_working_runs(string engine)
    {
        using var store = await OpenAsync(engine);
        var t0 = DateTimeOffset.Parse("2025-12-01T06:00:00Z");
        store.Append([
            new("orders", "r1", "clean", "reactive", "full", t0, 2.0, 1000, 900, "fp1"),
            new("orders", "r2", "clean", "run_ahead", "full", t0.AddDays(1), 4.0, 3000, 2700, null),
            new("orders", "r2", "clean", "trigger", "delta", t0.AddDays(1).AddHours(1), 0.5, 0, 0, "fp2"),
            new("orders", "r3", "clean", "trigger", "skipped", t0.AddDays(2), 0, 0, 0, "fp2"),
            new("orders", "r3", "daily", "trigger", "reused", t0.AddDays(2), 9.0, 0, 5, "fp9"),
            new("orders", "r4", "clean", "reactive", "full", t0.AddDays(3), 99.0, 10, 0, "fp-failed", "failed"),
            new("other", "r1", "clean", "reactive", "full", t0, 50.0, 1, 1, "x"),
        ]);
        var costs = store.GetCosts("orders");
        // clean: working runs r1, r2 (run ahead) and r2 (delta): (2 + 4 + 0.5) s / (1000 + 3000 + 0) rows; selectivity (900 + 2700) / 4000.
        Assert.Equal(6.5 / 4000, costs["clean"].SecondsPerRow, 12);
        Assert.Equal(0.9, costs["clean"].Selectivity, 12);
        Assert.Equal(3, costs["clean"].Runs);
        Assert.Equal("fp2", costs["clean"].LastInputFingerprint); // newest successful trigger-time run; the failed one is ignored
        Assert.Equal(0, costs["daily"].Runs); // reused only: no cost measured
        Assert.Equal("fp9", costs["daily"].LastInputFingerprint);
        Assert.Equal(7, store.GetRuns("orders").Count + store.GetRuns("other").Count);

        // Upsert: the same (pipeline, run, step, phase) replaces the row.
        store.Append([new("orders", "r1", "clean", "reactive", "full", t0, 1.0, 1000, 900, "fp1")]);
        Assert.Equal(5.5 / 4000, store.GetCosts("orders")["clean"].SecondsPerRow, 12);
    }

    [Fact]
    public void Bad_records_are_rejected_with_the_step_named()
    {
        using var store = StepCostStore.OpenDuckDb(":memory:");
        var e = Assert.Throws<KitDataException>(() => store.Append([new("orders", "r1", "clean", "reactive", "full", DateTimeOffset.UtcNow, -1, 0, 0, null)]));
        Assert.Contains("step 'clean'", e.Message);
        Assert.Empty(store.GetRuns("orders"));
    }
}
