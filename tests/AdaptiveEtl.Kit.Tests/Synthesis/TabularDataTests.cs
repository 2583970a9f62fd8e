using AdaptiveEtl.Kit.Schema;
using AdaptiveEtl.Kit.Synthesis;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Tests.Synthesis;

public class TabularDataTests
{
    [Fact]
    public void FrameRoundTripKeepsTypesAndValues()
    {
        var frame = new DataFrame(
            new Int32DataFrameColumn("age", [38, 45, null]),
            new DoubleDataFrameColumn("income", [87150.19, null, 1.5]),
            new BooleanDataFrameColumn("active", [true, false, null]),
            new StringDataFrameColumn("country", ["IN", "US", null]),
            new DateTimeDataFrameColumn("login", [new DateTime(2025, 3, 14, 0, 40, 55, DateTimeKind.Utc), null, new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc)]));
        var data = TabularData.FromFrame(frame);
        Assert.Equal(1741912855.0, data.Numeric("login")[0]); // date -u -d 2025-03-14T00:40:55Z +%s
        Assert.Equal("true", data.Labels("active")[0]);
        var back = data.ToFrame();
        for (var c = 0; c < frame.Columns.Count; c++)
        {
            Assert.Equal(frame.Columns[c].DataType, back.Columns[c].DataType);
            for (var r = 0; r < 3; r++) Assert.Equal(frame.Columns[c][r], back.Columns[c][r]);
        }
    }

    [Fact]
    public void BadValuesNameColumnAndRow()
    {
        var frame = new DataFrame(new StringDataFrameColumn("when", ["2025-01-01", "yesterday"]));
        var schema = new TableSchema("batch.csv", [new ColumnSchema("when", ColumnKind.DateTime)]);
        var e = Assert.Throws<KitDataException>(() => TabularData.FromFrame(frame, schema));
        Assert.Equal("when", e.Column);
        Assert.Equal(1, e.Row);
        Assert.Contains("yesterday", e.Message);
    }

    [Fact]
    public void LoadCsvReadsWholeNumbersAsLongAndDatesAsUtc()
    {
        var path = Path.Combine(Path.GetTempPath(), "kit-tabular-" + Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, "id,x,day,flag,name\n1,0.25,2025-01-02,true,a\n2,1.5,2025-01-03,false,b\n");
        try
        {
            var frame = TabularData.LoadCsv(path);
            Assert.Equal(typeof(long), frame.Columns["id"].DataType);
            Assert.Equal(typeof(double), frame.Columns["x"].DataType);
            Assert.Equal(typeof(DateTime), frame.Columns["day"].DataType);
            Assert.Equal(typeof(bool), frame.Columns["flag"].DataType);
            Assert.Equal(0.25, frame.Columns["x"][0]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
