using AdaptiveEtl.Kit.Synthesis;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Tests.Synthesis;

public class ShareComparisonAndOutputTests
{
    [Fact]
    public void FindsCategoriesAndBinsThatLostShare()
    {
        var reference = TabularData.FromFrame(new DataFrame(
            new StringDataFrameColumn("segment", Enumerable.Range(0, 100).Select(i => i < 15 ? "enterprise" : "consumer")),
            new DoubleDataFrameColumn("age", Enumerable.Range(0, 100).Select(i => (double)i))));
        var current = TabularData.FromFrame(new DataFrame(
            new StringDataFrameColumn("segment", Enumerable.Range(0, 100).Select(i => i < 3 ? "enterprise" : "consumer")),
            new DoubleDataFrameColumn("age", Enumerable.Range(0, 100).Select(i => 50.0 + i / 2.0))));
        var slices = ShareComparison.UnderRepresented(reference, current);
        // age: reference quintile edges 19.8, 39.6, 59.4, 79.2 (NumPy-style interpolation); current ages 50–99.5 leave
        // [−∞, 19.8) and [19.8, 39.6) empty (−0.20 each) and fill the upper bins.
        Assert.Equal(-0.20, slices[0].ShareChange, 12);
        Assert.Contains(slices, s => s.Column == "age" && s.Lower == double.NegativeInfinity && s.Upper == 19.8 && s.CurrentShare == 0);
        var enterprise = Assert.Single(slices, s => s.Column == "segment");
        Assert.Equal("enterprise", enterprise.Category);
        Assert.Equal(0.15, enterprise.ReferenceShare, 12);
        Assert.Equal(0.03, enterprise.CurrentShare, 12);
    }

    [Fact]
    public void WritesCsvAndParquetAtomically()
    {
        var frame = new DataFrame(
            new StringDataFrameColumn("name", ["a,b", "c\"d", null]),
            new DoubleDataFrameColumn("x", [1.5, null, -2]),
            new DateTimeDataFrameColumn("day", [new DateTime(2025, 1, 2, 0, 0, 0, DateTimeKind.Utc), new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc), null]));
        var dir = Path.Combine(Path.GetTempPath(), "kit-output-" + Guid.NewGuid().ToString("N"));
        try
        {
            var csv = Path.Combine(dir, "out.csv");
            SyntheticOutput.Write(frame, csv);
            Assert.Equal("name,x,day\r\n\"a,b\",1.5,2025-01-02\r\n\"c\"\"d\",,2025-01-02T03:04:05Z\r\n,-2,\r\n", File.ReadAllText(csv));
            var parquet = Path.Combine(dir, "it's.parquet");
            SyntheticOutput.Write(frame, parquet);
            Assert.Equal("PAR1", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(parquet)[..4]));
            Assert.Equal(2, Directory.GetFiles(dir).Length); // no temporary files left
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
