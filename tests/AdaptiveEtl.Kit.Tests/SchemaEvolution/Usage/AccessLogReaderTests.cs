using AdaptiveEtl.Kit.SchemaEvolution.Usage;

namespace AdaptiveEtl.Kit.Tests.SchemaEvolution.Usage;

public class AccessLogReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aek-access-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Reads_json_lines_and_csv_alike()
    {
        var jsonl = Write("a.jsonl",
            "{\"ts\":\"2025-09-01T08:00:00Z\",\"user\":\"u1\",\"application\":\"api\",\"dataset\":\"mart.sales\",\"columns\":[\"id\",\"amount\"],\"filters\":[\"id\"],\"latency_ms\":12.5,\"rows\":3}\n" +
            "\n" +
            "{\"ts\":\"2025-09-01T09:00:00Z\",\"dataset\":\"mart.sales\",\"latency_ms\":4}\n");
        var csv = Write("a.csv", "ts,user,application,dataset,columns,latency_ms,rows,filters\n" +
            "2025-09-01T08:00:00Z,u1,api,mart.sales,id;amount,12.5,3,id\n" +
            "2025-09-01T09:00:00Z,,,mart.sales,,4,,\n");
        foreach (var entries in new[] { AccessLogReader.Read(jsonl), AccessLogReader.Read(csv) })
        {
            Assert.Equal(2, entries.Count);
            Assert.Equal(new DateTimeOffset(2025, 9, 1, 8, 0, 0, TimeSpan.Zero), entries[0].Timestamp);
            Assert.Equal(("u1", "api", "mart.sales"), (entries[0].User, entries[0].Application, entries[0].Dataset));
            Assert.Equal(["id", "amount"], entries[0].Columns);
            Assert.Equal(["id"], entries[0].FilterColumns);
            Assert.Equal((12.5, 3L), (entries[0].LatencyMs, entries[0].Rows!.Value));
            Assert.Null(entries[1].User);
            Assert.Empty(entries[1].Columns);
            Assert.Null(entries[1].Rows);
        }
    }

    [Theory]
    [InlineData("{\"ts\":\"2025-09-01T08:00:00Z\",\"dataset\":\"d\",\"latency_ms\":1}\n{\"ts\":\"2025-09-01T08:00:00Z\",\"dataset\":\"d\",\"latency_ms\":1}\n{not json}\n", "line 3", null)]
    [InlineData("{\"ts\":\"2025-09-01T08:00:00Z\",\"dataset\":\"d\",\"latency_ms\":1}\n{\"ts\":\"2025-09-01T08:00:00Z\",\"latency_ms\":1}\n", "line 2: field 'dataset' is missing", "dataset")]
    [InlineData("{\"ts\":\"yesterday\",\"dataset\":\"d\",\"latency_ms\":1}\n", "line 1: field 'ts' is 'yesterday'", "ts")]
    [InlineData("\n\n{\"ts\":\"2025-09-01T08:00:00Z\",\"dataset\":\"d\",\"latency_ms\":-3}\n", "line 3: field 'latency_ms' is -3", "latency_ms")]
    [InlineData("{\"ts\":\"2025-09-01T08:00:00Z\",\"dataset\":\"d\",\"latency_ms\":1,\"columns\":\"id\"}\n", "line 1: field 'columns' is a JSON String", "columns")]
    [InlineData("{\"ts\":\"2025-09-01T08:00:00Z\",\"dataset\":\"d\",\"latency_ms\":1,\"rows\":2.5}\n", "line 1: field 'rows' is 2.5", "rows")]
    public void Json_lines_errors_name_file_line_and_field(string text, string expected, string? field)
    {
        var path = Write("bad.jsonl", text);
        var e = Assert.Throws<KitDataException>(() => AccessLogReader.ReadJsonLines(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message);
        Assert.Equal(field, e.Column);
    }

    [Fact]
    public void Csv_errors_name_file_line_and_field()
    {
        // Line 3 holds a multi-line quoted field: the error on the record after it reports line 5.
        var path = Write("bad.csv", "ts,dataset,latency_ms,columns\n2025-09-01T08:00:00Z,d,1,a\n2025-09-01T08:00:00Z,d,2,\"a\nb\"\n2025-09-01T08:00:00Z,d,slow,a\n");
        var e = Assert.Throws<KitDataException>(() => AccessLogReader.ReadCsv(path));
        Assert.Contains("line 5", e.Message);
        Assert.Contains("'slow' is not a latency", e.Message);
        Assert.Equal("latency_ms", e.Column);

        var missing = Write("nohead.csv", "ts,latency_ms\n2025-09-01T08:00:00Z,1\n");
        var m = Assert.Throws<KitDataException>(() => AccessLogReader.ReadCsv(missing));
        Assert.Contains("no 'dataset' column", m.Message);

        Assert.Throws<KitDataException>(() => AccessLogReader.Read(Path.Combine(_dir, "absent.jsonl")));
    }
}
