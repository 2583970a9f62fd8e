using AdaptiveEtl.Kit.History;
using AdaptiveEtl.Kit.Triggers;

namespace AdaptiveEtl.Kit.Tests.Triggers;

public sealed class TriggerFeaturesTests
{
    private static RunRecord Run(long id, string time, int files = 1, int schema = 1, long rows = 100) =>
        new("p", id, DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture), null, null, rows, rows * 10, files, schema, "h", "success");

    private static readonly RunRecord[] Runs =
    [
        Run(1, "2025-01-01T02:00:00Z"),                       // Wednesday, a holiday below
        Run(2, "2025-01-02T02:30:00Z", files: 3),             // +24.5 h
        Run(3, "2025-01-03T01:30:00Z", schema: 2, rows: 50),  // +23 h, schema changes
        Run(4, "2025-01-04T02:00:00Z"),                       // +24.5 h
    ];

    [Fact]
    public void Inter_arrival_series_and_exogenous_rows_are_aligned()
    {
        var rates = new[] { new IngestionRateSample("p", DateTimeOffset.Parse("2025-01-01T01:55:00Z", System.Globalization.CultureInfo.InvariantCulture), 2.5),
                            new IngestionRateSample("p", DateTimeOffset.Parse("2025-01-02T03:00:00Z", System.Globalization.CultureInfo.InvariantCulture), 9) };
        var holidays = new HolidayCalendar([(new DateOnly(2025, 1, 1), "New Year")]);
        var f = new TriggerFeatures("p", Runs.Reverse(), rates, holidays);
        var gaps = f.InterArrival();
        Assert.Equal([24.5, 23, 24.5], gaps.Values);
        Assert.Equal(Runs.Skip(1).Select(r => r.TriggerTime), gaps.Timestamps);
        Assert.Equal(7, gaps.SeasonalPeriod);       // median gap 24.5 h → daily triggers → weekly season
        var x = gaps.Exogenous!;
        Assert.Equal(TriggerFeatures.ExogenousNames, gaps.ExogenousNames);
        // Row 0 describes trigger 1 (opens the first gap): 02:00, Wednesday (3), January, holiday, 1 file, no schema change, rate 2.5.
        Assert.Equal([2.0, 3, 1, 1, 1, 0, 2.5], Enumerable.Range(0, 7).Select(j => x[0, j]));
        // Row 1 describes trigger 2: 02:30 → hour 2, Thursday (4), not a holiday, 3 files, rate still 2.5 (the 03:00 sample is later).
        Assert.Equal([2.0, 4, 1, 0, 3, 0, 2.5], Enumerable.Range(0, 7).Select(j => x[1, j]));
        Assert.Equal(1, x[2, 5]);                   // trigger 3 changed the schema version
        Assert.Equal(9, x[2, 6]);

        var rows = f.Volume(VolumeMeasure.Rows);
        Assert.Equal([100.0, 100, 50, 100], rows.Values);
        Assert.Equal(4, rows.Length);
        Assert.Equal([1000.0, 1000, 500, 1000], f.Volume(VolumeMeasure.Bytes, withExogenous: false).Values);
    }

    [Fact]
    public void Per_bucket_counts_include_empty_buckets()
    {
        var f = new TriggerFeatures("p", Runs);
        var daily = f.PerBucket(TimeBucket.Day);
        Assert.Equal([1.0, 1, 1, 1], daily.Values);
        Assert.Equal(7, daily.SeasonalPeriod);
        var hourly = f.PerBucket(TimeBucket.Hour);
        Assert.Equal(72 + 1, hourly.Length);        // 2025-01-01 02:00 … 2025-01-04 02:00
        Assert.Equal(4, hourly.Values.Sum());
        Assert.Equal(350, f.PerBucket(TimeBucket.Day, rows: true).Values.Sum());
    }

    [Fact]
    public void Errors_name_the_pipeline()
    {
        var e = Assert.Throws<KitDataException>(() => new TriggerFeatures("p", Runs.Take(2)));
        Assert.Equal("p", e.Location);
        var dup = Runs.Append(Runs[3] with { RunId = 9 });
        var e2 = Assert.Throws<KitDataException>(() => new TriggerFeatures("p", dup));
        Assert.Equal("trigger_time", e2.Column);
    }

    [Fact]
    public void Holiday_csv_loads_and_reports_bad_dates()
    {
        var dir = Directory.CreateTempSubdirectory("aek-hol").FullName;
        var good = Path.Combine(dir, "h.csv");
        File.WriteAllText(good, "date,name\n2025-01-01,New Year's Day\n2025-12-25,Christmas Day\n");
        var cal = HolidayCalendar.LoadCsv(good);
        Assert.True(cal.IsHoliday(new DateOnly(2025, 12, 25)));
        Assert.Equal(2, cal.ToProphetHolidays().Count);
        var bad = Path.Combine(dir, "bad.csv");
        File.WriteAllText(bad, "date,name\n2025-01-01,a\n01/02/2025,b\n");
        var e = Assert.Throws<KitDataException>(() => HolidayCalendar.LoadCsv(bad));
        Assert.Equal(1, e.Row);
        Assert.Equal("date", e.Column);
    }
}
