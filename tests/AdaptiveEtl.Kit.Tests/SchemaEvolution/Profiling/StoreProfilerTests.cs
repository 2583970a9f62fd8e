using System.Data.Common;
using System.Globalization;
using AdaptiveEtl.Kit.Data;
using AdaptiveEtl.Kit.SchemaEvolution.Profiling;
using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;
using AdaptiveEtl.Kit.Tests.Infrastructure;
using DuckDB.NET.Data;
using Npgsql;

namespace AdaptiveEtl.Kit.Tests.SchemaEvolution.Profiling;

public class StoreProfilerTests
{
    internal static readonly QualifiedTable Hostile = new("prof \"s\"", "Tä ble; DROP TABLE x; --");

    internal static async Task<object?> ScalarAsync(DbConnection c, string sql)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        var v = await cmd.ExecuteScalarAsync();
        return v is DBNull ? null : v;
    }

    internal static async Task ExecAsync(DbConnection c, string sql)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Duckdb_profile_matches_hand_values_on_a_tiny_table()
    {
        await using var c = new DuckDBConnection("DataSource=:memory:");
        await c.OpenAsync(TestContext.Current.CancellationToken);
        await ExecAsync(c, $"CREATE SCHEMA {SqlIdentifier.Quote(Hostile.Schema!)}");
        await ExecAsync(c, $"CREATE TABLE {Hostile.Quoted} (\"n\" BIGINT, \"select\" VARCHAR, \"d\" DATE, \"naïve\" DOUBLE)");
        await ExecAsync(c, $"INSERT INTO {Hostile.Quoted} VALUES (1, 'a', DATE '2025-01-01', 0.5), (5, 'abcd', DATE '2025-03-01', NULL), (NULL, NULL, NULL, NULL), (5, 'ab', DATE '2025-01-01', 2.5), (-3, 'abcd', NULL, 0.5)");
        var p = await StoreProfiler.ProfileDuckDbAsync(c, Hostile, cancellationToken: TestContext.Current.CancellationToken);
        // By hand: n = {1, 5, NULL, 5, -3}: 1 null, 3 distinct, range [-3, 5]; "select" longest 'abcd' = 4; d from 2025-01-01 (epoch 1735689600 s) to 2025-03-01 (1740787200 s).
        Assert.Equal(5, p.RowCount);
        Assert.Equal(["n", "select", "d", "naïve"], p.Columns.Select(x => x.Column));
        var n = p.Column("n")!;
        Assert.Equal((1L, 3L, -3.0, 5.0, 0.2), (n.NullCount, n.DistinctCount, n.Min!.Value, n.Max!.Value, n.NullShare));
        var s = p.Column("select")!;
        Assert.Equal((1L, 3L, 4), (s.NullCount, s.DistinctCount, s.MaxLength!.Value));
        var d = p.Column("d")!;
        Assert.True(d.IsTemporal);
        Assert.Equal((2L, 2L, 1735689600.0, 1740787200.0), (d.NullCount, d.DistinctCount, d.Min!.Value, d.Max!.Value));
        Assert.Equal((2L, 2L), (p.Column("naïve")!.NullCount, p.Column("naïve")!.DistinctCount));
    }

    [Fact]
    public async Task Duckdb_profile_matches_independent_queries_on_a_generated_table()
    {
        await using var c = new DuckDBConnection("DataSource=:memory:");
        await c.OpenAsync(TestContext.Current.CancellationToken);
        await ExecAsync(c, "CREATE TABLE g AS SELECT CASE WHEN i % 7 = 0 THEN NULL ELSE (i * 37) % 1009 END AS k, repeat('x', CAST(i % 23 AS INTEGER)) AS s, TIMESTAMP '2025-01-01' + INTERVAL (i) MINUTE AS t FROM range(10000) r(i)");
        var p = await StoreProfiler.ProfileDuckDbAsync(c, new QualifiedTable(null, "g"), cancellationToken: TestContext.Current.CancellationToken);
        // Independent queries: DISTINCT subquery, ORDER BY … LIMIT 1, strlen over a sorted list.
        long distinct = Convert.ToInt64(await ScalarAsync(c, "SELECT COUNT(*) FROM (SELECT DISTINCT k FROM g WHERE k IS NOT NULL)"), CultureInfo.InvariantCulture);
        long nulls = Convert.ToInt64(await ScalarAsync(c, "SELECT CAST(SUM(CASE WHEN k IS NULL THEN 1 ELSE 0 END) AS BIGINT) FROM g"), CultureInfo.InvariantCulture);
        double min = Convert.ToDouble(await ScalarAsync(c, "SELECT k FROM g WHERE k IS NOT NULL ORDER BY k LIMIT 1"), CultureInfo.InvariantCulture);
        double max = Convert.ToDouble(await ScalarAsync(c, "SELECT k FROM g WHERE k IS NOT NULL ORDER BY k DESC LIMIT 1"), CultureInfo.InvariantCulture);
        long longest = Convert.ToInt64(await ScalarAsync(c, "SELECT strlen(s) FROM g ORDER BY strlen(s) DESC LIMIT 1"), CultureInfo.InvariantCulture);
        var k = p.Column("k")!;
        Assert.Equal((10000L, nulls, distinct, min, max), (k.RowCount, k.NullCount, k.DistinctCount, k.Min!.Value, k.Max!.Value));
        Assert.Equal(1429, nulls); // ⌈10000 / 7⌉
        Assert.Equal((int)longest, p.Column("s")!.MaxLength);
        Assert.Equal(22, longest);
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(9999).ToUnixTimeSeconds(), p.Column("t")!.Max!.Value);
    }

    [Fact]
    public async Task Missing_table_is_a_clear_error()
    {
        await using var c = new DuckDBConnection("DataSource=:memory:");
        await c.OpenAsync(TestContext.Current.CancellationToken);
        var e = await Assert.ThrowsAsync<KitDataException>(() => StoreProfiler.ProfileDuckDbAsync(c, new QualifiedTable("main", "nope"), cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("main.nope", e.Message);
    }

    [Fact]
    public void History_fits_the_trend_and_predicts_when_a_limit_is_reached()
    {
        var t0 = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var table = new QualifiedTable("s", "t");
        var history = new ProfileHistory();
        // Maxima 100, 220, 300 at days 0, 10, 20. By hand: x̄ = 10, ȳ = 620/3, Sxy = (−10)(100 − 620/3) + (10)(300 − 620/3) = 2000, Sxx = 200
        // → slope 10/day, intercept 620/3 − 100 = 320/3; it reaches 320/3 + 400 at day 40.
        foreach (var (day, max) in new[] { (20, 300.0), (0, 100.0), (10, 220.0) }) // out of order on purpose
            history.Add(new TableProfile(table, t0.AddDays(day), 10, null, [new ColumnProfile("v", "INTEGER", 10, 0, 10, 0, max, null, false)], false));
        var trend = history.MaxTrend(table, "v")!;
        Assert.Equal(3, trend.Points);
        Assert.Equal(10, trend.SlopePerDay, 9);
        Assert.Equal(320.0 / 3, trend.Intercept, 9);
        Assert.Equal(300, trend.Latest);
        Assert.Equal(t0.AddDays(40), trend.Reaches(320.0 / 3 + 400)!.Value);
        Assert.Null(history.LengthTrend(table, "v"));
        Assert.Null(history.MaxTrend(table, "other"));

        var path = Path.Combine(Path.GetTempPath(), "aek-history-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            history.Save(path);
            var back = ProfileHistory.Load(path);
            Assert.Equal(3, back.All.Count);
            Assert.Equal(history.All.Select(p => p.TakenAt), back.All.Select(p => p.TakenAt));
            Assert.Equal(10, back.MaxTrend(table, "v")!.SlopePerDay, 9);
            File.WriteAllText(path, "{ nope");
            Assert.Throws<KitDataException>(() => ProfileHistory.Load(path));
        }
        finally { File.Delete(path); }
    }
}

[Collection(SchemaEvolution.SchemaEvolutionPostgresCollection.Name)]
public class PostgresProfilerTests(PostgresServer server)
{
    [Fact]
    public async Task Postgres_full_and_sampled_profiles_agree_with_the_generated_values()
    {
        var cs = await server.CreateDatabaseAsync("prof");
        await using var c = new NpgsqlConnection(cs);
        await c.OpenAsync(TestContext.Current.CancellationToken);
        var t = StoreProfilerTests.Hostile;
        await StoreProfilerTests.ExecAsync(c, $"CREATE SCHEMA {SqlIdentifier.Quote(t.Schema!)}");
        // k = i % 50 with every 10th row null (null share 0.1); "select" has lengths 0 … 30 in a varchar(255).
        await StoreProfilerTests.ExecAsync(c, $"CREATE TABLE {t.Quoted} AS SELECT CASE WHEN i % 10 = 0 THEN NULL ELSE i % 50 END AS \"k ey\", CAST(repeat('y', i % 31) AS varchar(255)) AS \"select\", i AS id FROM generate_series(1, 20000) AS g(i)");
        await StoreProfilerTests.ExecAsync(c, $"ANALYZE {t.Quoted}");
        var full = await StoreProfiler.ProfilePostgresAsync(c, t, cancellationToken: TestContext.Current.CancellationToken);
        Assert.False(full.Sampled);
        Assert.Equal(20000, full.RowCount);
        var k = full.Column("k ey")!;
        // By hand: i % 10 = 0 gives 2000 nulls; the other rows hold the residues i % 50 not divisible by 10: 50 − 5 = 45 distinct, 1 … 49.
        Assert.Equal((2000L, 45L, 1.0, 49.0), (k.NullCount, k.DistinctCount, k.Min!.Value, k.Max!.Value));
        Assert.Equal(30, full.Column("select")!.MaxLength);
        Assert.Equal("character varying(255)", full.Column("select")!.DataType);
        Assert.Equal(255, full.Column("select")!.DeclaredLength);
        Assert.True(full.SizeBytes > 0);

        var sampled = await StoreProfiler.ProfilePostgresAsync(c, t, samplePercent: 10, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(sampled.Sampled);
        Assert.Equal(20000, sampled.RowCount); // pg_class.reltuples after ANALYZE of a table this small
        var ks = sampled.Column("k ey")!;
        Assert.Equal(45, ks.DistinctCount); // from pg_stats.n_distinct
        Assert.InRange(ks.NullShare, 0.09, 0.11);
        Assert.InRange(ks.Max!.Value, 40, 49); // the sample's maximum, a lower bound of the true one
        await Assert.ThrowsAsync<KitDataException>(() => StoreProfiler.ProfilePostgresAsync(c, t, samplePercent: 0, cancellationToken: TestContext.Current.CancellationToken));

        var freq = await StoreProfiler.ValueFrequenciesAsync(c, t, "k ey", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(46, freq.Count); // 45 values + the null group
        Assert.Equal((null, 2000L), (freq[0].Value, freq[0].Count));
        Assert.Equal(20000, freq.Sum(f => f.Count));
    }
}
