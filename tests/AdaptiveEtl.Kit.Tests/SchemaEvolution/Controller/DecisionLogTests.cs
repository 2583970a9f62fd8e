using AdaptiveEtl.Kit.SchemaEvolution.Controller;

namespace AdaptiveEtl.Kit.Tests.SchemaEvolution.Controller;

public sealed class DecisionLogTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "aek-dlog-" + Guid.NewGuid().ToString("N"));
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DecisionLogEntry Entry(string id, DecisionStep step, int minute, double gain) =>
        new(new DateTimeOffset(2026, 12, 3, 2, minute, 0, TimeSpan.Zero), id, "Index", "sales.orders", step, $"{step} {id}", new Dictionary<string, double> { ["shadow_gain"] = gain });

    private async Task RoundTrip(IDecisionLog log)
    {
        await log.AppendAsync(Entry("a", DecisionStep.Proposed, 1, 0), Ct);
        await log.AppendAsync(Entry("b", DecisionStep.Proposed, 2, 0), Ct);
        await log.AppendAsync(Entry("a", DecisionStep.Simulated, 3, 0.42), Ct);
        var all = await log.QueryAsync(cancellationToken: Ct);
        Assert.Equal(["a", "b", "a"], all.Select(e => e.RecommendationId));
        var simulated = Assert.Single(await log.QueryAsync("a", DecisionStep.Simulated, Ct));
        Assert.Equal(Entry("a", DecisionStep.Simulated, 3, 0.42).At, simulated.At);
        Assert.Equal(0.42, simulated.Figures["shadow_gain"]);
        Assert.Equal("Simulated a", simulated.Detail);
        Assert.Equal(2, (await log.QueryAsync("a", cancellationToken: Ct)).Count);
    }

    [Fact]
    public async Task The_DuckDb_table_log_round_trips_and_filters()
    {
        await using var log = await DuckDbDecisionLog.OpenAsync(Path.Combine(_dir, "log.duckdb"), Ct);
        await RoundTrip(log);
    }

    [Fact]
    public async Task The_json_lines_log_round_trips_and_filters()
    {
        await using var log = new JsonLinesDecisionLog(Path.Combine(_dir, "log.jsonl"));
        await RoundTrip(log);
        Assert.Equal(3, File.ReadAllLines(log.Path).Length);
        Assert.Contains("\"step\":\"Simulated\"", File.ReadAllText(log.Path));
    }

    [Fact]
    public async Task A_damaged_json_lines_log_names_the_line()
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "bad.jsonl");
        await using var log = new JsonLinesDecisionLog(path);
        await log.AppendAsync(Entry("a", DecisionStep.Proposed, 1, 0), Ct);
        await File.AppendAllTextAsync(path, "{not json\n", Ct);
        var e = await Assert.ThrowsAsync<KitDataException>(() => log.QueryAsync(cancellationToken: Ct));
        Assert.Contains("line 2", e.Message);
        Assert.Contains(path, e.Message);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
