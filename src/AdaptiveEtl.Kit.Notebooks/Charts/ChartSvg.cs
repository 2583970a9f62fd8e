using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Plotly.NET;

namespace AdaptiveEtl.Kit.Notebooks.Charts;

/// <summary>
/// A static SVG picture of a Plotly.NET chart, drawn in C# from the chart's figure JSON (no browser, no download): the
/// fallback shown where plotly.js does not run (GitHub's notebook view, nbviewer without scripts, e-mail).
/// </summary>
/// <remarks>
/// Draws the trace types the kit's charts use: <c>scatter</c> (lines and/or markers), <c>bar</c> (vertical and
/// horizontal, grouped or overlaid), <c>histogram</c> (binned here into 20 equal-width bins) and <c>heatmap</c>, on
/// numeric, date or category axes, with the title, axis titles and a legend. Other trace types are counted but not drawn.
/// The root element carries <c>data-kit-traces</c>, the number of traces of the figure.
/// </remarks>
public static class ChartSvg
{
    private const double Width = 720, Height = 380, Left = 64, Right = 16, Top = 56, Bottom = 52;
    private static readonly string[] Palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>Renders <paramref name="chart"/> as a standalone <c>&lt;svg&gt;</c> element.</summary>
    public static string ToSvg(GenericChart chart) => ToSvg(chart, standalone: true);

    /// <summary>The SVG; inside HTML (<paramref name="standalone"/> false) without the <c>xmlns</c>, which HTML5 implies.</summary>
    internal static string ToSvg(GenericChart chart, bool standalone)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return Render(JsonNode.Parse(GenericChart.toJson(chart)) as JsonObject ?? [], standalone);
    }

    /// <summary>Renders a Plotly figure (<c>{"data": [...], "layout": {...}}</c>) as a standalone <c>&lt;svg&gt;</c> element.</summary>
    public static string FromFigure(JsonObject figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        return Render(figure, standalone: true);
    }

    private static string Render(JsonObject figure, bool standalone)
    {
        var traces = (figure["data"] as JsonArray ?? []).OfType<JsonObject>().Select(Trace.Read).ToList();
        var layout = figure["layout"] as JsonObject ?? [];
        string title = Text(layout["title"]);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture,
            $"<svg{(standalone ? " xmlns=\"http://www.w3.org/2000/svg\"" : "")} width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" data-kit-traces=\"{traces.Count}\" font-family=\"{Escape(ChartStyle.FontFamily)}\" font-size=\"11\">");
        sb.Append("<title>").Append(Escape(title.Length > 0 ? title : "chart")).Append("</title>");
        sb.Append(CultureInfo.InvariantCulture, $"<rect width=\"{Width}\" height=\"{Height}\" fill=\"#ffffff\"/>");
        if (title.Length > 0) sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"22\" font-size=\"15\" fill=\"#222\">{Escape(title)}</text>");

        var drawable = traces.Where(t => t.Kind is "scatter" or "bar" or "heatmap").ToList();
        var x = Axis.Of(drawable.SelectMany(t => t.X), Left, Width - Right, includeZero: drawable.Any(t => t.Kind == "bar" && t.Horizontal));
        var y = Axis.Of(drawable.SelectMany(t => t.Y), Height - Bottom, Top, includeZero: drawable.Any(t => t.Kind == "bar" && !t.Horizontal));
        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{Width - Left - Right}\" height=\"{Height - Top - Bottom}\" fill=\"#fafafa\" stroke=\"#ddd\"/>");
        x.AppendTicks(sb, horizontal: true);
        y.AppendTicks(sb, horizontal: false);
        string xTitle = Text(layout["xaxis"]?["title"]), yTitle = Text(layout["yaxis"]?["title"]);
        if (xTitle.Length > 0) sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{(Left + Width - Right) / 2:0.#}\" y=\"{Height - 8}\" text-anchor=\"middle\" fill=\"#444\">{Escape(xTitle)}</text>");
        if (yTitle.Length > 0) sb.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(14 {(Top + Height - Bottom) / 2:0.#}) rotate(-90)\" text-anchor=\"middle\" fill=\"#444\">{Escape(yTitle)}</text>");

        bool overlay = (string?)layout["barmode"] is "overlay" or "stack" or "relative";
        var bars = drawable.Where(t => t.Kind == "bar").ToList();
        for (int i = 0; i < traces.Count; i++)
        {
            var t = traces[i];
            string color = t.Color ?? Palette[i % Palette.Length];
            switch (t.Kind)
            {
                case "bar":
                    AppendBars(sb, t, x, y, color, overlay ? 0 : bars.IndexOf(t), overlay ? 1 : bars.Count);
                    break;
                case "scatter":
                    AppendScatter(sb, t, x, y, color);
                    break;
                case "heatmap":
                    AppendHeatmap(sb, t, x, y);
                    break;
            }
        }
        AppendLegend(sb, traces);
        sb.Append("</svg>");
        return sb.ToString();
    }

    private static void AppendBars(StringBuilder sb, Trace t, Axis x, Axis y, string color, int slot, int slots)
    {
        var (band, value) = t.Horizontal ? (y, x) : (x, y);
        var positions = t.Horizontal ? t.Y : t.X;
        var values = t.Horizontal ? t.X : t.Y;
        double full = band.BandWidth(positions) * 0.8, w = full / slots;
        string opacity = slots == 1 && t.Opacity is null ? "" : string.Create(CultureInfo.InvariantCulture, $" fill-opacity=\"{t.Opacity ?? 0.85:0.##}\"");
        for (int k = 0; k < Math.Min(positions.Count, values.Count); k++)
        {
            if (band.Map(positions[k]) is not { } center || value.Map(values[k]) is not { } v || value.Map(JsonValue.Create(0.0)) is not { } zero) continue;
            double start = center - full / 2 + slot * w, lo = Math.Min(v, zero), extent = Math.Abs(v - zero);
            sb.Append(t.Horizontal
                ? string.Create(CultureInfo.InvariantCulture, $"<rect x=\"{lo:0.#}\" y=\"{start:0.#}\" width=\"{extent:0.#}\" height=\"{w:0.#}\" fill=\"{Escape(color)}\"{opacity}/>")
                : string.Create(CultureInfo.InvariantCulture, $"<rect x=\"{start:0.#}\" y=\"{lo:0.#}\" width=\"{w:0.#}\" height=\"{extent:0.#}\" fill=\"{Escape(color)}\"{opacity}/>"));
        }
    }

    private static void AppendScatter(StringBuilder sb, Trace t, Axis x, Axis y, string color)
    {
        string mode = t.Mode ?? (t.X.Count > 20 ? "lines" : "lines+markers");
        var points = new List<(double X, double Y)?>();
        for (int k = 0; k < Math.Min(t.X.Count, t.Y.Count); k++)
            points.Add(x.Map(t.X[k]) is { } px && y.Map(t.Y[k]) is { } py ? (px, py) : null);
        if (mode.Contains("lines", StringComparison.Ordinal))
        {
            // a missing value breaks the line, as in plotly.js
            var run = new List<(double X, double Y)>();
            foreach (var p in points.Append(null))
            {
                if (p is { } q) { run.Add(q); continue; }
                if (run.Count > 1)
                    sb.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{Escape(color)}\" stroke-width=\"1.5\" points=\"{string.Join(' ', run.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.X:0.#},{r.Y:0.#}")))}\"/>");
                run.Clear();
            }
        }
        if (mode.Contains("markers", StringComparison.Ordinal))
            foreach (var p in points)
                if (p is { } q) sb.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{q.X:0.#}\" cy=\"{q.Y:0.#}\" r=\"2.5\" fill=\"{Escape(color)}\"/>");
    }

    private static void AppendHeatmap(StringBuilder sb, Trace t, Axis x, Axis y)
    {
        var values = t.Z.SelectMany(r => r).Where(double.IsFinite).ToList();
        if (values.Count == 0) return;
        double min = values.Min(), max = values.Max();
        double cw = x.BandWidth(t.X), ch = Math.Abs(y.BandWidth(t.Y));
        for (int r = 0; r < t.Z.Count; r++)
            for (int c = 0; c < t.Z[r].Count; c++)
            {
                double v = t.Z[r][c];
                if (!double.IsFinite(v) || c >= t.X.Count || r >= t.Y.Count || x.Map(t.X[c]) is not { } cx || y.Map(t.Y[r]) is not { } cy) continue;
                double s = max > min ? (v - min) / (max - min) : 0.5;
                var shade = (int)Math.Round(245 - s * 200);
                sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{cx - cw / 2:0.#}\" y=\"{cy - ch / 2:0.#}\" width=\"{cw:0.#}\" height=\"{ch:0.#}\" fill=\"rgb({shade},{shade},255)\"><title>{v:G4}</title></rect>");
            }
    }

    private static void AppendLegend(StringBuilder sb, List<Trace> traces)
    {
        double lx = Left;
        for (int i = 0; i < traces.Count; i++)
        {
            var t = traces[i];
            if (t.Name is not { Length: > 0 } name || t.Kind == "heatmap") continue;
            string color = t.Color ?? Palette[i % Palette.Length];
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{lx:0.#}\" y=\"34\" width=\"10\" height=\"10\" fill=\"{Escape(color)}\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{lx + 14:0.#}\" y=\"43\" fill=\"#333\">{Escape(name)}</text>");
            lx += 24 + Math.Min(name.Length, 40) * 6;
            if (lx > Width - 80) break;
        }
    }

    private static string Text(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonObject o => Text(o["text"]),
        _ => "",
    };

    private static string Escape(string s) => WebUtility.HtmlEncode(s);

    private sealed record Trace(string Kind, List<JsonNode?> X, List<JsonNode?> Y, List<List<double>> Z, string? Name, string? Color, string? Mode, bool Horizontal, double? Opacity)
    {
        public static Trace Read(JsonObject o)
        {
            string kind = (string?)(o["type"] as JsonValue) ?? "scatter";
            var x = Values(o["x"]);
            var y = Values(o["y"]);
            string? color = ColorOf(o["marker"]?["color"]) ?? ColorOf(o["line"]?["color"]);
            double? opacity = o["opacity"] is JsonValue ov && ov.TryGetValue<double>(out var op) ? op : null;
            bool horizontal = (string?)(o["orientation"] as JsonValue) == "h";
            var z = (o["z"] as JsonArray ?? []).Select(r => (r as JsonArray ?? []).Select(Number).ToList()).ToList();
            if (kind == "histogram")
            {
                var (hx, hy) = Histogram(x.Count > 0 ? x : y, horizontal: x.Count == 0);
                (kind, x, y, horizontal) = ("bar", hx, hy, x.Count == 0);
            }
            if (kind == "heatmap")
            {
                if (x.Count == 0) x = Enumerable.Range(0, z.Count == 0 ? 0 : z.Max(r => r.Count)).Select(i => (JsonNode?)JsonValue.Create((double)i)).ToList();
                if (y.Count == 0) y = Enumerable.Range(0, z.Count).Select(i => (JsonNode?)JsonValue.Create((double)i)).ToList();
            }
            if (kind == "bar" && x.Count > 0 && y.Count == 0) y = x.Select((_, i) => (JsonNode?)JsonValue.Create((double)i)).ToList();
            return new Trace(kind, x, y, z, (string?)(o["name"] as JsonValue), color, (string?)(o["mode"] as JsonValue), horizontal, opacity);
        }

        private static (List<JsonNode?> X, List<JsonNode?> Y) Histogram(List<JsonNode?> samples, bool horizontal)
        {
            var v = samples.Select(Number).Where(double.IsFinite).ToArray();
            if (v.Length == 0) return ([], []);
            const int bins = 20;
            double lo = v.Min(), hi = v.Max(), w = hi > lo ? (hi - lo) / bins : 1;
            var counts = new double[bins];
            foreach (var s in v) counts[Math.Min(bins - 1, (int)((s - lo) / w))]++;
            var centers = Enumerable.Range(0, bins).Select(i => (JsonNode?)JsonValue.Create(lo + (i + 0.5) * w)).ToList();
            var heights = counts.Select(c => (JsonNode?)JsonValue.Create(c)).ToList();
            return horizontal ? (heights, centers) : (centers, heights);
        }

        private static List<JsonNode?> Values(JsonNode? node) => node is JsonArray a ? a.Select(n => n?.DeepClone()).ToList() : [];

        private static string? ColorOf(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
    }

    internal static double Number(JsonNode? node) =>
        node is JsonValue v && (v.TryGetValue<double>(out var d) || (v.TryGetValue<string>(out var s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out d))) ? d : double.NaN;

    /// <summary>One axis: numeric, date-time or categorical, mapped linearly onto pixels from <c>from</c> to <c>to</c>.</summary>
    private sealed class Axis
    {
        private readonly double _from, _to, _min, _max;
        private readonly List<string>? _categories;
        private readonly bool _dates;

        private Axis(double from, double to, double min, double max, List<string>? categories, bool dates)
        {
            (_from, _to, _min, _max, _categories, _dates) = (from, to, min, max, categories, dates);
        }

        public static Axis Of(IEnumerable<JsonNode?> values, double from, double to, bool includeZero)
        {
            var list = values.Where(v => v is not null).ToList();
            if (list.Count > 0 && list.All(v => double.IsFinite(Number(v))))
            {
                double min = list.Min(Number), max = list.Max(Number);
                if (includeZero) (min, max) = (Math.Min(min, 0), Math.Max(max, 0));
                if (max <= min) (min, max) = (min - 1, max + 1);
                double pad = (max - min) * 0.04;
                return new Axis(from, to, includeZero && min == 0 ? 0 : min - pad, max + pad, null, false);
            }
            if (list.Count > 0 && list.All(v => Date(v) is not null))
            {
                double min = list.Min(v => Date(v)!.Value), max = list.Max(v => Date(v)!.Value);
                if (max <= min) (min, max) = (min - 43200, max + 43200);
                return new Axis(from, to, min, max, null, true);
            }
            var categories = list.Select(Label).Distinct(StringComparer.Ordinal).ToList();
            return new Axis(from, to, -0.5, Math.Max(categories.Count, 1) - 0.5, categories, false);
        }

        public double? Map(JsonNode? value)
        {
            if (value is null) return null;
            double v = _categories is not null ? _categories.IndexOf(Label(value)) : _dates ? Date(value) ?? double.NaN : Number(value);
            if (!double.IsFinite(v) || (_categories is not null && v < 0)) return null;
            return _from + (v - _min) / (_max - _min) * (_to - _from);
        }

        /// <summary>The pixel width of one category (or of the smallest gap between numeric positions).</summary>
        public double BandWidth(List<JsonNode?> positions)
        {
            if (_categories is not null) return Math.Abs(_to - _from) / Math.Max(_categories.Count, 1);
            var px = positions.Select(Map).OfType<double>().Order().ToArray();
            double gap = px.Zip(px.Skip(1), (a, b) => b - a).Where(g => g > 0.01).DefaultIfEmpty(Math.Abs(_to - _from) / 10).Min();
            return Math.Max(1, gap);
        }

        public void AppendTicks(StringBuilder sb, bool horizontal)
        {
            var ticks = new List<(double Pixel, string Label)>();
            if (_categories is not null)
            {
                int step = Math.Max(1, (int)Math.Ceiling(_categories.Count / 12.0));
                for (int i = 0; i < _categories.Count; i += step)
                    ticks.Add((_from + (i - _min) / (_max - _min) * (_to - _from), Shorten(_categories[i])));
            }
            else
            {
                double step = NiceStep((_max - _min) / 5);
                for (double v = Math.Ceiling(_min / step) * step; v <= _max + step * 1e-9; v += step)
                {
                    string label = _dates
                        ? DateTime.UnixEpoch.AddSeconds(v).ToString(step >= 86400 ? "yyyy-MM-dd" : "MM-dd HH:mm", CultureInfo.InvariantCulture)
                        : Math.Abs(v) < step * 1e-9 ? "0" : v.ToString("G4", CultureInfo.InvariantCulture);
                    ticks.Add((_from + (v - _min) / (_max - _min) * (_to - _from), label));
                }
            }
            foreach (var (p, label) in ticks)
                sb.Append(horizontal
                    ? string.Create(CultureInfo.InvariantCulture, $"<text x=\"{p:0.#}\" y=\"{Height - Bottom + 14}\" text-anchor=\"middle\" fill=\"#555\">{Escape(label)}</text>")
                    : string.Create(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{p + 4:0.#}\" text-anchor=\"end\" fill=\"#555\">{Escape(label)}</text><line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{p:0.#}\" y2=\"{p:0.#}\" stroke=\"#e6e6e6\"/>"));
        }

        private static double NiceStep(double raw)
        {
            if (!(raw > 0)) return 1;
            double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
            double f = raw / magnitude;
            return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * magnitude;
        }

        private static string Shorten(string s) => s.Length <= 14 ? s : s[..13] + "…";

        private static string Label(JsonNode? v) => v is JsonValue value && value.TryGetValue<string>(out var s) ? s : v?.ToJsonString() ?? "";

        private static double? Date(JsonNode? v) =>
            v is JsonValue value && value.TryGetValue<string>(out var s)
            && DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d)
                ? (d - DateTime.UnixEpoch).TotalSeconds : null;
    }
}
