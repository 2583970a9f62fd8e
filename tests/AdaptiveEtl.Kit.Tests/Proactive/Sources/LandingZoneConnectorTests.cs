using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Proactive.Sources;
using DuckDB.NET.Data;

namespace AdaptiveEtl.Kit.Tests.Proactive.Sources;

public sealed class LandingZoneConnectorTests : IDisposable
{
    private readonly TempFolder _tmp = new();
    private readonly DuckDBConnection _duck = new("Data Source=:memory:");

    public LandingZoneConnectorTests() => _duck.Open();

    public void Dispose()
    {
        _duck.Dispose();
        _tmp.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private long Count(string table) => Convert.ToInt64(Scalar($"SELECT count(*) FROM \"{table}\""));

    private object? Scalar(string sql)
    {
        using var cmd = _duck.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    [Fact]
    public async Task Estimate_lists_every_sample_file_with_its_size_in_name_order()
    {
        var zone = new LandingZoneConnector(_tmp.Landing(), "orders");
        var est = await zone.EstimateNewAsync(null, Ct);
        Assert.Equal(14, est.Parts.Count);
        Assert.Equal(LandingCounts.TotalBytes, est.Bytes);
        Assert.Equal(Enumerable.Range(1, 14).Select(LandingCounts.File), est.Parts.Select(p => p.Name));
        // Before any fetch the rows are extrapolated from line ends; the files are < 64 KiB, so the count is exact.
        Assert.Equal(LandingCounts.TotalRows, est.Rows);
        Assert.Equal(3, est.Parts[2].UpTo!.Files.Count);
    }

    [Fact]
    public async Task Fetch_reads_all_files_unioned_by_name_and_the_watermark_lists_them()
    {
        var zone = new LandingZoneConnector(_tmp.Landing(), "orders");
        var r = await zone.FetchAsync(new FetchRequest(_duck, "all_orders", null), Ct);
        Assert.Equal(LandingCounts.TotalRows, r.Rows);
        Assert.Equal(LandingCounts.TotalRows, Count("all_orders"));
        Assert.Equal(LandingCounts.RowsPerFile.Select(n => (long)n), r.Parts.Select(p => p.Rows));
        Assert.Equal(LandingCounts.TotalBytes, r.Bytes);
        Assert.Equal(14, r.Watermark!.Files.Count);
        // union_by_name: files before 12-09 have no discount column → NULL there.
        Assert.Equal((long)LandingCounts.RowsBeforeChange, Convert.ToInt64(Scalar("SELECT count(*) FROM all_orders WHERE discount IS NULL")));
        Assert.Equal(1, zone.MeasuredSpeed.Samples);
    }

    [Fact]
    public async Task Incremental_fetch_after_a_watermark_reads_only_the_new_files()
    {
        var dir = _tmp.Landing("landing", LandingCounts.File(1), LandingCounts.File(2));
        var zone = new LandingZoneConnector(dir, "orders");
        var first = await zone.FetchAsync(new FetchRequest(_duck, "b1", null), Ct);
        Assert.Equal(169 + 182, first.Rows);
        File.Copy(Path.Combine(Infrastructure.RepoPaths.Sample("landing"), LandingCounts.File(3)), Path.Combine(dir, LandingCounts.File(3)));

        var est = await zone.EstimateNewAsync(first.Watermark, Ct);
        Assert.Equal([LandingCounts.File(3)], est.Parts.Select(p => p.Name));
        var second = await zone.FetchAsync(new FetchRequest(_duck, "b2", first.Watermark), Ct);
        Assert.Equal(173, second.Rows);
        Assert.Equal(173, Count("b2"));
        Assert.Equal(3, second.Watermark!.Files.Count);

        var third = await zone.FetchAsync(new FetchRequest(_duck, "b3", second.Watermark), Ct);
        Assert.Equal(0, third.Rows);
        Assert.Empty(third.Parts);
        Assert.Equal(second.Watermark, third.Watermark);
    }

    [Fact]
    public async Task UpTo_selects_one_part()
    {
        var zone = new LandingZoneConnector(_tmp.Landing(), "orders");
        var est = await zone.EstimateNewAsync(null, Ct);
        var r = await zone.FetchAsync(new FetchRequest(_duck, "one", null, est.Parts[0].UpTo), Ct);
        Assert.Equal(169, r.Rows);
        var next = await zone.FetchAsync(new FetchRequest(_duck, "two", r.Watermark, (await zone.EstimateNewAsync(r.Watermark, Ct)).Parts[0].UpTo), Ct);
        Assert.Equal(182, next.Rows);
    }

    [Fact]
    public async Task A_file_with_a_bad_row_is_quarantined_with_a_sidecar_naming_file_line_and_column_and_the_rest_proceeds()
    {
        var dir = _tmp.Landing("landing", LandingCounts.File(1), LandingCounts.File(2), LandingCounts.File(3));
        var bad = Path.Combine(dir, LandingCounts.File(2));
        var lines = File.ReadAllLines(bad).ToList();
        // Line 6 of the file (header = line 1) gets a sixth field: the row has too many columns.
        lines[5] += ",EXTRA";
        File.WriteAllLines(bad, lines);

        var zone = new LandingZoneConnector(dir, "orders");
        var r = await zone.FetchAsync(new FetchRequest(_duck, "q", null), Ct);
        Assert.Equal(169 + 173, r.Rows);
        Assert.Equal(169 + 173, Count("q"));
        var q = Assert.Single(r.Quarantined);
        Assert.Equal(LandingCounts.File(2), q.File);
        Assert.False(File.Exists(bad));
        Assert.True(File.Exists(Path.Combine(dir, "quarantine", LandingCounts.File(2))));
        Assert.Equal(Path.Combine(dir, "quarantine", LandingCounts.File(2) + ".error.json"), q.SidecarPath);
        var sidecar = JsonNode.Parse(File.ReadAllText(q.SidecarPath))!;
        Assert.Equal(LandingCounts.File(2), (string?)sidecar["file"]);
        var error = sidecar["errors"]![0]!;
        Assert.Equal(6, (long?)error["line"]);
        Assert.Contains("TOO MANY COLUMNS", ((string?)error["problem"])!.ToUpperInvariant().Replace('_', ' '));
        // The quarantined file is not in the watermark: a fixed file dropped under the same name is read later.
        Assert.Equal([LandingCounts.File(1), LandingCounts.File(3)], r.Watermark!.Files.Select(f => f.Name));
    }

    [Fact]
    public async Task A_value_that_does_not_fit_the_sniffed_type_names_its_column()
    {
        var dir = _tmp.Landing("landing", LandingCounts.File(1));
        var path = Path.Combine(dir, LandingCounts.File(1));
        var lines = File.ReadAllLines(path).ToList();
        // Far past the sniffer's sample (it reads the first 20 480 rows): append enough good rows, then one bad amount.
        var good = lines.Skip(1).ToArray();
        for (int i = 0; i < 130; i++) lines.AddRange(good);
        lines.Add("999999,1,2025-12-01T00:00:00Z,not-a-number,completed");
        File.WriteAllLines(path, lines);
        int badLine = lines.Count; // one-based line number of the last line

        var zone = new LandingZoneConnector(dir, "orders");
        var r = await zone.FetchAsync(new FetchRequest(_duck, "cast", null), Ct);
        var q = Assert.Single(r.Quarantined);
        Assert.Equal(0, r.Rows);
        var e = q.Errors[0];
        Assert.Equal(badLine, e.Line);
        Assert.Equal("amount", e.Column);
    }

    [Fact]
    public async Task An_unreadable_file_is_quarantined_and_the_others_are_read()
    {
        var dir = _tmp.Landing("landing", LandingCounts.File(1));
        File.WriteAllBytes(Path.Combine(dir, "broken.parquet"), [1, 2, 3, 4, 5, 6, 7, 8]);
        var zone = new LandingZoneConnector(dir, "orders");
        var r = await zone.FetchAsync(new FetchRequest(_duck, "u", null), Ct);
        Assert.Equal(169, r.Rows);
        var q = Assert.Single(r.Quarantined);
        Assert.Equal("broken.parquet", q.File);
        Assert.StartsWith("unreadable", q.Errors[0].Problem);
        Assert.True(File.Exists(q.SidecarPath));
    }

    [Fact]
    public async Task Hostile_file_and_column_names_are_quoted()
    {
        var dir = Path.Combine(_tmp.Path, "hostile");
        Directory.CreateDirectory(dir);
        const string column = "we\"ird col; DROP TABLE x; --";
        File.WriteAllText(Path.Combine(dir, "o'brien's orders.csv"), $"id,\"{column.Replace("\"", "\"\"")}\"\n1,a\n2,b\n");
        var zone = new LandingZoneConnector(dir, "it's");
        var r = await zone.FetchAsync(new FetchRequest(_duck, "t\"; DROP TABLE y; --", null), Ct);
        Assert.Equal(2, r.Rows);
        Assert.Equal("o'brien's orders.csv", Assert.Single(r.Watermark!.Files).Name);
        var schema = await zone.DescribeAsync(Ct);
        Assert.Equal(["id", column], schema.Columns.Select(c => c.Name));
        Assert.Equal("b", Scalar($"SELECT \"{column.Replace("\"", "\"\"")}\" FROM \"t\"\"; DROP TABLE y; --\" WHERE id = 2"));
    }

    [Fact]
    public async Task Json_lines_and_parquet_files_are_read_by_duckdb()
    {
        var dir = Path.Combine(_tmp.Path, "mixed");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "a.jsonl"), "{\"id\": 1, \"v\": \"x\"}\n{\"id\": 2, \"v\": \"y\"}\n");
        using (var cmd = _duck.CreateCommand())
        {
            cmd.CommandText = $"COPY (SELECT 3 AS id, 'z' AS v UNION ALL SELECT 4, 'w' UNION ALL SELECT 5, 'u') TO '{Path.Combine(dir, "b.parquet").Replace("'", "''")}' (FORMAT parquet)";
            cmd.ExecuteNonQuery();
        }
        var zone = new LandingZoneConnector(dir, "mixed");
        var r = await zone.FetchAsync(new FetchRequest(_duck, "m", null), Ct);
        Assert.Equal(5, r.Rows);
        Assert.Equal([("a.jsonl", 2L), ("b.parquet", 3L)], r.Parts.Select(p => (p.Name, p.Rows)));
        Assert.Equal(15L, Convert.ToInt64(Scalar("SELECT CAST(sum(id) AS BIGINT) FROM m")));
    }
}
