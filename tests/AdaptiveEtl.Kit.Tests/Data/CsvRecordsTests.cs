using System.Text;
using AdaptiveEtl.Kit.Data;
using AdaptiveEtl.Kit.History;
using AdaptiveEtl.Kit.Lineage.Capture;
using AdaptiveEtl.Kit.SchemaEvolution.Usage;
using AdaptiveEtl.Kit.Triggers;

namespace AdaptiveEtl.Kit.Tests.Data;

/// <summary>
/// The kit's one CSV record reader: the rules every CSV caller shares (comma always, strict UTF-8, NUL and malformed
/// quoting located by line, character and column, a stray quote kept as text), checked on the reader and on its callers.
/// </summary>
public sealed class CsvRecordsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aek-csvrec-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text) => WriteBytes(name, Encoding.UTF8.GetBytes(text));

    private string WriteBytes(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static List<CsvRecord> Records(string text, bool firstIsHeader = true) =>
        CsvRecords.Read(new StringReader(text), "t.csv", firstIsHeader).ToList();

    [Fact]
    public void The_separator_is_a_comma_even_when_semicolons_dominate_the_first_lines()
    {
        // CsvHelper's default detects the separator; these lines have more ';' than ',' and would be split on them.
        var r = Records("sql\nSELECT 1; SELECT 2; SELECT 3\nDELETE FROM t; VACUUM\n");
        Assert.All(r, x => Assert.Single(x.Fields));
        Assert.Equal("SELECT 1; SELECT 2; SELECT 3", r[1].Fields[0]);
        var sep = Records("sep=;\na;b\n"); // Excel's separator hint is data here, not an instruction
        Assert.Equal(["sep=;"], sep[0].Fields);
    }

    [Fact]
    public void Records_carry_the_physical_line_they_start_on()
    {
        var r = Records("a,b\r\n1,\"x\r\ny,z\"\r\n\r\n2,w\r\n");
        Assert.Equal([1L, 2L, 5L], r.Select(x => x.Line));
        Assert.Equal("x\r\ny,z", r[1].Fields[1]); // the line break and the comma inside the quotes are kept
    }

    [Fact]
    public void A_quote_inside_an_unquoted_field_is_text()
    {
        var r = Records("id,sql\n1,SELECT \"id\" FROM t\n2,ab\"c\n");
        Assert.Equal("SELECT \"id\" FROM t", r[1].Fields[1]);
        Assert.Equal("ab\"c", r[2].Fields[1]);
    }

    [Fact]
    public void Text_after_a_closing_quote_names_line_character_and_column_also_inside_a_multiline_record()
    {
        // The record starts on line 2; its quoted field closes on line 3 after "y" and is followed by 'z' (character 3).
        var e = Assert.Throws<KitDataException>(() => Records("a,b,c\n1,\"x\ny\"z,3\n"));
        Assert.Equal(3, e.Line);
        Assert.Equal("b", e.Column);
        Assert.Contains("at character 3 of line 3", e.Message);
        Assert.Contains("closing quote", e.Message);
    }

    [Fact]
    public void An_unterminated_quote_names_the_line_its_record_starts_on_and_the_column()
    {
        var e = Assert.Throws<KitDataException>(() => Records("a,b\n1,2\n3,\"abc\n4,5\n"));
        Assert.Equal(3, e.Line);
        Assert.Equal("b", e.Column);
        Assert.Contains("unterminated quoted field starting on line 3", e.Message);
    }

    [Fact]
    public void A_nul_names_line_character_and_column_after_a_multibyte_character()
    {
        // "1,é" is 3 characters (é is two UTF-8 bytes but one character), so the NUL is character 4 of line 2.
        var e = Assert.Throws<KitDataException>(() => Records("a,b\n1,é\0x\n"));
        Assert.Equal(2, e.Line);
        Assert.Equal("b", e.Column);
        Assert.Contains("NUL character (U+0000) at character 4", e.Message);
        // Without a header, no column name is invented.
        Assert.Null(Assert.Throws<KitDataException>(() => Records("1,x\0\n", firstIsHeader: false)).Column);
    }

    [Fact]
    public void Invalid_utf8_is_an_error_with_line_and_character_for_every_caller_never_a_replacement_character()
    {
        // Line 3 is "2025-12-25,Chris<0xE9>tmas" in Latin-1: the bad byte is character 17 ("2025-12-25,Chris" is 16).
        byte[] Latin1(string before, string after) => [.. Encoding.UTF8.GetBytes(before), 0xE9, .. Encoding.UTF8.GetBytes(after)];
        var holidays = WriteBytes("holidays.csv", Latin1("date,name\n2025-01-01,New Year\n2025-12-25,Chris", "tmas\n"));
        var e = Assert.Throws<KitDataException>(() => HolidayCalendar.LoadCsv(holidays));
        Assert.Equal(3, e.Line);
        Assert.Contains("invalid UTF-8 (byte 0xE9) at character 17", e.Message);
        Assert.Equal(holidays, e.Location);

        var frame = WriteBytes("frame.csv", Latin1("x,name\n1,caf", "\n"));
        Assert.Equal(2, Assert.Throws<KitDataException>(() => EtlKit.ReadCsv(frame)).Line);
        var queries = WriteBytes("q.csv", Latin1("ts,query_text\n2025-01-01T00:00:00Z,SELECT 'caf", "' FROM t\n"));
        Assert.Contains("invalid UTF-8", Assert.Throws<KitDataException>(() => QueryLogReader.ReadCsv(queries)).Message);
        var access = WriteBytes("a.csv", Latin1("ts,dataset,latency_ms\n2025-01-01T00:00:00Z,caf", ",1\n"));
        Assert.Contains("invalid UTF-8", Assert.Throws<KitDataException>(() => AccessLogReader.ReadCsv(access)).Message);
    }

    [Fact]
    public void Query_logs_read_through_the_shared_reader_keep_quoted_identifiers_and_semicolons()
    {
        var path = Write("query_log.csv",
            "ts,user_name,query_text\n" +
            "2025-01-01T00:00:00Z,alice,\"SELECT a, b FROM t; SELECT c FROM u\"\n" +
            "2025-01-01T00:01:00Z,bob,SELECT \"Id\" FROM t\n");
        var entries = QueryLogReader.ReadCsv(path);
        Assert.Equal("SELECT a, b FROM t; SELECT c FROM u", entries[0].QueryText);
        Assert.Equal("SELECT \"Id\" FROM t", entries[1].QueryText);
        var bad = Write("bad_query_log.csv", "ts,query_text\n2025-01-01T00:00:00Z,\"SELECT 1\" x\n");
        var e = Assert.Throws<KitDataException>(() => QueryLogReader.ReadCsv(bad));
        Assert.Equal(2, e.Line);
        Assert.Equal("query_text", e.Column);
    }

    [Fact]
    public void Access_logs_read_through_the_shared_reader_keep_quoted_commas()
    {
        var path = Write("access.csv", "ts,dataset,latency_ms,columns\n2025-09-01T08:00:00Z,\"mart.a,b\",1.5,x;y\n");
        var entry = Assert.Single(AccessLogReader.ReadCsv(path));
        Assert.Equal("mart.a,b", entry.Dataset);
        Assert.Equal(["x", "y"], entry.Columns);
    }

    [Fact]
    public void The_history_import_reads_through_the_shared_reader_stray_quotes_kept_nul_located()
    {
        const string header = "run_id,pipeline,trigger_time,start_time,end_time,rows_in,bytes_in,file_count,schema_version,schema_hash,outcome";
        using var store = RunHistoryStore.OpenDuckDb(":memory:");
        // A quote inside an unquoted value was kept as text by the history's own parser before; it still is.
        store.ImportCsv(new StringReader($"{header}\n1,p,2025-01-01T00:00:00Z,,,1,1,1,1,ab\"12,success\n"), "stray.csv");
        Assert.Equal("ab\"12", store.GetRunRecords().Single().SchemaHash);
        // A NUL inside a quoted field on the second line of a record: line 3, character 2 ("x" then NUL), column schema_hash.
        var e = Assert.Throws<KitDataException>(() => store.ImportCsv(new StringReader($"{header}\n2,p,2025-01-02T00:00:00Z,,,1,1,1,1,\"ab\nx\0\",success\n"), "nul.csv"));
        Assert.Equal(3, e.Line);
        Assert.Equal("schema_hash", e.Column);
        Assert.Contains("at character 2", e.Message);
        Assert.Single(store.GetRunRecords()); // nothing of the bad file was imported
    }
}
