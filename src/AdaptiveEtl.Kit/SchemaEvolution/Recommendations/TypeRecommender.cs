using System.Globalization;
using AdaptiveEtl.Kit.SchemaEvolution.Profiling;

namespace AdaptiveEtl.Kit.SchemaEvolution.Recommendations;

/// <summary>
/// Column types from observed ranges and lengths and their trends. Narrowing: <c>VARCHAR(n)</c> → <c>VARCHAR(m)</c> where
/// m is the longest value (or its trend at the horizon, if growing) times 1 + safety margin, rounded up to a multiple of 8;
/// <c>BIGINT</c> → <c>INTEGER</c> when the range (and its trend at the horizon) times 1 + margin fits in 32 bits. Widening
/// before overflow: the slope of a linear trend fitted on the snapshots' maximum (or longest string), carried forward from
/// the latest value, that reaches the type's limit within the horizon gives the overflow ETA.
/// </summary>
public sealed class TypeRecommender : ISchemaRecommender
{
    private const double Int32Max = int.MaxValue, Int16Max = short.MaxValue;

    /// <inheritdoc />
    public string Name => "types";

    /// <inheritdoc />
    public IEnumerable<SchemaRecommendation> Recommend(AdvisorContext context, SchemaAdvisorOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var result = new List<SchemaRecommendation>();
        foreach (var p in context.LatestProfiles())
        {
            var horizon = p.TakenAt.AddDays(options.HorizonDays);
            foreach (var c in p.Columns)
            {
                var type = c.DataType.ToLowerInvariant();
                var maxTrend = context.History?.MaxTrend(p.Table, c.Column);
                var minTrend = context.History?.MinTrend(p.Table, c.Column);
                var lenTrend = context.History?.LengthTrend(p.Table, c.Column);
                if (type is "bigint" or "int8" && c.Min is { } lo && c.Max is { } hi)
                {
                    double projHi = Math.Max(hi, maxTrend?.At(horizon) ?? hi), projLo = Math.Min(lo, minTrend?.At(horizon) ?? lo);
                    double bound = Math.Max(Math.Abs(projHi), Math.Abs(projLo)) * (1 + options.SafetyMargin);
                    if (bound <= Int32Max)
                        result.Add(Retype(RecommendationKind.NarrowType, p, c, "INTEGER", 4.0 * p.RowCount, 4 / StorageEstimate.RowWidth(p), RecommendationRisk.High,
                            [$"{c.Column}: observed range [{lo:0}, {hi:0}] in {p.RowCount:N0} rows at {p.TakenAt:yyyy-MM-dd}",
                             maxTrend is null ? "no trend (fewer than two snapshots): the range is taken as is" : $"trend of the maximum: {maxTrend.SlopePerDay:+0.##;-0.##} per day over {maxTrend.Points} snapshots; {projHi:0} at the {options.HorizonDays:0}-day horizon",
                             $"with a {options.SafetyMargin:P0} margin the values stay within ±{bound:0} ≤ 2^31 − 1"],
                            $"{c.Column} holds only 32-bit values and is not growing out of them: INTEGER halves its storage.", null));
                }
                else if (type is "integer" or "int" or "int4" or "smallint" or "int2" && maxTrend is not null)
                {
                    double limit = type is "smallint" or "int2" ? Int16Max : Int32Max;
                    var eta = Eta(p.TakenAt, c.Max ?? maxTrend.Latest, limit, maxTrend);
                    if (eta is { } when && when <= horizon)
                    {
                        var to = limit == Int16Max ? "INTEGER" : "BIGINT";
                        result.Add(Retype(RecommendationKind.WidenType, p, c, to, (limit == Int16Max ? 2.0 : 4.0) * p.RowCount, 0, RecommendationRisk.Medium,
                            [$"{c.Column}: maximum {maxTrend.Latest:0} growing {maxTrend.SlopePerDay:0.##} per day over {maxTrend.Points} snapshots",
                             $"at that rate it reaches the {c.DataType} limit {limit:0} around {when:yyyy-MM-dd} ({(when - p.TakenAt).TotalDays:0} days after {p.TakenAt:yyyy-MM-dd})"],
                            $"{c.Column} will overflow {c.DataType} around {when:yyyy-MM-dd}: widen it to {to} before then.", when));
                    }
                }
                else if (c.IsText && c.DeclaredLength is { } declared && c.MaxLength is { } longest)
                {
                    var eta = lenTrend is null ? null : Eta(p.TakenAt, longest, declared, lenTrend);
                    if (eta is { } when && when <= horizon)
                    {
                        int wider = RoundUp8(Math.Max(declared, lenTrend!.At(horizon)) * (1 + options.SafetyMargin));
                        result.Add(Retype(RecommendationKind.WidenType, p, c, $"VARCHAR({wider})", 0, 0, RecommendationRisk.Medium,
                            [$"{c.Column}: longest value {longest} of {declared} characters, growing {lenTrend.SlopePerDay:0.###} per day over {lenTrend.Points} snapshots",
                             $"at that rate it reaches {declared} around {when:yyyy-MM-dd}"],
                            $"{c.Column} will outgrow {c.DataType} around {when:yyyy-MM-dd}: widen it to VARCHAR({wider}).", when));
                        continue;
                    }
                    double projected = Math.Max(longest, lenTrend is { SlopePerDay: > 0 } ? lenTrend.At(horizon) : longest);
                    int narrow = Math.Max(8, RoundUp8(projected * (1 + options.SafetyMargin)));
                    if (narrow < declared)
                        result.Add(Retype(RecommendationKind.NarrowType, p, c, $"VARCHAR({narrow})", 0, 0, RecommendationRisk.High,
                            [$"{c.Column}: longest value {longest} characters in {p.RowCount:N0} rows, declared {declared}",
                             lenTrend is null ? "no trend (fewer than two snapshots)" : $"length trend {lenTrend.SlopePerDay:+0.###;-0.###} per day over {lenTrend.Points} snapshots; {projected:0.#} at the {options.HorizonDays:0}-day horizon",
                             $"VARCHAR({narrow}) keeps a {options.SafetyMargin:P0} margin (rounded up to a multiple of 8)"],
                            $"{c.Column} is declared {c.DataType} but its values stay far shorter: VARCHAR({narrow}) rejects corrupt long values early.", null));
                }
            }
        }
        return result;
    }

    private static int RoundUp8(double v) => (int)(Math.Ceiling(v / 8) * 8);

    // The fitted slope carried forward from the latest observation (not from the fitted line), so a current profile
    // newer than the snapshots anchors the prediction.
    private static DateTimeOffset? Eta(DateTimeOffset at, double current, double limit, ValueTrend trend) =>
        trend.SlopePerDay <= 0 ? null : current >= limit ? at : at.AddDays((limit - current) / trend.SlopePerDay);

    private static SchemaRecommendation Retype(RecommendationKind kind, TableProfile p, ColumnProfile c, string to, double bytes, double gain, RecommendationRisk risk,
        List<string> evidence, string rationale, DateTimeOffset? eta)
    {
        var options = new Dictionary<string, string> { ["from_type"] = c.DataType, ["to_type"] = to };
        if (eta is { } when) options["overflow_eta"] = when.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        long storage = (long)Math.Round(kind == RecommendationKind.NarrowType ? -bytes : bytes);
        return new SchemaRecommendation(RecommendationIds.For(kind, p.Table, [c.Column], to), kind, p.Table, [c.Column], options, evidence, Math.Round(Math.Clamp(gain, 0, 1), 4), storage, risk, rationale);
    }
}
