using AdaptiveEtl.Kit.Forecasting;
using AdaptiveEtl.Kit.Forecasting.Baselines;
using AdaptiveEtl.Kit.Forecasting.Ets;
using AdaptiveEtl.Kit.Forecasting.Prophet;
using AdaptiveEtl.Kit.Forecasting.Statistics;

namespace AdaptiveEtl.Kit.Tests.Forecasting.Statistics;

/// <summary>
/// Calendar stepping of forecast timestamps. Expected dates are calendar facts (month lengths, 2028 is a leap year, 2100 is
/// not), as prophet's <c>make_future_dataframe(freq='MS' | 'M' | 'QS' | 'YS')</c> would place them.
/// </summary>
public sealed class FutureTimestampsTests
{
    private static DateTimeOffset D(int y, int m, int d, int h = 0) => new(y, m, d, h, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<DateTimeOffset> Monthly(DateTimeOffset first, int count, bool monthEnd = false) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var t = first.AddMonths(i);
            return monthEnd ? new DateTimeOffset(t.Year, t.Month, DateTime.DaysInMonth(t.Year, t.Month), t.Hour, 0, 0, t.Offset) : t;
        }).ToArray();

    [Fact]
    public void Month_starts_step_by_calendar_months_not_by_the_31_day_median_gap()
    {
        var history = Monthly(D(2020, 1, 1), 24);
        var future = FutureTimestamps.After(history, 14)!;
        Assert.Equal(Enumerable.Range(1, 14).Select(k => D(2022, 1, 1).AddMonths(k - 1)), future);
        // The median gap (31 days) would have put step 14 on 2023-03-05.
        Assert.Equal(D(2023, 2, 1), future[^1]);
    }

    [Fact]
    public void Month_ends_stay_on_month_ends_through_february_and_leap_years()
    {
        var history = Monthly(D(2026, 1, 31), 24, monthEnd: true); // Jan 2026 … Dec 2027
        var future = FutureTimestamps.After(history, 3)!;
        Assert.Equal([D(2028, 1, 31), D(2028, 2, 29), D(2028, 3, 31)], future);

        var century = Monthly(D(2099, 1, 31), 12, monthEnd: true);
        Assert.Equal(D(2100, 2, 28), FutureTimestamps.After(century, 2)![1]);
    }

    [Fact]
    public void The_30th_clamps_to_february_and_comes_back()
    {
        var history = new[] { D(2027, 10, 30), D(2027, 11, 30), D(2027, 12, 30), D(2028, 1, 30) };
        Assert.Equal([D(2028, 2, 29), D(2028, 3, 30)], FutureTimestamps.After(history, 2)!);
    }

    [Fact]
    public void Quarters_years_and_the_time_of_day_and_offset_are_kept()
    {
        var quarters = Enumerable.Range(0, 8).Select(i => D(2020, 1, 1, 6).AddMonths(3 * i)).ToArray();
        Assert.Equal([D(2022, 1, 1, 6), D(2022, 4, 1, 6), D(2022, 7, 1, 6)], FutureTimestamps.After(quarters, 3)!);

        var quarterEnds = new[] { D(2023, 3, 31), D(2023, 6, 30), D(2023, 9, 30), D(2023, 12, 31) };
        Assert.Equal([D(2024, 3, 31), D(2024, 6, 30)], FutureTimestamps.After(quarterEnds, 2)!);

        var leapDays = new[] { D(2016, 2, 29), D(2017, 2, 28), D(2018, 2, 28), D(2019, 2, 28) };
        Assert.Equal([D(2020, 2, 29), D(2021, 2, 28)], FutureTimestamps.After(leapDays, 2)!);

        var plusTwo = TimeSpan.FromHours(2);
        var local = Enumerable.Range(0, 6).Select(i => new DateTimeOffset(2024, 1, 1, 0, 0, 0, plusTwo).AddMonths(i)).ToArray();
        Assert.Equal(new DateTimeOffset(2024, 7, 1, 0, 0, 0, plusTwo), FutureTimestamps.After(local, 1)![0]);
    }

    [Fact]
    public void A_missing_month_keeps_the_monthly_grid()
    {
        var history = Monthly(D(2020, 1, 1), 12).Where(t => t.Month != 5).ToArray();
        Assert.Equal(D(2021, 1, 1), FutureTimestamps.After(history, 1)![0]);
    }

    [Fact]
    public void Daily_and_irregular_histories_use_the_median_spacing()
    {
        var daily = Enumerable.Range(0, 10).Select(i => D(2024, 1, 28).AddDays(i)).ToArray();
        Assert.Equal([D(2024, 2, 7), D(2024, 2, 8)], FutureTimestamps.After(daily, 2)!);

        var hourly = new[] { D(2024, 1, 1, 0), D(2024, 1, 1, 1), D(2024, 1, 1, 3), D(2024, 1, 1, 4) };
        Assert.Equal(D(2024, 1, 1, 5), FutureTimestamps.After(hourly, 1)![0]);

        var mixedDays = new[] { D(2024, 1, 1), D(2024, 2, 3), D(2024, 3, 1), D(2024, 4, 1) };
        Assert.Equal(D(2024, 5, 2), FutureTimestamps.After(mixedDays, 1)![0]); // median gap 31 days
    }

    [Fact]
    public void Caller_timestamps_are_used_and_checked()
    {
        var history = Monthly(D(2020, 1, 1), 24);
        var series = new TimeSeries("m", Enumerable.Range(0, 24).Select(i => 10.0 + i % 12).ToArray(), 12, history);
        var given = new[] { D(2022, 1, 15), D(2022, 2, 15) };
        foreach (IForecaster model in new IForecaster[] { new NaiveForecaster(), new EtsForecaster(), new ProphetForecaster() })
        {
            model.Fit(series);
            Assert.Equal(given, model.Forecast(2, new ForecastOptions { FutureTimestamps = given }).Timestamps);
            var tooFew = Assert.Throws<KitDataException>(() => model.Forecast(3, new ForecastOptions { FutureTimestamps = given }));
            Assert.Contains("expected at least the horizon 3", tooFew.Message);
            var before = Assert.Throws<KitDataException>(() => model.Forecast(1, new ForecastOptions { FutureTimestamps = [D(2021, 12, 1)] }));
            Assert.Contains("not after the last observation", before.Message);
        }
    }

    [Fact]
    public void Prophet_forecasts_monthly_data_on_the_month_grid_and_after_a_save_load_round_trip()
    {
        var history = Monthly(D(2018, 1, 1), 48);
        var series = new TimeSeries("m", Enumerable.Range(0, 48).Select(i => 100 + i + 10 * Math.Sin(2 * Math.PI * i / 12)).ToArray(), 12, history);
        var model = new ProphetForecaster();
        model.Fit(series);
        var expected = Enumerable.Range(0, 24).Select(k => D(2022, 1, 1).AddMonths(k)).ToArray();
        Assert.Equal(expected, model.Forecast(24).Timestamps);

        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        var loaded = ForecasterPersistence.Load(stream);
        Assert.Equal(expected, loaded.Forecast(24).Timestamps);
        Assert.Equal(model.Forecast(24).Mean, loaded.Forecast(24).Mean);
    }
}
