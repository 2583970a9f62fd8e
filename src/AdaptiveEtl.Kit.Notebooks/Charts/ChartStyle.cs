using Plotly.NET;
using Plotly.NET.CSharp;

namespace AdaptiveEtl.Kit.Notebooks.Charts;

/// <summary>
/// The kit's chart theme, shared by every chart builder so that notebooks and reports look alike: a colour-blind-safe
/// palette (Okabe and Ito, "Color Universal Design", 2008), named colours for recurring roles, and layout defaults.
/// </summary>
public static class ChartStyle
{
    /// <summary>The categorical palette (Okabe–Ito order: blue, orange, green, vermillion, purple, sky blue, yellow, black).</summary>
    public static IReadOnlyList<string> Palette { get; } = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"];

    /// <summary>Observed history / actual values.</summary>
    public const string Observed = "#404040";

    /// <summary>Forecasts and the reference side of a comparison.</summary>
    public const string Forecast = "#0072B2";

    /// <summary>Fill of forecast intervals (the forecast colour, translucent); wider levels are drawn lighter by stacking.</summary>
    public const string IntervalFill = "rgba(0, 114, 178, 0.18)";

    /// <summary>The reference (baseline) data set of a drift or synthesis comparison.</summary>
    public const string Reference = "#0072B2";

    /// <summary>The current / drifted / synthetic data set of a comparison.</summary>
    public const string Current = "#E69F00";

    /// <summary>Alerts: drifted columns, anomalies, failed runs.</summary>
    public const string Alert = "#D55E00";

    /// <summary>Healthy / passing state.</summary>
    public const string Ok = "#009E73";

    /// <summary>Secondary elements: grid lines, annotations, de-emphasised traces.</summary>
    public const string Muted = "#9A9A9A";

    /// <summary>Font stack of charts and reports.</summary>
    public const string FontFamily = "-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";

    /// <summary>Default chart width in pixels.</summary>
    public const int Width = 900;

    /// <summary>Default chart height in pixels.</summary>
    public const int Height = 420;

    /// <summary>The palette colour at <paramref name="index"/> (wrapping around), as a Plotly colour.</summary>
    public static Color PaletteColor(int index) => Color.fromHex(Palette[((index % Palette.Count) + Palette.Count) % Palette.Count]);

    /// <summary>A Plotly colour from a CSS colour string such as <see cref="Alert"/> or <see cref="IntervalFill"/>.</summary>
    public static Color ToColor(string css) => Color.fromString(css);

    /// <summary>
    /// Applies the theme to a chart: size, font, white background, palette as colour way, compact margins, horizontal legend
    /// above the plot, unified hover, and optional title and axis titles.
    /// </summary>
    /// <param name="chart">The chart to style.</param>
    /// <param name="title">Chart title, or null to keep the chart's own.</param>
    /// <param name="xTitle">X axis title, or null.</param>
    /// <param name="yTitle">Y axis title, or null.</param>
    /// <param name="width">Width in pixels; defaults to <see cref="Width"/>.</param>
    /// <param name="height">Height in pixels; defaults to <see cref="Height"/>.</param>
    /// <returns>The styled chart.</returns>
    public static GenericChart Apply(GenericChart chart, string? title = null, string? xTitle = null, string? yTitle = null,
        int? width = null, int? height = null)
    {
        ArgumentNullException.ThrowIfNull(chart);
        // Layout.init has no optional parameters for C#; set the few plotly.js layout attributes by their JSON names.
        var layout = new Layout();
        layout.SetProperty("font", new Dictionary<string, object> { ["family"] = FontFamily, ["size"] = 12, ["color"] = "#222222" });
        layout.SetProperty("paper_bgcolor", "#FFFFFF");
        layout.SetProperty("plot_bgcolor", "#FFFFFF");
        layout.SetProperty("colorway", Palette.ToArray());
        layout.SetProperty("margin", new Dictionary<string, object> { ["l"] = 60, ["r"] = 20, ["t"] = title is null ? 40 : 70, ["b"] = 50 });
        layout.SetProperty("hovermode", "x unified");
        var styled = GenericChart.addLayout(layout, chart).WithSize(width ?? Width, height ?? Height);
        if (title is not null) styled = Plotly.NET.Chart.withTitle(title, null).Invoke(styled);
        var grid = Color.fromHex("#E5E5E5");
        styled = styled.WithXAxisStyle<double, double, string>(
            TitleText: xTitle ?? new Optional<string>(), ShowGrid: true, GridColor: grid, ZeroLineColor: grid);
        styled = styled.WithYAxisStyle<double, double, string>(
            TitleText: yTitle ?? new Optional<string>(), ShowGrid: true, GridColor: grid, ZeroLineColor: grid);
        styled = styled.WithLegendStyle(Orientation: StyleParam.Orientation.Horizontal, X: 0.0, Y: 1.02, YAnchor: StyleParam.YAnchorPosition.Bottom);
        return styled;
    }
}
