using AdaptiveEtl.Kit.Notebooks.Charts;
using AdaptiveEtl.Kit.Notebooks.Formatting;
using AdaptiveEtl.Kit.Notebooks.Tests.Formatting;
using AdaptiveEtl.Kit.SchemaEvolution.Degradation;
using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;

namespace AdaptiveEtl.Kit.Notebooks.Tests.SchemaEvolution;

[Collection(FormatterCollection.Name)]
public sealed class SchemaEvolutionFormattingTests
{
    public SchemaEvolutionFormattingTests() => KitFormatters.Register();

    private static SchemaRecommendation Hostile() => new("idx-1", RecommendationKind.Index, new QualifiedTable("mart", "<script>alert(1)</script>"),
        ["order \"date\""], new Dictionary<string, string>(), ["filtered in 412 of 500 queries", "selectivity 0.3 % < 5 %"], 0.42, 3 << 20, RecommendationRisk.Low, "Index the date filter & sort.");

    [Fact]
    public void A_list_of_recommendations_displays_as_an_encoded_table_with_its_evidence()
    {
        var html = Formatter.ToDisplayString(new List<SchemaRecommendation> { Hostile() }, "text/html");
        Assert.Contains("kit-recommendations", html);
        Assert.True(html.Contains("<li>filtered in 412 of 500 queries</li>", StringComparison.Ordinal), html);
        Assert.Contains("selectivity 0.3 % &lt; 5 %", html);
        Assert.Contains("42.0 %", html); // P1 of 0.42 in the invariant culture ("n %" pattern)
        Assert.Contains("3.0 MiB", html); // 3 × 2^20 bytes
        Assert.DoesNotContain("<script>alert", html);
        Assert.Contains("&lt;script&gt;", html);
    }

    [Fact]
    public void Degradation_risks_highlight_families_at_or_above_the_alarm_probability()
    {
        var risks = new[]
        {
            new FamilyDegradationRisk("low", 9, 0.1, false, []),
            new FamilyDegradationRisk("high", 9, 0.9, false, [new QualifiedTable("mart", "orders")]),
        };
        var html = Formatter.ToDisplayString(risks, "text/html");
        Assert.Contains("1 of 2 families", html);
        Assert.True(html.IndexOf("high", StringComparison.Ordinal) < html.IndexOf(">low<", StringComparison.Ordinal), "sorted by probability, highest first");
        Assert.Contains("mart.orders", html);
    }

    [Fact]
    public void Backtest_result_renders_its_metrics_and_the_forecast_chart_has_the_threshold_and_onset()
    {
        var sample = SyntheticDegradationSample.Generate(families: 6, periods: 80, seed: 2);
        var result = DegradationBacktest.Run(() => new FastTreeDegradationModel(), sample.Series, firstOrigin: 30, step: 10);
        var html = Formatter.ToDisplayString(result, "text/html");
        Assert.Contains("precision", html);
        Assert.Contains("FastTree backtest", html);

        var degraded = sample.Series.First(s => DegradationFeatureBuilder.FirstDegradedPeriod(s, DegradationOptions.Default) is not null);
        var json = GenericChart.toJson(SchemaEvolutionCharts.DegradationForecast(degraded, result.Predictions));
        Assert.Contains("threshold (1.5 ×)", json);
        Assert.Contains("onset (period", json);
        Assert.Contains("P(degrades within 5)", json);
    }

    [Fact]
    public void Heat_map_and_before_after_charts_check_their_shapes()
    {
        var heat = SchemaEvolutionCharts.UsageHeatMap(["orders.date", "orders.id"], ["filter", "join"], new double[,] { { 5, 0 }, { 1, 9 } });
        Assert.Contains("\"heatmap\"", GenericChart.toJson(heat));
        Assert.Throws<ArgumentException>(() => SchemaEvolutionCharts.UsageHeatMap(["a"], ["x", "y"], new double[2, 2]));

        var bars = SchemaEvolutionCharts.BeforeAfter(["q1", "q2"], [300, 100], [100, 100]);
        // (300 + 100) → (100 + 100): half the time saved.
        Assert.Contains("400 → 200 ms (50.0 % saved)", GenericChart.toJson(bars));
    }
}
