using System.Globalization;
using System.Text;
using AdaptiveEtl.Kit.Forecasting.Backtesting;
using AdaptiveEtl.Kit.Forecasting.Baselines;
using AdaptiveEtl.Kit.History;
using AdaptiveEtl.Kit.Proactive.Planning;
using AdaptiveEtl.Kit.Triggers;

namespace AdaptiveEtl.Kit.Tests.Proactive.Planning;

public sealed class PlanningContextTests
{
    [Fact]
    public void The_remaining_volume_is_the_predicted_rows_minus_what_is_staged()
    {
        // 60 daily runs at 02:00 with exactly 1 000 rows each: the naive forecast of rows_in is 1 000.
        var day0 = new DateTimeOffset(2025, 1, 1, 2, 0, 0, TimeSpan.Zero);
        var csv = new StringBuilder("run_id,pipeline,trigger_time,rows_in,bytes_in,file_count,schema_version,schema_hash,outcome\n");
        for (int d = 0; d < 60; d++)
            csv.Append(CultureInfo.InvariantCulture, $"{d + 1},daily,{day0.AddDays(d):yyyy-MM-ddTHH:mm:ssZ},1000,64000,1,1,abc,success\n");
        using var store = RunHistoryStore.OpenDuckDb(":memory:");
        store.ImportCsv(new StringReader(csv.ToString()), "daily.csv");
        var prediction = new TriggerPredictor(store, [new ForecasterCandidate("Naive", () => new NaiveForecaster())])
            .PredictNextTrigger("daily", day0.AddDays(59).AddHours(1));
        Assert.Equal(1000, prediction.Rows.Point, 6);

        var context = PlanningContext.FromPrediction(prediction, new Dictionary<string, long> { ["a"] = 250, ["b"] = 50 }, ["b"]);
        Assert.Equal(700, context.PredictedRemainingRows, 6); // 1 000 − (250 + 50)
        Assert.Contains("b", context.CompleteSources);
        var over = PlanningContext.FromPrediction(prediction, new Dictionary<string, long> { ["a"] = 1500 });
        Assert.Equal(0, over.PredictedRemainingRows); // more staged than predicted: nothing more expected, never negative
    }
}
