using AdaptiveEtl.Kit.Proactive.Sources;

namespace AdaptiveEtl.Kit.Tests.Proactive.Sources;

public sealed class WatermarkAndSpeedTests
{
    [Fact]
    public void Watermarks_round_trip_through_json_and_merge()
    {
        var files = Watermark.OfFiles([new LandedFile("b's.csv", 10, DateTimeOffset.UnixEpoch), new LandedFile("a.csv", 5, DateTimeOffset.UnixEpoch)]);
        Assert.Equal(["a.csv", "b's.csv"], files.Files.Select(f => f.Name));
        Assert.Equal(files, Watermark.FromJson(files.ToJson()));
        var more = files.Merge(Watermark.OfFiles([new LandedFile("c.csv", 1, DateTimeOffset.UnixEpoch)]));
        Assert.Equal(3, more.Files.Count);

        var ts = Watermark.OfTimestamp(new DateTimeOffset(2025, 12, 9, 15, 36, 7, TimeSpan.FromHours(1)), hasZone: false);
        var back = Watermark.FromJson(ts.ToJson());
        Assert.Equal(new DateTimeOffset(2025, 12, 9, 14, 36, 7, TimeSpan.Zero), back.Timestamp);
        Assert.False(back.TimestampHasZone);
        Assert.Equal(DateTimeKind.Unspecified, ((DateTime)back.ColumnValue).Kind);
        Assert.Equal(Watermark.OfInteger(9), Watermark.OfInteger(9).Merge(Watermark.OfInteger(4)));
        Assert.Throws<KitDataException>(() => Watermark.OfInteger(1).Merge(Watermark.OfText("x")));
        Assert.Throws<KitDataException>(() => Watermark.FromJson("{\"kind\":\"Nope\"}"));
        Assert.Throws<KitDataException>(() => Watermark.FromValue(1.5, "score"));
    }

    [Fact]
    public void Speed_is_the_least_squares_line_of_duration_on_bytes()
    {
        var m = new SpeedMeter();
        Assert.Equal(0, m.Current.Samples);
        // Durations of exactly 0.1 s + bytes / 1 MB/s: the fit must recover latency 0.1 s and 1e6 B/s.
        m.Record(0, TimeSpan.FromSeconds(0.1));
        m.Record(1_000_000, TimeSpan.FromSeconds(1.1));
        m.Record(3_000_000, TimeSpan.FromSeconds(3.1));
        var s = m.Current;
        Assert.Equal(0.1, s.Latency.TotalSeconds, 6);
        Assert.Equal(1e6, s.BytesPerSecond, 0);
        Assert.Equal(2.1, s.EstimateFetchTime(2_000_000).TotalSeconds, 6);
    }
}
