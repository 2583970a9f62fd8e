using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.DeepLearning.Tests.Synthesis;

/// <summary>A small seeded mixed table whose structure the tests know: segment decides the sign of x.</summary>
internal static class SynthesisTestData
{
    /// <summary>
    /// segment: A 60 %, B 30 %, C 10 %; x ~ N(+10, 1) for A, N(−10, 1) for B, N(0, 1) for C; count: integer 0–20;
    /// active: boolean (70 % true); day: dates in 2025; constant: always 5; empty: always null.
    /// </summary>
    public static DataFrame Mixed(int rows, int seed = 1)
    {
        var random = new Random(seed);
        var segment = new string?[rows];
        var x = new double?[rows];
        var count = new long?[rows];
        var active = new bool?[rows];
        var day = new DateTime?[rows];
        for (var i = 0; i < rows; i++)
        {
            var u = random.NextDouble();
            segment[i] = u < 0.6 ? "A" : u < 0.9 ? "B" : "C";
            var centre = segment[i] switch { "A" => 10.0, "B" => -10.0, _ => 0.0 };
            x[i] = centre + Normal(random);
            count[i] = random.Next(0, 21);
            active[i] = random.NextDouble() < 0.7;
            day[i] = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(random.Next(0, 365));
        }
        return new DataFrame(
            new StringDataFrameColumn("segment", segment),
            new DoubleDataFrameColumn("x", x),
            new Int64DataFrameColumn("count", count),
            new BooleanDataFrameColumn("active", active),
            new DateTimeDataFrameColumn("day", day),
            new Int64DataFrameColumn("constant", Enumerable.Repeat((long?)5, rows)),
            new DoubleDataFrameColumn("empty", Enumerable.Repeat((double?)null, rows)));
    }

    public static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    public static double Share(DataFrame frame, string column, object value)
    {
        var col = frame.Columns[column];
        long hits = 0;
        for (long i = 0; i < col.Length; i++) if (Equals(col[i], value)) hits++;
        return (double)hits / col.Length;
    }
}
