using AdaptiveEtl.Kit.Forecasting;
using AdaptiveEtl.Kit.Forecasting.Prophet;

namespace AdaptiveEtl.Kit.Tests.Forecasting.Prophet;

/// <summary>The kit's Prophet against R prophet on dated monthly data (AirPassengers, month starts).</summary>
public sealed class ProphetMonthlyReferenceTests(ITestOutputHelper output)
{
    // R 4.2, prophet 1.0, computed once:
    //   df <- data.frame(ds = seq(as.Date('1949-01-01'), by = 'month', length.out = 144), y = as.numeric(AirPassengers))
    //   m <- prophet(df[1:120, ], seed = 1); fc <- tail(predict(m, make_future_dataframe(m, periods = 24, freq = 'month')), 24)
    //   fc$yhat  (future ds 1959-01-01 … 1960-12-01)
    private static readonly double[] RYhat =
    [
        390.354, 387.820, 418.886, 412.955, 417.628, 452.494, 487.125, 484.828, 447.311, 415.060, 386.222, 413.273,
        425.487, 423.939, 457.425, 450.474, 451.097, 489.685, 518.445, 521.966, 482.335, 450.009, 421.824, 448.083,
    ];

    [Fact]
    public void Matches_R_prophet_on_month_start_dates()
    {
        var values = RDatasets.Values("AirPassengers");
        var ds = Enumerable.Range(0, 144).Select(i => new DateTimeOffset(1949, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(i)).ToArray();
        var train = new TimeSeries("AirPassengers", values[..120], 12, ds[..120]);
        var forecast = new ProphetForecaster().Fit(train).Forecast(24);

        Assert.Equal(ds[120..], forecast.Timestamps);
        double maxRel = 0;
        for (int k = 0; k < 24; k++)
        {
            double rel = Math.Abs(forecast.Mean[k] - RYhat[k]) / RYhat[k];
            output.WriteLine($"{ds[120 + k]:yyyy-MM-dd} kit {forecast.Mean[k]:F3} R {RYhat[k]:F3} rel {rel:P2}");
            maxRel = Math.Max(maxRel, rel);
        }
        output.WriteLine($"max relative difference {maxRel:P2}");
        Assert.True(maxRel < 0.01, $"kit Prophet differs from R prophet by up to {maxRel:P2} of yhat on AirPassengers (dated monthly).");
    }
}
