using AdaptiveEtl.Kit.Proactive.SchemaChecks;
using AdaptiveEtl.Kit.Proactive.Sources;
using AdaptiveEtl.Kit.Proactive.Staging;
using AdaptiveEtl.Kit.Schema;
using AdaptiveEtl.Kit.Tests.Infrastructure;

namespace AdaptiveEtl.Kit.Tests.Proactive.Staging;

public sealed class StagingStoreTests : IDisposable
{
    private readonly TempFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static long Count(StagingStore store, string sql)
    {
        using var cmd = store.Connection.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar());
    }

    private static bool TableExists(StagingStore store, string table) =>
        Count(store, $"SELECT count(*) FROM duckdb_tables() WHERE table_name = '{table.Replace("'", "''")}'") > 0;

    private static string Staged(string pipeline, string source) => "\"" + StagingStore.StagingTableName(pipeline, source).Replace("\"", "\"\"") + "\"";

    [Fact]
    public async Task The_sample_schema_change_on_2025_12_09_stops_staging_there_with_file_and_column_named()
    {
        using var store = StagingStore.Open(":memory:");
        var zone = new LandingZoneConnector(_tmp.Landing(), "orders");
        var outcome = await store.StageAsync("daily", zone, null, Ct);

        Assert.Equal(StageStatus.BlockedBySchema, outcome.Status);
        Assert.Equal(LandingCounts.RowsBeforeChange, outcome.Rows);
        Assert.Equal(LandingCounts.BytesBeforeChange, outcome.Bytes);
        Assert.Equal(8, outcome.Batches.Count);
        var report = outcome.BlockingReport!;
        Assert.Equal(LandingCounts.ChangeFile, report.Arriving);
        var retyped = Assert.Single(report.Incompatible);
        Assert.Equal(SchemaChangeKind.Retyped, retyped.Kind);
        Assert.Equal("customer_id", retyped.Column);
        Assert.Equal("BIGINT", retyped.ExpectedType);
        Assert.Equal("VARCHAR", retyped.ArrivingType);
        Assert.Matches("values like 'C00\\d{4}'", retyped.Description);
        var discount = Assert.Single(report.Changes, c => c.Column == "discount");
        Assert.Equal(SchemaChangeKind.Added, discount.Kind);
        Assert.True(discount.Compatible);

        // Staged: exactly the 8 files before the change; the watermark lists them and nothing after.
        Assert.Equal(LandingCounts.RowsBeforeChange, Count(store, $"SELECT count(*) FROM {Staged("daily", "orders")}"));
        var wm = await store.GetWatermarkAsync("daily", "orders", Ct);
        Assert.Equal(Enumerable.Range(1, 8).Select(LandingCounts.File), wm!.Files.Select(f => f.Name));

        // The run stops before any target table is touched.
        var state = await store.GetStateAsync("daily", Ct);
        Assert.True(state.Blocked);
        Assert.Contains("customer_id", state.ToString());
        Assert.Contains(LandingCounts.ChangeFile, state.ToString());
        var ex = await Assert.ThrowsAsync<SchemaIncompatibleException>(() => store.PublishAsync("daily", "orders", "orders_target", null, Ct));
        Assert.Equal("customer_id", ex.Column);
        Assert.Equal(LandingCounts.ChangeFile, ex.Location);
        Assert.False(TableExists(store, "orders_target"));

        // Staging again stops at the same file without staging anything twice.
        var again = await store.StageAsync("daily", zone, null, Ct);
        Assert.Equal(StageStatus.BlockedBySchema, again.Status);
        Assert.Equal(0, again.Rows);
        Assert.Equal(LandingCounts.RowsBeforeChange, Count(store, $"SELECT count(*) FROM {Staged("daily", "orders")}"));
    }

    [Fact]
    public async Task Accepting_the_new_schema_lets_the_rest_stage_with_the_column_retyped()
    {
        using var store = StagingStore.Open(":memory:");
        var zone = new LandingZoneConnector(_tmp.Landing(), "orders");
        await store.StageAsync("daily", zone, null, Ct);
        var blocked = await store.GetBlockedSchemaAsync("daily", "orders", Ct);
        await store.AcceptSchemaAsync("daily", "orders", blocked!, Ct);
        var rest = await store.StageAsync("daily", zone, null, Ct);
        Assert.Equal(StageStatus.Staged, rest.Status);
        Assert.Equal(LandingCounts.TotalRows - LandingCounts.RowsBeforeChange, rest.Rows);
        Assert.Equal(LandingCounts.TotalRows, Count(store, $"SELECT count(*) FROM {Staged("daily", "orders")}"));
        Assert.Equal(LandingCounts.RowsBeforeChange, Count(store, $"SELECT count(*) FROM {Staged("daily", "orders")} WHERE discount IS NULL"));
        Assert.False((await store.GetStateAsync("daily", Ct)).Blocked);
        Assert.Contains(await store.GetSchemaDecisionsAsync("daily", "orders", Ct), d => d.Contains("accepted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Incremental_staging_fetches_only_what_is_new()
    {
        using var store = StagingStore.Open(":memory:");
        var dir = _tmp.Landing("landing", LandingCounts.File(1), LandingCounts.File(2));
        var zone = new LandingZoneConnector(dir, "orders");
        var first = await store.StageAsync("p", zone, null, Ct);
        Assert.Equal(StageStatus.Staged, first.Status);
        Assert.Equal(169 + 182, first.Rows);
        Assert.Equal(2, first.Batches.Count);

        var nothing = await store.StageAsync("p", zone, null, Ct);
        Assert.Equal(StageStatus.NothingNew, nothing.Status);

        File.Copy(Path.Combine(RepoPaths.Sample("landing"), LandingCounts.File(3)), Path.Combine(dir, LandingCounts.File(3)));
        var second = await store.StageAsync("p", zone, null, Ct);
        Assert.Equal(173, second.Rows);
        Assert.Equal(LandingCounts.File(3), Assert.Single(second.Batches).Part);
        Assert.Equal(169 + 182 + 173, Count(store, $"SELECT count(*) FROM {Staged("p", "orders")}"));
        Assert.Equal(173, Count(store, $"SELECT count(*) FROM {Staged("p", "orders")} WHERE _kit_part = '{LandingCounts.File(3)}'"));
        var batches = await store.GetBatchesAsync("p", "orders", Ct);
        Assert.Equal([169L, 182L, 173L], batches.Select(b => b.Rows));
        var state = await store.GetStateAsync("p", Ct);
        Assert.Equal(169 + 182 + 173, state.Rows);
        Assert.Equal(3, state.Sources[0].Batches);
    }

    [Theory]
    [InlineData(StagePhase.Fetched)]
    [InlineData(StagePhase.Appended)]
    [InlineData(StagePhase.BeforeCommit)]
    public async Task A_failure_inside_the_transaction_stages_nothing_and_keeps_the_watermark(StagePhase failAt)
    {
        var path = _tmp["staging.duckdb"];
        var dir = _tmp.Landing("landing", LandingCounts.File(1), LandingCounts.File(2));
        var zone = new LandingZoneConnector(dir, "orders");
        using (var store = StagingStore.Open(path))
        {
            var first = await store.StageAsync("p", zone, new StageOptions { MaxParts = 1 }, Ct);
            Assert.Equal(169, first.Rows);
            var failing = new StageOptions { Checkpoint = (phase, _) => phase == failAt ? throw new InvalidOperationException($"simulated crash at {phase}") : Task.CompletedTask };
            var failed = await store.StageAsync("p", zone, failing, Ct);
            Assert.Equal(StageStatus.Failed, failed.Status);
            Assert.Contains("simulated crash", failed.Error);
            Assert.Equal(0, failed.Rows);
        }
        // Reopened (as after a restart): the first file only, its watermark only.
        using (var store = StagingStore.Open(path))
        {
            Assert.Equal(169, Count(store, $"SELECT count(*) FROM {Staged("p", "orders")}"));
            Assert.Equal([LandingCounts.File(1)], (await store.GetWatermarkAsync("p", "orders", Ct))!.Files.Select(f => f.Name));
            Assert.Single(await store.GetBatchesAsync("p", "orders", Ct));
            Assert.Equal(0, Count(store, "SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '\\_kit\\_fetch\\_%' ESCAPE '\\'"));
            var rest = await store.StageAsync("p", zone, null, Ct);
            Assert.Equal(182, rest.Rows);
            Assert.Equal(169 + 182, Count(store, $"SELECT count(*) FROM {Staged("p", "orders")}"));
        }
    }

    [Fact]
    public async Task Publishing_twice_or_after_a_failed_publish_never_duplicates_rows()
    {
        var path = _tmp["staging.duckdb"];
        var dir = _tmp.Landing("landing", LandingCounts.File(1), LandingCounts.File(2));
        var zone = new LandingZoneConnector(dir, "orders");
        using (var store = StagingStore.Open(path))
        {
            await store.StageAsync("p", zone, null, Ct);
            var crash = new PublishOptions { Checkpoint = (phase, _) => phase == StagePhase.BeforeCommit ? throw new InvalidOperationException("simulated crash") : Task.CompletedTask };
            await Assert.ThrowsAsync<InvalidOperationException>(() => store.PublishAsync("p", "orders", "orders", crash, Ct));
            Assert.False(TableExists(store, "orders"));
            Assert.Equal(169 + 182, Count(store, $"SELECT count(*) FROM {Staged("p", "orders")}"));
        }
        using (var store = StagingStore.Open(path))
        {
            var pub = await store.PublishAsync("p", "orders", "orders", null, Ct);
            Assert.Equal(169 + 182, pub.Rows);
            var again = await store.PublishAsync("p", "orders", "orders", null, Ct);
            Assert.Equal(0, again.Rows);
            Assert.Equal(169 + 182, Count(store, "SELECT count(*) FROM orders"));
            Assert.Equal(169 + 182, Count(store, "SELECT count(DISTINCT order_id) FROM orders"));
            Assert.Equal(0, Count(store, $"SELECT count(*) FROM {Staged("p", "orders")}"));
            // Bookkeeping columns stay out of the target.
            Assert.Equal(0, Count(store, "SELECT count(*) FROM duckdb_columns() WHERE table_name = 'orders' AND column_name LIKE '\\_kit%' ESCAPE '\\'"));

            File.Copy(Path.Combine(RepoPaths.Sample("landing"), LandingCounts.File(3)), Path.Combine(dir, LandingCounts.File(3)));
            await store.StageAsync("p", zone, null, Ct);
            var third = await store.PublishAsync("p", "orders", "orders", null, Ct);
            Assert.Equal(173, third.Rows);
            Assert.Equal(169 + 182 + 173, Count(store, "SELECT count(*) FROM orders"));
            Assert.Equal(0, (await store.GetStateAsync("p", Ct)).Sources[0].UnpublishedRows);
        }
    }

    [Fact]
    public async Task Publishing_a_table_is_once_per_key_and_replace_swaps_the_content()
    {
        using var store = StagingStore.Open(":memory:");
        using (var cmd = store.Connection.CreateCommand())
        {
            cmd.CommandText = "CREATE TABLE step_out AS SELECT range AS id FROM range(10)";
            cmd.ExecuteNonQuery();
        }
        var a = await store.PublishTableAsync("p", "step_out", "mart", "run-1", PublishMode.Append, null, Ct);
        var b = await store.PublishTableAsync("p", "step_out", "mart", "run-1", PublishMode.Append, null, Ct);
        Assert.Equal(10, a.Rows);
        Assert.True(b.AlreadyPublished);
        Assert.Equal(10, Count(store, "SELECT count(*) FROM mart"));
        var c = await store.PublishTableAsync("p", "step_out", "mart", "run-2", PublishMode.Replace, null, Ct);
        Assert.Equal(10, c.Rows);
        Assert.Equal(10, Count(store, "SELECT count(*) FROM mart"));
        var d = await store.PublishTableAsync("p", "step_out", "mart", "run-3", PublishMode.Append, null, Ct);
        Assert.Equal(20, Count(store, "SELECT count(*) FROM mart"));
        Assert.False(d.AlreadyPublished);
    }

    [Fact]
    public async Task Compatible_changes_adapt_the_staging_table_with_logged_decisions()
    {
        var dir = Path.Combine(_tmp.Path, "compat");
        Directory.CreateDirectory(dir);
        // Day 1: whole-number amounts (sniffed BIGINT); day 2: decimals (DOUBLE, a widening) and a new 'note' column.
        File.WriteAllText(Path.Combine(dir, "a_1.csv"), "id,amount\n1,10\n2,20\n");
        File.WriteAllText(Path.Combine(dir, "a_2.csv"), "id,amount,note\n3,1.5,x\n4,2.25,\n");
        File.WriteAllText(Path.Combine(dir, "a_3.csv"), "id,amount\n5,7\n"); // narrower again, note missing → incompatible (removed)
        var logged = new List<string>();
        using var store = StagingStore.Open(":memory:");
        var outcome = await store.StageAsync("p", new LandingZoneConnector(dir, "a"), new StageOptions { Log = logged.Add }, Ct);

        Assert.True(outcome.Status == StageStatus.BlockedBySchema && outcome.Rows == 4, outcome + " | " + string.Join(" | ", outcome.SchemaReports));
        var compat = outcome.SchemaReports[0];
        Assert.Equal(SchemaCheckVerdict.Compatible, compat.Verdict);
        Assert.Equal([SchemaChangeKind.Widened, SchemaChangeKind.Added], compat.Changes.Select(c => c.Kind));
        Assert.Contains(logged, l => l.Contains("widen the staging column to DOUBLE", StringComparison.Ordinal));
        Assert.Contains(logged, l => l.Contains("add 'note' VARCHAR", StringComparison.Ordinal));
        var logRows = await store.GetSchemaDecisionsAsync("p", "a", Ct);
        Assert.True(2 == logRows.Count(d => d.Contains("(compatible)", StringComparison.Ordinal)), string.Join(" | ", logRows));
        // NULL note: the two rows of a_1 (no such column) and id 4 of a_2 (empty field).
        Assert.Equal(3, Count(store, $"SELECT count(*) FROM {Staged("p", "a")} WHERE note IS NULL"));
        Assert.Equal(1, Count(store, $"SELECT count(*) FROM duckdb_columns() WHERE table_name = 'stage__p__a' AND column_name = 'amount' AND data_type = 'DOUBLE'"));
        var removed = Assert.Single(outcome.BlockingReport!.Incompatible);
        Assert.Equal((SchemaChangeKind.Removed, "note", "a_3.csv"), (removed.Kind, removed.Column, removed.Origin));
        // The narrower BIGINT amount of a_3 alone is not a problem:
        Assert.Contains(outcome.BlockingReport.Changes, c => c is { Kind: SchemaChangeKind.Narrowed, Column: "amount", Compatible: true });
    }

    [Fact]
    public async Task A_source_that_is_down_is_retried_with_backoff_and_reported_as_an_outcome()
    {
        using var store = StagingStore.Open(":memory:");
        var schema = new TableSchema("api", [new ColumnSchema("id", ColumnKind.Integer)]);
        int calls = 0;
        var flaky = new DelegateSourceConnector("api", schema, (since, _) =>
        {
            if (++calls < 3) throw new IOException("connection refused");
            return Task.FromResult(new SourceRows([[1L], [2L]], Watermark.OfInteger(2)));
        });
        var retry = new RetryPolicy(4, TimeSpan.FromMilliseconds(20), 2, TimeSpan.FromSeconds(1));
        var ok = await store.StageAsync("p", flaky, new StageOptions { Retry = retry }, Ct);
        Assert.Equal(StageStatus.Staged, ok.Status);
        Assert.Equal(3, ok.Attempts);
        Assert.Equal(2, ok.Rows);
        Assert.Equal(2, ok.Decisions.Count(d => d.Contains("connection refused", StringComparison.Ordinal)));

        var down = new DelegateSourceConnector("down", schema, (_, _) => throw new IOException("host unreachable"));
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var failed = await store.StageAsync("p", down, new StageOptions { Retry = retry }, Ct);
        Assert.Equal(StageStatus.SourceUnavailable, failed.Status);
        Assert.Equal(4, failed.Attempts);
        Assert.Contains("host unreachable", failed.Error);
        // Backoff 20 + 40 + 80 ms between the four attempts (worked by hand from the policy).
        Assert.True(sw.Elapsed >= TimeSpan.FromMilliseconds(140), sw.Elapsed.ToString());
        Assert.Null(await store.GetWatermarkAsync("p", "down", Ct));

        var bad = new DelegateSourceConnector("bad", schema, (_, _) => throw new KitDataException("bad payload", "api"));
        var permanent = await store.StageAsync("p", bad, new StageOptions { Retry = retry }, Ct);
        Assert.Equal(StageStatus.Failed, permanent.Status);
        Assert.Equal(1, permanent.Attempts);
    }

    [Fact]
    public void Backoff_delays_grow_exponentially_up_to_the_cap()
    {
        var p = new RetryPolicy(6, TimeSpan.FromMilliseconds(100), 2, TimeSpan.FromMilliseconds(500));
        // 100·2^(k-1) capped at 500: 100, 200, 400, 500, 500.
        Assert.Equal([100.0, 200, 400, 500, 500], Enumerable.Range(1, 5).Select(k => p.DelayAfter(k).TotalMilliseconds));
    }

    [Fact]
    public async Task Hostile_pipeline_source_and_column_names_round_trip_through_stage_and_publish()
    {
        var dir = Path.Combine(_tmp.Path, "hostile");
        Directory.CreateDirectory(dir);
        const string column = "a\"b c;DROP TABLE \"_kit_watermarks\";--";
        File.WriteAllText(Path.Combine(dir, "it's.csv"), $"id,\"{column.Replace("\"", "\"\"")}\"\n1,x\n2,y\n");
        using var store = StagingStore.Open(":memory:");
        var outcome = await store.StageAsync("pipe'; --", new LandingZoneConnector(dir, "src \"x\""), null, Ct);
        Assert.Equal(StageStatus.Staged, outcome.Status);
        Assert.Equal("it's.csv", outcome.Batches[0].Part);
        var pub = await store.PublishAsync("pipe'; --", "src \"x\"", "target \"t\"; --", null, Ct);
        Assert.Equal(2, pub.Rows);
        Assert.Equal(1, Count(store, $"SELECT count(*) FROM \"target \"\"t\"\"; --\" WHERE \"{column.Replace("\"", "\"\"")}\" = 'y'"));
        Assert.True(TableExists(store, "_kit_watermarks"));
    }

    [Fact]
    public async Task Two_sources_stage_in_parallel_into_one_file_backed_store()
    {
        var a = _tmp.Landing("a", LandingCounts.File(1), LandingCounts.File(2));
        var b = _tmp.Landing("b", LandingCounts.File(3), LandingCounts.File(4), LandingCounts.File(5));
        using var store = StagingStore.Open(_tmp["staging.duckdb"]);
        var results = await Task.WhenAll(
            store.StageAsync("p", new LandingZoneConnector(a, "a"), null, Ct),
            store.StageAsync("p", new LandingZoneConnector(b, "b"), null, Ct));
        Assert.All(results, r => Assert.Equal(StageStatus.Staged, r.Status));
        Assert.Equal(169 + 182, results[0].Rows);
        Assert.Equal(173 + 192 + 248, results[1].Rows);
        var state = await store.GetStateAsync("p", Ct);
        Assert.Equal(169 + 182 + 173 + 192 + 248, state.Rows);
        Assert.Equal(["a", "b"], state.Sources.Select(s => s.Source));
    }
}
