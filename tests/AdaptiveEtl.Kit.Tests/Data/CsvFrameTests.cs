using AdaptiveEtl.Kit.Data;
using AdaptiveEtl.Kit.Synthesis;
using AdaptiveEtl.Kit.Triggers;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Tests.Data;

/// <summary>The kit's one CSV loader: types from every row, exact integers, ±∞, quoted commas, errors that name file, line and column.</summary>
public sealed class CsvFrameTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aek-csv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Types_come_from_every_row_and_large_integers_stay_exact()
    {
        // 1700000037 as a 32-bit float is 1700000000 (float has a 24-bit mantissa): the kit reads it as a long.
        var rows = string.Join("\n", Enumerable.Range(0, 2000).Select(i => $"{1700000000 + i},{(i == 1500 ? "2.5" : "1")},{(i % 2 == 0 ? "true" : "false")},2025-01-{1 + i % 28:00}T10:00:00Z,{(i == 1999 ? "x" : "7")}"));
        var path = Write("t.csv", "id,amount,flag,at,code\n" + rows + "\n");
        var f = EtlKit.ReadCsv(path);
        Assert.IsType<Int64DataFrameColumn>(f["id"]);
        Assert.Equal(1700000037L, f["id"][37]);
        Assert.IsType<DoubleDataFrameColumn>(f["amount"]); // a 2.5 at row 1500 makes the whole column double
        Assert.Equal(2.5, f["amount"][1500]);
        Assert.IsType<BooleanDataFrameColumn>(f["flag"]);
        var at = Assert.IsType<DateTimeDataFrameColumn>(f["at"]);
        Assert.Equal(new DateTime(2025, 1, 1, 10, 0, 0, DateTimeKind.Utc), at[0]);
        Assert.Equal(DateTimeKind.Utc, at[0]!.Value.Kind);
        Assert.IsType<StringDataFrameColumn>(f["code"]); // one text value at the last row makes it text
    }

    [Fact]
    public void Infinities_are_numbers_empty_fields_are_missing_and_an_all_empty_column_is_numeric()
    {
        var path = Write("inf.csv", "x,e,s\n1.5,,a\ninf,,\n-inf,,c\nnan,,d\n");
        var f = CsvFrame.Read(path);
        var x = Assert.IsType<DoubleDataFrameColumn>(f["x"]);
        Assert.Equal(double.PositiveInfinity, x[1]);
        Assert.Equal(double.NegativeInfinity, x[2]);
        Assert.True(double.IsNaN(x[3]!.Value));
        var e = Assert.IsType<DoubleDataFrameColumn>(f["e"]);
        Assert.Equal(4, e.NullCount);
        Assert.Null(f["s"][1]);
    }

    [Fact]
    public void A_bad_cell_far_down_names_the_file_line_and_column()
    {
        var lines = Enumerable.Range(0, 60).Select(i => i == 49 ? "49,oops" : $"{i},{i * 2}");
        var path = Write("bad.csv", "id,qty\n" + string.Join("\n", lines) + "\n");
        var e = Assert.Throws<KitDataException>(() => CsvFrame.Read(path, new Dictionary<string, Type> { ["qty"] = typeof(long) }));
        Assert.Contains("bad.csv", e.Message);
        Assert.Contains("line 51", e.Message); // header is line 1, data row 49 (0-based) is line 51
        Assert.Equal(51, e.Line);
        Assert.Equal("qty", e.Column);
        Assert.Contains("qty", e.Message);
        Assert.Contains("'oops' is not a whole number", e.Message);
    }

    [Fact]
    public void Explicit_types_override_inference_and_unknown_or_missing_columns_are_refused()
    {
        var path = Write("typed.csv", "zip,amount\n01234,3\n98765,4\n");
        var f = CsvFrame.Read(path, new Dictionary<string, Type> { ["zip"] = typeof(string), ["amount"] = typeof(double) });
        Assert.Equal("01234", f["zip"][0]); // kept as text: the leading zero survives
        Assert.IsType<DoubleDataFrameColumn>(f["amount"]);
        Assert.Contains("column 'nope'", Assert.Throws<KitDataException>(() => CsvFrame.Read(path, new Dictionary<string, Type> { ["nope"] = typeof(long) })).Message);
        var ragged = Write("ragged.csv", "a,b\n1,2\n3\n");
        var short3 = Assert.Throws<KitDataException>(() => CsvFrame.Read(ragged));
        Assert.Equal(3, short3.Line);
        Assert.Contains("line 3: 1 field(s), expected 2", short3.Message);
        var twice = Write("twice.csv", "a,a\n1,2\n");
        Assert.Contains("column 'a' twice", Assert.Throws<KitDataException>(() => CsvFrame.Read(twice)).Message);
        Assert.Contains("file not found", Assert.Throws<KitDataException>(() => CsvFrame.Read(Path.Combine(_dir, "missing.csv"))).Message);
    }

    [Fact]
    public void A_float_schema_is_refused_and_a_timestamp_schema_reads_utc_datetimes()
    {
        var path = Write("ts.csv", "id,at\n1700000037,2025-01-01T12:00:00+02:00\n");
        // (float)1700000037 == 1700000000: a 32-bit float cannot hold the id, so the loader never makes one.
        Assert.Equal(1700000000f, (float)1700000037);
        var e = Assert.Throws<KitDataException>(() => CsvFrame.Read(path, new Dictionary<string, Type> { ["id"] = typeof(float) }));
        Assert.Contains("never float", e.Message);
        Assert.Equal("id", e.Column);
        var f = CsvFrame.Read(path, new Dictionary<string, Type> { ["at"] = typeof(DateTimeOffset) });
        Assert.Equal(new DateTime(2025, 1, 1, 10, 0, 0, DateTimeKind.Utc), Assert.IsType<DateTimeDataFrameColumn>(f["at"])[0]); // +02:00 applied
    }

    [Fact]
    public void Quoted_fields_keep_commas_quotes_and_line_breaks_and_errors_cite_the_physical_line()
    {
        var path = Write("q.csv", "id,sql\n1,\"SELECT a,\n  b FROM \"\"T\"\"\"\n2,plain\n3,\"unterminated\n");
        var e = Assert.Throws<KitDataException>(() => CsvFrame.Read(path));
        Assert.Contains("line 5", e.Message); // the record starting on line 5 (after the two-line field on lines 2–3)
        var ok = Write("q2.csv", "id,sql\n1,\"SELECT a,\n  b FROM \"\"T\"\"\"\n2,plain\n");
        var f = CsvFrame.Read(ok);
        Assert.Equal("SELECT a,\n  b FROM \"T\"", f["sql"][0]);
        Assert.Equal(2L, f["id"][1]);
    }

    [Fact]
    public void A_holiday_name_with_a_quoted_comma_is_read_whole()
    {
        var path = Write("holidays.csv", "date,name\n2025-01-01,\"New Year's Day, observed\"\n2025-12-25,Christmas\n");
        var calendar = HolidayCalendar.LoadCsv(path);
        Assert.Equal([(new DateOnly(2025, 1, 1), "New Year's Day, observed"), (new DateOnly(2025, 12, 25), "Christmas")], calendar.Holidays);
        var bad = Write("bad-holidays.csv", "date,name\n2025-01-01,a\n\n01/02/2025,b\n");
        var e = Assert.Throws<KitDataException>(() => HolidayCalendar.LoadCsv(bad));
        Assert.Equal(4, e.Line); // the blank line 3 is skipped, lines still count
        Assert.Equal("date", e.Column);
        Assert.Contains("line 4, column 'date': '01/02/2025' is not a date", e.Message);
    }

    [Fact]
    public void Synthesis_loads_through_the_same_loader()
    {
        var path = Write("s.csv", "n,big\n1,1700000037\n2,1700000038\n");
        var f = TabularData.LoadCsv(path);
        Assert.Equal(1700000037L, f["big"][0]);
    }
}
