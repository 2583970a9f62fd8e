using AdaptiveEtl.Kit.DeepLearning.Forecasting;
using AdaptiveEtl.Kit.Forecasting;
using TorchSharp;

namespace AdaptiveEtl.Kit.DeepLearning.Tests.Forecasting;

/// <summary>
/// The LSTM places its forecast steps as every core forecaster does (issue 20): calendar months after a month-end history
/// (prophet's <c>make_future_dataframe(freq = 'M')</c>), the caller's <see cref="ForecastOptions.FutureTimestamps"/> when given.
/// Before, it stepped by the 31-day median gap, so month ends drifted (2025-06-30 + 31 d = 2025-07-31, + 62 d = 2025-08-31,
/// + 93 d = 2025-10-01 instead of 2025-09-30).
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class LstmForecasterTimestampTests
{
    private static readonly LstmOptions Tiny = new() { Lookback = 6, HiddenSize = 4, Epochs = 2, BatchSize = 8, Seed = 1, SamplePaths = 20 };

    public LstmForecasterTimestampTests() => torch.set_num_threads(1);

    /// <summary>30 month ends, 2023-01-31 … 2025-06-30.</summary>
    private static TimeSeries MonthEnds()
    {
        var stamps = Enumerable.Range(0, 30).Select(i =>
        {
            var month = new DateTime(2023, 1, 1).AddMonths(i);
            return new DateTimeOffset(month.Year, month.Month, DateTime.DaysInMonth(month.Year, month.Month), 0, 0, 0, TimeSpan.Zero);
        }).ToArray();
        return new TimeSeries("monthly", Enumerable.Range(0, 30).Select(i => 100 + 10 * Math.Sin(i * Math.PI / 6)).ToArray(), timestamps: stamps);
    }

    [Fact]
    public void Month_end_histories_step_by_calendar_months_also_after_save_and_load()
    {
        using var model = new LstmForecaster(Tiny);
        model.Fit(MonthEnds(), progress: null, TestContext.Current.CancellationToken);
        DateTimeOffset[] expected =
        [
            new(2025, 7, 31, 0, 0, 0, TimeSpan.Zero), new(2025, 8, 31, 0, 0, 0, TimeSpan.Zero), new(2025, 9, 30, 0, 0, 0, TimeSpan.Zero),
            new(2025, 10, 31, 0, 0, 0, TimeSpan.Zero), new(2025, 11, 30, 0, 0, 0, TimeSpan.Zero), new(2025, 12, 31, 0, 0, 0, TimeSpan.Zero),
            new(2026, 1, 31, 0, 0, 0, TimeSpan.Zero), new(2026, 2, 28, 0, 0, 0, TimeSpan.Zero),
        ];
        Assert.Equal(expected, model.Forecast(8).Timestamps);
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        using var loaded = (LstmForecaster)ForecasterPersistence.Load(stream);
        Assert.Equal(expected, loaded.Forecast(8).Timestamps);
    }

    [Fact]
    public void Future_timestamps_given_by_the_caller_are_used_and_checked()
    {
        using var model = new LstmForecaster(Tiny);
        model.Fit(MonthEnds(), progress: null, TestContext.Current.CancellationToken);
        DateTimeOffset[] given = [new(2025, 7, 15, 0, 0, 0, TimeSpan.Zero), new(2025, 8, 15, 0, 0, 0, TimeSpan.Zero)];
        Assert.Equal(given, model.Forecast(2, new ForecastOptions { FutureTimestamps = given }).Timestamps);
        var e = Assert.Throws<KitDataException>(() => model.Forecast(2, new ForecastOptions { FutureTimestamps = [new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero), given[1]] }));
        Assert.Contains("FutureTimestamps[0]", e.Message);
        Assert.Contains("is not after the last observation", e.Message);
    }
}
