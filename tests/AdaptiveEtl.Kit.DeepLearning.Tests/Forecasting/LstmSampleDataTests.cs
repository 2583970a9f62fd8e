using System.Globalization;
using AdaptiveEtl.Kit.DeepLearning.Forecasting;
using AdaptiveEtl.Kit.Forecasting;
using TorchSharp;

namespace AdaptiveEtl.Kit.DeepLearning.Tests.Forecasting;

/// <summary>The LSTM on the kit's own sample: daily volumes of <c>orders_daily</c> in data-samples/etl_runs.csv.</summary>
[Collection(TorchCollection.Name)]
public sealed class LstmSampleDataTests
{
    private const int Horizon = 28;

    [Fact]
    public void BeatsSeasonalNaiveOnOrdersDailyWithWeekdayAndHolidayRegressors()
    {
        var runs = SampleFile("etl_runs.csv");
        var holidaysFile = SampleFile("holidays.csv");
        if (runs is null || holidaysFile is null) Assert.Skip("data-samples/etl_runs.csv or holidays.csv not found");
        torch.set_num_threads(1);

        // etl_runs.csv has no quoted fields: trigger_time is column 2, rows_in column 5 (data-samples/README.md).
        var holidays = File.ReadLines(holidaysFile).Skip(1).Select(l => DateOnly.ParseExact(l[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToHashSet();
        var orders = File.ReadLines(runs).Skip(1).Select(l => l.Split(',')).Where(f => f[1] == "orders_daily")
            .Select(f => (Time: DateTimeOffset.Parse(f[2], CultureInfo.InvariantCulture), Rows: double.Parse(f[5], CultureInfo.InvariantCulture)))
            .ToArray();
        int n = orders.Length, train = n - Horizon;
        Assert.True(n > 300, $"expected a year of daily runs, found {n}");

        // Regressors known in advance: weekday one-hot (Monday..Saturday; Sunday is the base) and a holiday flag.
        var regressors = new double[n, 7];
        for (int i = 0; i < n; i++)
        {
            var day = orders[i].Time.UtcDateTime;
            int weekday = ((int)day.DayOfWeek + 6) % 7;
            if (weekday < 6) regressors[i, weekday] = 1;
            regressors[i, 6] = holidays.Contains(DateOnly.FromDateTime(day)) ? 1 : 0;
        }
        var history = new double[train, 7];
        var future = new double[Horizon, 7];
        for (int j = 0; j < 7; j++)
        {
            for (int i = 0; i < train; i++) history[i, j] = regressors[i, j];
            for (int i = 0; i < Horizon; i++) future[i, j] = regressors[train + i, j];
        }
        var series = new TimeSeries("orders_daily.rows_in", orders.Take(train).Select(o => o.Rows).ToArray(), 7,
            orders.Take(train).Select(o => o.Time).ToArray(), history, ["mon", "tue", "wed", "thu", "fri", "sat", "holiday"]);

        using var model = new LstmForecaster(new LstmOptions { Lookback = 28, HiddenSize = 32, Epochs = 150, Patience = 15, LearningRate = 0.005 });
        model.Fit(series, progress: null, TestContext.Current.CancellationToken);
        var forecast = model.Forecast(Horizon, new ForecastOptions { FutureExogenous = future });

        var actual = orders.Skip(train).Select(o => o.Rows).ToArray();
        double lstmMae = actual.Select((a, i) => Math.Abs(a - forecast.Mean[i])).Average();
        // Seasonal naive (FPP3 §5.2): the value of the same weekday one week earlier, repeated.
        double naiveMae = actual.Select((a, i) => Math.Abs(a - orders[train - 7 + i % 7].Rows)).Average();
        var interval = forecast.Interval(0.8);
        double coverage = actual.Where((a, i) => a >= interval.Lower[i] && a <= interval.Upper[i]).Count() / (double)Horizon;
        TestContext.Current.TestOutputHelper?.WriteLine($"orders_daily, last {Horizon} days: LSTM MAE {lstmMae:F0}, seasonal naive MAE {naiveMae:F0}, ratio {lstmMae / naiveMae:F3}, 80% coverage {coverage:P0}");

        Assert.True(lstmMae < naiveMae, $"LSTM MAE {lstmMae:F0} should beat seasonal naive MAE {naiveMae:F0}");
        Assert.InRange(coverage, 0.5, 1.0);
    }

    private static string? SampleFile(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AdaptiveEtl.Kit.sln")))
                return File.Exists(Path.Combine(dir.FullName, "data-samples", name)) ? Path.Combine(dir.FullName, "data-samples", name) : null;
        // Developer harnesses build under /tmp: fall back to the conventional checkout.
        var fallback = Path.Combine("/work/main/data-samples", name);
        return File.Exists(fallback) ? fallback : null;
    }
}
