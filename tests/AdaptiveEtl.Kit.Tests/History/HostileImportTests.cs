using System.Text;
using AdaptiveEtl.Kit.History;
using AdaptiveEtl.Kit.Tests.Infrastructure;

namespace AdaptiveEtl.Kit.Tests.History;

/// <summary>
/// Issue 19, silent changes on import: out-of-range integers wrapped around, invalid UTF-8 became U+FFFD, a NUL cut a
/// value in DuckDB, a repeated header column was ignored, and errors named a zero-based data row instead of the line an
/// editor shows. Each is now an error naming file, line and column, the same on DuckDB and PostgreSQL, importing nothing.
/// </summary>
public sealed class HostileImportTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IDisposable
{
    private const string Header = "run_id,pipeline,trigger_time,start_time,end_time,rows_in,bytes_in,file_count,schema_version,schema_hash,outcome";
    private const string GoodRow = "1,orders_daily,2025-01-01T02:03:00Z,2025-01-01T02:04:00Z,2025-01-01T02:10:00Z,1000,64000,1,1,ab12,success";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "aek-hostile-" + Guid.NewGuid().ToString("N"));

    public void Dispose() { if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true); }

    public static TheoryData<string> Engines => ["duckdb", "postgres"];

    private async Task<RunHistoryStore> OpenAsync(string engine)
    {
        if (engine == "duckdb") return RunHistoryStore.OpenDuckDb(":memory:");
        postgres.SkipIfUnavailable();
        return RunHistoryStore.OpenPostgres(await postgres.CreateDatabaseAsync("hostile"));
    }

    private string WriteFile(string name, byte[] bytes)
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string WriteFile(string name, string text) => WriteFile(name, Encoding.UTF8.GetBytes(text));

    private static string Row(long runId, string fileCount = "1", string schemaVersion = "1") =>
        $"{runId},orders_daily,2025-01-01T02:03:00Z,,,1000,64000,{fileCount},{schemaVersion},ab12,success";

    private async Task<KitDataException> RejectsAsync(string engine, string path)
    {
        using var store = await OpenAsync(engine);
        var e = Assert.Throws<KitDataException>(() => store.ImportCsv(path));
        Assert.Empty(store.GetRunRecords());
        Assert.Equal(path, e.Location);
        return e;
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_file_count_beyond_int32_is_an_error_not_a_wrapped_negative(string engine)
    {
        // 3,000,000,000 − 2³² = −1,294,967,296: what a silent (int) cast stored before.
        var path = WriteFile("big_files.csv", $"{Header}\n{GoodRow}\n{Row(2, fileCount: "3000000000")}\n");
        var e = await RejectsAsync(engine, path);
        Assert.Equal("file_count", e.Column);
        Assert.Equal(3, e.Line);
        Assert.Contains("line 3", e.Message);
        Assert.Contains("3000000000 is out of range", e.Message);
        Assert.Contains("2147483647", e.Message);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_schema_version_of_two_to_the_32_plus_one_is_an_error_not_version_1(string engine)
    {
        var path = WriteFile("big_version.csv", $"{Header}\n{Row(1, schemaVersion: "4294967297")}\n");
        var e = await RejectsAsync(engine, path);
        Assert.Equal("schema_version", e.Column);
        Assert.Equal(2, e.Line);
        Assert.Contains("4294967297 is out of range", e.Message);
    }

    [Fact]
    public void A_negative_file_count_below_int32_and_a_run_id_beyond_int64_are_range_errors()
    {
        using var store = RunHistoryStore.OpenDuckDb(":memory:");
        var e = Assert.Throws<KitDataException>(() => store.ImportCsv(new StringReader($"{Header}\n{Row(1, schemaVersion: "-2147483649")}"), "v.csv"));
        Assert.Equal("schema_version", e.Column);
        Assert.Contains("out of range", e.Message);
        e = Assert.Throws<KitDataException>(() => store.ImportCsv(new StringReader($"{Header}\n99999999999999999999,a,2025-01-01T00:00:00Z,,,1,1,1,1,h,success"), "id.csv"));
        Assert.Equal("run_id", e.Column);
        Assert.Contains("out of range", e.Message);
        Assert.Contains("9223372036854775807", e.Message);
    }

    [Fact]
    public void Error_locations_are_editor_lines_header_is_line_1()
    {
        // 4,999 good data rows (lines 2 … 5000) and a bad one: data row 4999, line 5001 (issue 19's example).
        var sb = new StringBuilder(Header).Append('\n');
        for (int i = 1; i <= 4999; i++) sb.Append(Row(i)).Append('\n');
        sb.Append(Row(5000).Replace(",1000,", ",12x,"));
        using var store = RunHistoryStore.OpenDuckDb(":memory:");
        var e = Assert.Throws<KitDataException>(() => store.ImportCsv(new StringReader(sb.ToString()), "long.csv"));
        Assert.Equal(5001, e.Line);
        Assert.Equal(4999, e.Row);
        Assert.Equal("long.csv, line 5001, column 'rows_in': '12x' is not an integer.", e.Message);
    }

    [Fact]
    public void A_quoted_field_spanning_lines_moves_the_following_lines_on()
    {
        // Line 2 opens a quoted schema_hash that ends on line 3; the bad row starts on line 4.
        var csv = $"{Header}\n1,orders_daily,2025-01-01T02:03:00Z,,,1,1,1,1,\"ab\n12\",success\n{Row(2).Replace(",success", ",exploded")}";
        using var store = RunHistoryStore.OpenDuckDb(":memory:");
        var e = Assert.Throws<KitDataException>(() => store.ImportCsv(new StringReader(csv), "multi.csv"));
        Assert.Equal(4, e.Line);
        Assert.Equal("outcome", e.Column);
    }

    [Fact]
    public void A_duplicate_run_names_both_lines()
    {
        var csv = $"{Header}\n{Row(7)}\n\n{Row(8)}\n{Row(7)}";
        using var store = RunHistoryStore.OpenDuckDb(":memory:");
        var e = Assert.Throws<KitDataException>(() => store.ImportCsv(new StringReader(csv), "dup.csv"));
        // The blank line 3 counts as a line but not as a row.
        Assert.Contains("lines 2 and 5", e.Message);
        Assert.Equal(5, e.Line);
    }

    private static byte[] WithInvalidUtf8()
    {
        // Line 3 is "2,orders_d<0xFF>ily,…": the bad byte is the 11th character of the line ("2,orders_d" is 10).
        var before = Encoding.UTF8.GetBytes($"{Header}\n{GoodRow}\n2,orders_d");
        var after = Encoding.UTF8.GetBytes("ily,2025-01-02T02:03:00Z,,,1,1,1,1,ab12,success\n");
        return [.. before, 0xFF, .. after];
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Invalid_utf8_is_rejected_with_line_and_character(string engine)
    {
        var path = WriteFile("latin1.csv", WithInvalidUtf8());
        var e = await RejectsAsync(engine, path);
        Assert.Equal(3, e.Line);
        Assert.Contains("invalid UTF-8 (byte 0xFF) at character 11", e.Message);
        Assert.Contains("line 3", e.Message);
    }

    [Fact]
    public void A_multibyte_character_before_the_bad_byte_counts_once()
    {
        // "é" is two bytes but one character: the bad byte 0xC3 (a lead byte followed by ',') is character 4 of line 2.
        var bytes = Encoding.UTF8.GetBytes($"{Header}\n1,é");
        bytes = [.. bytes, 0xC3, .. Encoding.UTF8.GetBytes(",2025-01-01T00:00:00Z,,,1,1,1,1,h,success\n")];
        var path = WriteFile("mixed.csv", bytes);
        using var store = RunHistoryStore.OpenDuckDb(":memory:");
        var e = Assert.Throws<KitDataException>(() => store.ImportCsv(path));
        Assert.Equal(2, e.Line);
        Assert.Contains("at character 4", e.Message);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_nul_character_is_rejected_with_line_column_and_character(string engine)
    {
        var path = WriteFile("nul.csv", $"{Header}\n{GoodRow}\n2,orders\0daily,2025-01-02T02:03:00Z,,,1,1,1,1,ab12,success\n");
        var e = await RejectsAsync(engine, path);
        Assert.Equal(3, e.Line);
        Assert.Equal("pipeline", e.Column);
        Assert.Contains("NUL character (U+0000) at character 9", e.Message); // "2,orders" is 8 characters
    }

    [Fact]
    public async Task Bad_bytes_give_the_same_error_on_duckdb_and_postgresql()
    {
        postgres.SkipIfUnavailable();
        foreach (var (name, bytes) in new[] { ("latin1.csv", WithInvalidUtf8()), ("nul.csv", Encoding.UTF8.GetBytes($"{Header}\n1,a\0b,2025-01-01T00:00:00Z,,,1,1,1,1,h,success")) })
        {
            var path = WriteFile(name, bytes);
            var duck = await RejectsAsync("duckdb", path);
            var pg = await RejectsAsync("postgres", path);
            Assert.Equal(duck.Message, pg.Message);
            Assert.Equal(duck.Line, pg.Line);
        }
    }

    [Fact]
    public void A_column_named_twice_in_the_header_is_rejected()
    {
        using var store = RunHistoryStore.OpenDuckDb(":memory:");
        var csv = Header + ",Rows_In\n" + GoodRow + ",5";
        var e = Assert.Throws<KitDataException>(() => store.ImportCsv(new StringReader(csv), "twice.csv"));
        Assert.Equal(1, e.Line);
        Assert.Equal("Rows_In", e.Column);
        Assert.Contains("appears twice in the header (fields 6 and 12)", e.Message);
        Assert.Empty(store.GetRunRecords());
    }

    [Fact]
    public void A_file_with_a_utf8_bom_still_imports()
    {
        var path = WriteFile("bom.csv", [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes($"{Header}\n{GoodRow}\n")]);
        using var store = RunHistoryStore.OpenDuckDb(":memory:");
        Assert.Equal(1, store.ImportCsv(path).Runs);
        Assert.Equal("orders_daily", store.GetRunRecords().Single().Pipeline);
    }
}
