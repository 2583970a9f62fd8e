using AdaptiveEtl.Kit.History;
using AdaptiveEtl.Kit.Tests.Infrastructure;

namespace AdaptiveEtl.Kit.Tests.History;

/// <summary>
/// Issue 19, rows that were accepted although questionable: a run ending before it starts or starting before its
/// trigger, an ambiguous date like <c>01/02/2025</c> (read as 2 January), and <c>"alpha"beta</c> (read as alphabeta).
/// Each is now rejected naming the line as an editor shows it (header = line 1) and the column, importing nothing, on
/// DuckDB and PostgreSQL alike.
/// </summary>
public sealed class QuestionableRowTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private const string Header = "run_id,pipeline,trigger_time,start_time,end_time,rows_in,bytes_in,file_count,schema_version,schema_hash,outcome";
    private const string GoodRow = "1,orders_daily,2025-01-01T02:03:00Z,2025-01-01T02:04:00Z,2025-01-01T02:10:00Z,1000,64000,1,1,ab12,success";

    public static TheoryData<string> Engines => ["duckdb", "postgres"];

    private async Task<RunHistoryStore> OpenAsync(string engine)
    {
        if (engine == "duckdb") return RunHistoryStore.OpenDuckDb(":memory:");
        postgres.SkipIfUnavailable();
        return RunHistoryStore.OpenPostgres(await postgres.CreateDatabaseAsync("questionable"));
    }

    private async Task<KitDataException> RejectsAsync(string engine, string csv)
    {
        using var store = await OpenAsync(engine);
        var e = Assert.Throws<KitDataException>(() => store.ImportCsv(new StringReader(csv), "runs.csv"));
        Assert.Empty(store.GetRunRecords()); // the good line 2 was not imported either
        Assert.Equal("runs.csv", e.Location);
        return e;
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_run_that_ends_before_it_starts_is_rejected_with_its_line(string engine)
    {
        var e = await RejectsAsync(engine, $"{Header}\n{GoodRow}\n2,orders_daily,2025-01-02T02:00:00Z,2025-01-02T02:05:00Z,2025-01-02T02:01:00Z,1,1,1,1,ab12,success\n");
        Assert.Equal(3, e.Line);
        Assert.Equal("end_time", e.Column);
        Assert.Contains("line 3", e.Message);
        Assert.Contains("before start_time", e.Message);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_run_that_starts_before_its_trigger_is_rejected_with_its_line(string engine)
    {
        var e = await RejectsAsync(engine, $"{Header}\n{GoodRow}\n\n2,orders_daily,2025-01-02T02:00:00Z,2025-01-02T01:59:59Z,,1,1,1,1,ab12,success\n");
        Assert.Equal(4, e.Line); // the blank line 3 counts, as in an editor
        Assert.Equal("start_time", e.Column);
        Assert.Contains("before trigger_time", e.Message);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_run_that_ends_before_its_trigger_without_a_start_is_rejected(string engine)
    {
        var e = await RejectsAsync(engine, $"{Header}\n{GoodRow}\n2,orders_daily,2025-01-02T02:00:00Z,,2025-01-02T01:00:00Z,1,1,1,1,ab12,failed\n");
        Assert.Equal(3, e.Line);
        Assert.Equal("end_time", e.Column);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task An_ambiguous_slash_date_is_rejected_naming_line_column_and_the_accepted_formats(string engine)
    {
        // Before: DateTimeOffset.TryParse with the invariant culture read 01/02/2025 as 2 January, silently.
        var e = await RejectsAsync(engine, $"{Header}\n{GoodRow}\n2,orders_daily,01/02/2025,,,1,1,1,1,ab12,success\n");
        Assert.Equal(3, e.Line);
        Assert.Equal("trigger_time", e.Column);
        Assert.Contains("'01/02/2025'", e.Message);
        Assert.Contains("ambiguous", e.Message);
        Assert.Contains("yyyy-MM-ddTHH:mm:ss", e.Message);
    }

    [Theory]
    [InlineData("2025-01-01T02:03:00 PM")]
    [InlineData("Jan 1 2025")]
    [InlineData("2025-1-1T02:03:00Z")]
    public async Task Other_non_iso_timestamps_are_rejected(string timestamp)
    {
        var e = await RejectsAsync("duckdb", $"{Header}\n5,orders_daily,{timestamp},,,1,1,1,1,ab12,success\n");
        Assert.Equal(2, e.Line);
        Assert.Equal("trigger_time", e.Column);
        Assert.Contains("ISO-8601", e.Message);
    }

    [Fact]
    public void Iso_timestamps_with_a_space_a_fraction_or_an_offset_are_still_accepted()
    {
        using var store = RunHistoryStore.OpenDuckDb(":memory:");
        store.ImportCsv(new StringReader($"{Header}\n1,p,2025-01-01 02:03:00,2025-01-01T04:04:00.5+02:00,2025-01-01T02:10Z,1,1,1,1,ab12,success\n2,p,2025-01-02,,,1,1,1,1,ab12,success\n"), "ok.csv");
        var runs = store.GetRunRecords("p");
        // 04:04:00.5+02:00 is 02:04:00.5 UTC (worked by hand); a bare date is midnight UTC.
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 2, 4, 0, 500, TimeSpan.Zero), runs[0].StartTime);
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 2, 10, 0, TimeSpan.Zero), runs[0].EndTime);
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 0, 0, 0, TimeSpan.Zero), runs[1].TriggerTime);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Text_after_a_closing_quote_is_rejected_with_line_column_and_character(string engine)
    {
        // Before: "alpha"beta was stored as alphabeta.
        var e = await RejectsAsync(engine, $"{Header}\n{GoodRow}\n2,orders_daily,2025-01-01T02:03:00Z,,,1000,64000,1,1,\"alpha\"beta,success\n");
        Assert.Equal(3, e.Line);
        Assert.Equal("schema_hash", e.Column);
        // Counted by hand: 53 characters up to the field, "alpha" with its quotes is 7 more, so 'b' is character 61.
        Assert.Contains("character 61", e.Message);
        Assert.Contains("closing quote", e.Message);
    }

    [Fact]
    public void A_doubled_quote_inside_a_quoted_field_is_still_a_quote()
    {
        using var store = RunHistoryStore.OpenDuckDb(":memory:");
        store.ImportCsv(new StringReader($"{Header}\n1,\"orders \"\"eu\"\"\",2025-01-01T02:03:00Z,,,1,1,1,1,\"ab12\",success\n"), "ok.csv");
        Assert.Equal("ab12", store.GetRunRecords().Single().SchemaHash);
        Assert.Equal(["orders \"eu\""], store.Pipelines());
    }
}
