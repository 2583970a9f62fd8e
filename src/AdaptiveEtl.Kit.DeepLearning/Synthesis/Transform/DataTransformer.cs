using System.Text.Json;
using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Schema;
using AdaptiveEtl.Kit.Synthesis;
using MathNet.Numerics.Distributions;

namespace AdaptiveEtl.Kit.DeepLearning.Synthesis.Transform;

/// <summary>
/// CTGAN's reversible data transformer (Xu et al. 2019, §4.2 "mode-specific normalization"):
/// <list type="bullet">
/// <item>continuous, integer and date-time columns (date-times as epoch seconds): a variational Gaussian mixture
/// (<see cref="BayesianGaussianMixture"/>, ≤ 10 modes, keeping modes of weight &gt; 0.005); a value is encoded as the
/// one-hot of a mode sampled from its posterior plus the offset (x − μ_k) / (4σ_k) clipped to [−0.99, 0.99];</item>
/// <item>point masses: a single value holding at least <see cref="PointMassShare"/> of a numeric column's values (the
/// zeros of capital-gain, the 40 of weekly hours) gets a mode of its own, placed before the mixture modes: it is encoded
/// with offset 0 and decoded as exactly that value, and the mixture is fitted to the remaining values only (as SDV's
/// missing-value and "discrete mode" handling does for zero-inflated columns; a Gaussian around 0 would otherwise spread
/// the zeros over small positive values);</item>
/// <item>categorical and boolean columns: one-hot over the categories seen in training;</item>
/// <item>nulls: a null slot in the one-hot of label columns, a 2-wide null-indicator one-hot after numeric columns;</item>
/// <item>constant numeric columns are reproduced as the constant (plus the null indicator if they have nulls); all-null
/// columns are reproduced as null and take no space.</item>
/// </list>
/// Text columns are refused: mask them first (<see cref="DataMasker"/>: drop, generalise, or tokenise and declare as categorical).
/// The inverse transform maps a row vector back: argmax of each one-hot, offset × 4σ + μ (a point mode's value), values clipped to the
/// training range, integers rounded, dates rounded to seconds (to days for date-only columns).
/// </summary>
public sealed class DataTransformer
{
    /// <summary>Modes of a continuous column whose weight is at most this are dropped (CTGAN's threshold).</summary>
    public const double WeightThreshold = 0.005;

    /// <summary>A numeric value holding at least this share of a column's non-null values becomes a point-mass mode.</summary>
    public const double PointMassShare = 0.1;

    private readonly List<ColumnEncoding> _columns;

    private DataTransformer(TableSchema schema, List<ColumnEncoding> columns)
    {
        Schema = schema;
        _columns = columns;
        var spans = new List<OutputSpan>();
        var conds = new List<ConditionSpan>();
        var pos = 0;
        var cond = 0;
        foreach (var c in columns)
        {
            c.Start = pos;
            switch (c.Method)
            {
                case "gmm":
                    spans.Add(new OutputSpan(c.Name, pos, 1, SpanActivation.Tanh, "offset"));
                    spans.Add(new OutputSpan(c.Name, pos + 1, c.Means.Length, SpanActivation.Softmax, "mode"));
                    if (c.Means.Length > 1)
                    {
                        conds.Add(new ConditionSpan(c.Name, pos + 1, cond, Enumerable.Range(0, c.Means.Length).Select(k => (string?)$"mode{k}").ToArray(), true));
                        cond += c.Means.Length;
                    }
                    pos += 1 + c.Means.Length;
                    break;
                case "onehot":
                    spans.Add(new OutputSpan(c.Name, pos, c.Categories.Length, SpanActivation.Softmax, "category"));
                    conds.Add(new ConditionSpan(c.Name, pos, cond, c.Categories, false));
                    cond += c.Categories.Length;
                    pos += c.Categories.Length;
                    break;
            }
            if (c.HasNulls && c.Method is "gmm" or "constant")
            {
                spans.Add(new OutputSpan(c.Name, pos, 2, SpanActivation.Softmax, "null"));
                pos += 2;
            }
            c.Dimension = pos - c.Start;
        }
        Spans = spans;
        ConditionSpans = conds;
        OutputDimension = pos;
        ConditionDimension = cond;
    }

    /// <summary>Schema of the data the transformer was fitted on.</summary>
    public TableSchema Schema { get; }

    /// <summary>Width of a transformed row.</summary>
    public int OutputDimension { get; }

    /// <summary>Width of the conditional vector (sum of the condition spans).</summary>
    public int ConditionDimension { get; }

    /// <summary>Blocks of the transformed row, in order.</summary>
    public IReadOnlyList<OutputSpan> Spans { get; }

    /// <summary>Blocks a generator can be conditioned on.</summary>
    public IReadOnlyList<ConditionSpan> ConditionSpans { get; }

    /// <summary>Fits the transformer.</summary>
    /// <param name="data">Training data.</param>
    /// <param name="maxModes">Mixture components per continuous column (CTGAN: 10).</param>
    /// <exception cref="KitDataException">A text column (names it), or no rows.</exception>
    public static DataTransformer Fit(TabularData data, int maxModes = 10)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.RowCount == 0) throw new KitDataException("cannot fit a data transformer on zero rows.", data.Schema.Name);
        var columns = new List<ColumnEncoding>();
        foreach (var spec in data.Schema.Columns)
        {
            if (spec.Kind == ColumnKind.Text)
                throw new KitDataException("text columns cannot be synthesised; drop or mask the column first (DataMasker: Drop, Generalize to a prefix, or Tokenize and declare it Categorical with TableSchema.WithKind).", data.Schema.Name, spec.Name);
            var enc = new ColumnEncoding { Name = spec.Name, Kind = spec.Kind };
            if (TabularData.IsNumericKind(spec.Kind))
            {
                var all = data.Numeric(spec.Name);
                var v = all.Where(x => x.HasValue).Select(x => x!.Value).ToArray();
                enc.HasNulls = v.Length < all.Count;
                enc.DateOnly = spec.Kind == ColumnKind.DateTime && data.IsDateOnly(spec.Name);
                if (v.Length == 0) enc.Method = "allnull";
                else if (v.Min() == v.Max()) { enc.Method = "constant"; enc.Constant = v[0]; enc.Min = enc.Max = v[0]; }
                else
                {
                    enc.Method = "gmm";
                    enc.Min = v.Min();
                    enc.Max = v.Max();
                    FitModes(enc, v, maxModes);
                }
            }
            else
            {
                var labels = data.Labels(spec.Name);
                var cats = new List<string?>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var hasNull = false;
                foreach (var l in labels) { if (l is null) hasNull = true; else if (seen.Add(l)) cats.Add(l); }
                cats.Sort(StringComparer.Ordinal);
                if (hasNull) cats.Add(null);
                enc.Method = "onehot";
                enc.HasNulls = hasNull;
                enc.Categories = cats.ToArray();
            }
            columns.Add(enc);
        }
        return new DataTransformer(data.Schema, columns);
    }

    /// <summary>
    /// Point-mass modes (values holding ≥ <see cref="PointMassShare"/>, most frequent first), then a variational mixture
    /// on the other values; if fewer than two distinct other values remain, each of them becomes a point mode too.
    /// </summary>
    private static void FitModes(ColumnEncoding enc, double[] v, int maxModes)
    {
        var counts = v.GroupBy(x => x).Select(g => (Value: g.Key, Count: g.Count())).OrderByDescending(g => g.Count).ThenBy(g => g.Value).ToArray();
        var points = counts.Where(g => g.Count >= PointMassShare * v.Length).ToList();
        var pointSet = points.Select(p => p.Value).ToHashSet();
        var rest = v.Where(x => !pointSet.Contains(x)).ToArray();
        var restDistinct = counts.Length - points.Count;
        if (restDistinct < 2) { points = counts.ToList(); rest = []; }
        var weights = points.Select(p => (double)p.Count / v.Length).ToList();
        var means = points.Select(p => p.Value).ToList();
        var floor = 1e-6 * (enc.Max - enc.Min);
        var sds = points.Select(_ => floor).ToList();
        if (rest.Length > 0)
        {
            var gmm = BayesianGaussianMixture.Fit(rest, Math.Min(maxModes, restDistinct));
            var keep = Enumerable.Range(0, gmm.Weights.Length).Where(k => gmm.Weights[k] > WeightThreshold).ToArray();
            if (keep.Length == 0) keep = [Array.IndexOf(gmm.Weights, gmm.Weights.Max())];
            var total = keep.Sum(k => gmm.Weights[k]);
            var restShare = (double)rest.Length / v.Length;
            weights.AddRange(keep.Select(k => gmm.Weights[k] / total * restShare));
            means.AddRange(keep.Select(k => gmm.Means[k]));
            sds.AddRange(keep.Select(k => Math.Max(gmm.StdDevs[k], floor)));
        }
        enc.PointModes = points.Count;
        enc.Weights = weights.ToArray();
        enc.Means = means.ToArray();
        enc.StdDevs = sds.ToArray();
    }

    /// <summary>
    /// Transforms rows into a row-major float array of <c>rows × OutputDimension</c>. The mode of each continuous
    /// value is sampled from its posterior with <paramref name="random"/> (CTGAN); if the sampled mode puts the value
    /// beyond the ±0.99 clip, the most probable mode is used instead so that the encoding stays exact.
    /// </summary>
    /// <exception cref="KitDataException">A category unseen at fit time (names column, row and label).</exception>
    public float[] Transform(TabularData data, Random random)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(random);
        var n = data.RowCount;
        var d = OutputDimension;
        var result = new float[(long)n * d];
        foreach (var c in _columns)
        {
            switch (c.Method)
            {
                case "allnull":
                    break;
                case "constant":
                    if (c.HasNulls)
                    {
                        var v = data.Numeric(c.Name);
                        for (var r = 0; r < n; r++) result[(long)r * d + c.Start + (v[r].HasValue ? 0 : 1)] = 1;
                    }
                    break;
                case "gmm":
                {
                    var v = data.Numeric(c.Name);
                    var gmm = BayesianGaussianMixture.FromParameters(c.Weights, c.Means, c.StdDevs);
                    var top = Array.IndexOf(c.Weights, c.Weights.Max());
                    var mixture = Enumerable.Range(c.PointModes, c.Means.Length - c.PointModes).ToArray();
                    for (var r = 0; r < n; r++)
                    {
                        var row = (long)r * d + c.Start;
                        if (v[r] is not { } x)
                        {
                            result[row + 1 + top] = 1;
                            result[row + 1 + c.Means.Length + 1] = 1;
                            continue;
                        }
                        var point = Array.IndexOf(c.Means, x, 0, c.PointModes);
                        int k;
                        double offset;
                        if (point >= 0) { k = point; offset = 0; }
                        else if (mixture.Length == 0)
                        {
                            // Only point modes (a value unseen at fit time): the nearest point.
                            k = Enumerable.Range(0, c.PointModes).MinBy(j => Math.Abs(x - c.Means[j]));
                            offset = 0;
                        }
                        else
                        {
                            var p = gmm.Responsibilities(x, mixture);
                            var j = Categorical.Sample(random, p);
                            k = mixture[j];
                            offset = (x - c.Means[k]) / (4 * c.StdDevs[k]);
                            if (Math.Abs(offset) > 0.99)
                            {
                                k = mixture[Array.IndexOf(p, p.Max())];
                                offset = (x - c.Means[k]) / (4 * c.StdDevs[k]);
                            }
                        }
                        result[row] = (float)Math.Clamp(offset, -0.99, 0.99);
                        result[row + 1 + k] = 1;
                        if (c.HasNulls) result[row + 1 + c.Means.Length] = 1;
                    }
                    break;
                }
                case "onehot":
                {
                    var labels = data.Labels(c.Name);
                    var index = IndexOf(c);
                    for (var r = 0; r < n; r++)
                    {
                        if (!index.TryGetValue(labels[r] ?? NullKey, out var k))
                            throw new KitDataException($"category '{labels[r] ?? "null"}' was not seen when the generator was trained; known: {string.Join(", ", c.Categories.Select(x => x ?? "null"))}.", data.Schema.Name, c.Name, r);
                        result[(long)r * d + c.Start + k] = 1;
                    }
                    break;
                }
            }
        }
        return result;
    }

    /// <summary>
    /// Maps transformed rows back to data with the training schema and column types.
    /// <paramref name="overrides"/> replaces the decoded values of numeric columns (by name) — used to place values
    /// inside a requested numeric bin.
    /// </summary>
    public TabularData InverseTransform(float[] values, int rows, TabularData template, IReadOnlyDictionary<string, double[]>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(template);
        var d = OutputDimension;
        if (values.LongLength != (long)rows * d) throw new ArgumentException($"Expected {rows} × {d} values, got {values.Length}.", nameof(values));
        var numeric = new double?[]?[_columns.Count];
        var labels = new string?[]?[_columns.Count];
        for (var ci = 0; ci < _columns.Count; ci++)
        {
            var c = _columns[ci];
            if (c.Method == "onehot")
            {
                var l = new string?[rows];
                for (var r = 0; r < rows; r++) l[r] = c.Categories[ArgMax(values, (long)r * d + c.Start, c.Categories.Length)];
                labels[ci] = l;
                continue;
            }
            var v = new double?[rows];
            double[]? forced = null;
            overrides?.TryGetValue(c.Name, out forced);
            for (var r = 0; r < rows; r++)
            {
                var row = (long)r * d + c.Start;
                if (c.Method == "allnull") { v[r] = null; continue; }
                var nullStart = c.Method == "gmm" ? row + 1 + c.Means.Length : row;
                if (c.HasNulls && forced is null && ArgMax(values, nullStart, 2) == 1) { v[r] = null; continue; }
                double x;
                if (forced is not null) x = forced[r];
                else if (c.Method == "constant") x = c.Constant!.Value;
                else
                {
                    var k = ArgMax(values, row + 1, c.Means.Length);
                    x = k < c.PointModes ? c.Means[k] : Math.Clamp((double)values[row], -1, 1) * 4 * c.StdDevs[k] + c.Means[k];
                    x = Math.Clamp(x, c.Min, c.Max);
                }
                if (c.Kind == ColumnKind.Integer) x = Math.Round(x);
                else if (c.Kind == ColumnKind.DateTime) x = c.DateOnly ? Math.Round(x / 86400) * 86400 : Math.Round(x);
                v[r] = x;
            }
            numeric[ci] = v;
        }
        return TabularData.FromColumns(template, numeric, labels, rows);
    }

    /// <summary>The condition span of a column, or throws naming the column and the columns that can be conditioned on.</summary>
    /// <exception cref="KitDataException">The column cannot be conditioned on.</exception>
    public ConditionSpan ConditionSpanFor(string column) =>
        ConditionSpans.FirstOrDefault(s => s.Column == column)
        ?? throw new KitDataException($"cannot condition on this column; conditionable columns: {string.Join(", ", ConditionSpans.Select(s => s.Column))} (unknown columns, constant, all-null and single-mode numeric columns cannot be conditioned on).", Schema.Name, column);

    /// <summary>
    /// Probabilities of the modes of a continuous column for a numeric bin [lower, upper):
    /// w_k · (Φ((upper − μ_k)/σ_k) − Φ((lower − μ_k)/σ_k)), normalised (a point mode: w_k when its value lies in the bin, else 0). Zero everywhere when the bin misses the data range.
    /// </summary>
    public double[] ModeProbabilitiesForBin(string column, double lower, double upper)
    {
        var c = Encoding(column);
        if (c.Method != "gmm") throw new KitDataException("is not a multi-valued numeric column; bins can only be filled in columns modelled by a Gaussian mixture.", Schema.Name, column);
        var p = new double[c.Means.Length];
        for (var k = 0; k < p.Length; k++)
            p[k] = k < c.PointModes
                ? (c.Means[k] >= lower && c.Means[k] < upper ? c.Weights[k] : 0)
                : c.Weights[k] * (Normal.CDF(c.Means[k], c.StdDevs[k], upper) - Normal.CDF(c.Means[k], c.StdDevs[k], lower));
        var s = p.Sum();
        return s > 0 ? p.Select(x => x / s).ToArray() : p;
    }

    /// <summary>Draws a value from mode <paramref name="mode"/>'s normal truncated to [lower, upper) ∩ [min, max] (inverse-CDF sampling); a point mode gives its value.</summary>
    public double SampleInBin(string column, int mode, double lower, double upper, Random random)
    {
        var c = Encoding(column);
        var lo = Math.Max(lower, c.Min);
        var hi = Math.Min(upper, c.Max);
        if (c.Kind == ColumnKind.Integer) { lo = Math.Ceiling(lo); hi = double.IsPositiveInfinity(upper) || upper > c.Max ? Math.Floor(hi) : Math.Ceiling(hi) - 1; }
        if (hi < lo) throw new KitDataException($"the bin [{lower}, {upper}) holds no value of the training range [{c.Min}, {c.Max}].", Schema.Name, column);
        if (mode < c.PointModes)
        {
            if (!(c.Means[mode] >= lower && c.Means[mode] < upper)) throw new KitDataException($"the point mode {c.Means[mode]} lies outside the bin [{lower}, {upper}).", Schema.Name, column);
            return c.Means[mode];
        }
        var a = Normal.CDF(c.Means[mode], c.StdDevs[mode], lo);
        var b = Normal.CDF(c.Means[mode], c.StdDevs[mode], hi);
        double x;
        if (b - a > 1e-12) x = Normal.InvCDF(c.Means[mode], c.StdDevs[mode], a + random.NextDouble() * (b - a));
        else x = lo + random.NextDouble() * (hi - lo); // bin far in the tail of the mode: uniform within the bin
        x = Math.Clamp(x, lo, hi);
        if (c.Kind == ColumnKind.Integer) x = Math.Round(x);
        if (c.Kind == ColumnKind.DateTime) x = c.DateOnly ? Math.Floor(x / 86400) * 86400 : Math.Floor(x);
        if (x >= upper) x = lo;
        return x;
    }

    /// <summary>The training range [min, max] of a numeric column.</summary>
    public (double Min, double Max) RangeOf(string column) { var c = Encoding(column); return (c.Min, c.Max); }

    /// <summary>Serialises the fitted transformer (schema and encodings) as JSON.</summary>
    public JsonObject ToJson() => new()
    {
        ["schema"] = JsonSerializer.SerializeToNode(new SchemaDto(Schema.Name, Schema.Columns.ToList())),
        ["columns"] = JsonSerializer.SerializeToNode(_columns),
    };

    /// <summary>Recreates a transformer from <see cref="ToJson"/>.</summary>
    /// <exception cref="KitDataException">The JSON is not a transformer state.</exception>
    public static DataTransformer FromJson(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var schema = node["schema"]?.Deserialize<SchemaDto>() ?? throw new KitDataException("the transformer state has no schema.");
        var cols = node["columns"]?.Deserialize<List<ColumnEncoding>>() ?? throw new KitDataException("the transformer state has no columns.");
        return new DataTransformer(new TableSchema(schema.Name, schema.Columns), cols);
    }

    internal ColumnEncoding Encoding(string column) =>
        _columns.FirstOrDefault(c => c.Name == column) ?? throw new KitDataException($"no such column; columns: {string.Join(", ", _columns.Select(c => c.Name))}.", Schema.Name, column);

    private const string NullKey = "\u0000null";

    private static Dictionary<string, int> IndexOf(ColumnEncoding c)
    {
        var d = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var k = 0; k < c.Categories.Length; k++) d[c.Categories[k] ?? NullKey] = k;
        return d;
    }

    private static int ArgMax(float[] v, long start, int length)
    {
        var best = 0;
        for (var k = 1; k < length; k++) if (v[start + k] > v[start + best]) best = k;
        return best;
    }

    private sealed record SchemaDto(string Name, List<ColumnSchema> Columns);
}
