using AdaptiveEtl.Kit.Cli.Config;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Cli;

/// <summary>A CSV declared in <c>kit.yaml</c> is read by the kit's one CSV loader (<c>EtlKit.ReadCsv</c>), with its types and errors.</summary>
public sealed class TableLoaderCsvTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aek-tableload-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_config_csv_keeps_large_integers_exact_infinities_numeric_and_quoted_commas()
    {
        var path = Path.Combine(_dir, "current.csv");
        File.WriteAllText(path, "id,score,city\n1700000037,inf,\"Paris, FR\"\n1700000038,1.5,Rome\n");
        var frame = TableLoader.Load(new TableSource(TableSourceKind.Csv, path, null, "kit.yaml, line 3"), TestContext.Current.CancellationToken);
        Assert.IsType<Int64DataFrameColumn>(frame["id"]);
        Assert.Equal(1700000037L, frame["id"][0]); // a 32-bit float would give 1700000000
        Assert.Equal(double.PositiveInfinity, Assert.IsType<DoubleDataFrameColumn>(frame["score"])[0]);
        Assert.Equal("Paris, FR", frame["city"][0]);
    }

    [Fact]
    public void A_config_csv_with_a_ragged_row_is_an_error_naming_file_and_line()
    {
        var path = Path.Combine(_dir, "ragged.csv");
        File.WriteAllText(path, "a,b\n1,2\n3\n");
        var e = Assert.Throws<KitDataException>(() => TableLoader.Load(new TableSource(TableSourceKind.Csv, path, null, "kit.yaml, line 3"), TestContext.Current.CancellationToken));
        Assert.Equal(3, e.Line);
        Assert.Contains("ragged.csv", e.Message);
    }
}
