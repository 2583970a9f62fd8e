using System.Text.Json;
using AdaptiveEtl.Kit.Notebooks.Charts;
using AdaptiveEtl.Kit.Proactive;
using AdaptiveEtl.Kit.Proactive.Scheduling;
using Plotly.NET;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Proactive;

public class ProactiveChartsTests
{
    private static readonly DateTimeOffset T0 = new(2025, 12, 2, 2, 0, 0, TimeSpan.Zero);

    private static TriggerMetrics Metric(string pipeline, int day, double proactiveSeconds, double reactiveSeconds, long used, long wasted) =>
        new(pipeline, T0.AddDays(day), 1, TimeSpan.FromMinutes(30), 10, used + wasted, 8, used, 2, wasted, 1, 100,
            TimeSpan.FromSeconds(proactiveSeconds), TimeSpan.FromSeconds(reactiveSeconds), 0, null);

    // Hand-made metrics: the expected trace values below are the inputs themselves, not anything the chart computes.
    private static readonly ProactiveRunReport Report = new(
    [
        Metric("orders_daily", 0, 2.5, 30, 4000, 0),
        Metric("orders_daily", 1, 3, 31, 3000, 1000),
        Metric("partner_feed", 1, 9, 12, 500, 1500),
        Metric("orders_daily", 2, 1.5, 29, 4200, 200),
    ], [], Array.Empty<PrefetchPlan>());

    private static JsonElement[] Traces(GenericChart chart) =>
        JsonDocument.Parse(GenericChart.toJson(chart)).RootElement.GetProperty("data").EnumerateArray().ToArray();

    private static double[] Ys(JsonElement trace) => trace.GetProperty("y").EnumerateArray().Select(v => v.GetDouble()).ToArray();

    [Fact]
    public void Trigger_to_ready_has_one_proactive_and_one_reactive_point_per_trigger_of_the_pipeline()
    {
        var traces = Traces(ProactiveCharts.TriggerToReady(Report, "orders_daily"));
        var proactive = traces.Single(t => t.GetProperty("name").GetString() == "proactive");
        var reactive = traces.Single(t => t.GetProperty("name").GetString() == "reactive");
        Assert.Equal([2.5, 3, 1.5], Ys(proactive));
        Assert.Equal([30, 31, 29], Ys(reactive));
        Assert.Equal(3, proactive.GetProperty("x").GetArrayLength());
        // median of {1.5, 2.5, 3} = 2.5 s proactive, of {29, 30, 31} = 30 s reactive
        Assert.Contains("median 2.5 s proactive vs 30.0 s reactive", GenericChart.toJson(ProactiveCharts.TriggerToReady(Report, "orders_daily")));
    }

    [Fact]
    public void Prefetch_usage_stacks_used_and_wasted_bytes_per_trigger()
    {
        var chart = ProactiveCharts.PrefetchUsage(Report);
        var traces = Traces(chart);
        Assert.Equal([4000, 3000, 500, 4200], Ys(traces.Single(t => t.GetProperty("name").GetString() == "used")));
        Assert.Equal([0, 1000, 1500, 200], Ys(traces.Single(t => t.GetProperty("name").GetString() == "wasted")));
        var json = GenericChart.toJson(chart);
        Assert.Contains("\"barmode\":\"stack\"", json);
        // wasted 0+1000+1500+200 = 2,700 of (4000+3000+1000+500+1500+4200+200) = 14,400 pre-fetched bytes
        Assert.Contains("2,700 of 14,400 B wasted", json);
    }

    [Fact]
    public void A_pipeline_without_triggers_is_a_clear_error()
    {
        var e = Assert.Throws<KitDataException>(() => ProactiveCharts.PrefetchUsage(Report, "nope"));
        Assert.Contains("'nope'", e.Message);
    }
}
