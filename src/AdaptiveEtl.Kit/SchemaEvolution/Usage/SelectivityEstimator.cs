using AdaptiveEtl.Kit.SchemaEvolution.Profiling;

namespace AdaptiveEtl.Kit.SchemaEvolution.Usage;

/// <summary>
/// Estimates the share of rows a literal predicate keeps, from the column's profile when there is one (uniform values
/// between min and max, equal frequency per distinct value — the textbook System R assumptions), otherwise from
/// PostgreSQL's planner defaults (<c>DEFAULT_EQ_SEL</c> 0.005, <c>DEFAULT_INEQ_SEL</c> 1/3, <c>DEFAULT_RANGE_INEQ_SEL</c> 0.005,
/// src/include/utils/selfuncs.h).
/// </summary>
internal static class SelectivityEstimator
{
    public const double DefaultEquality = 0.005, DefaultInequality = 1.0 / 3, DefaultRange = 0.005;

    public static double Estimate(FilterPredicate p, ColumnProfile? profile)
    {
        double nonNull = profile is { RowCount: > 0 } ? 1 - profile.NullShare : 1;
        double? perValue = profile is { DistinctCount: > 0 } ? nonNull / profile.DistinctCount : null;
        double? lo = profile?.Min, hi = profile?.Max;
        bool hasRange = lo is not null && hi is not null && hi > lo;
        double sel = p.Kind switch
        {
            PredicateKind.Equality => perValue ?? DefaultEquality,
            PredicateKind.InList => Math.Min(nonNull, (perValue ?? DefaultEquality) * p.Values.Count),
            PredicateKind.NotEqual => nonNull - (perValue ?? DefaultEquality),
            PredicateKind.Range when p.Operator == "between" =>
                hasRange && p.Values[0] is { } a && p.Values[1] is { } b ? nonNull * Fraction(Math.Max(a, lo!.Value), Math.Min(b, hi!.Value), lo.Value, hi.Value) : DefaultRange,
            PredicateKind.Range =>
                hasRange && p.Values[0] is { } v
                    ? nonNull * (p.Operator is "<" or "<=" ? Fraction(lo!.Value, Math.Min(v, hi!.Value), lo.Value, hi.Value) : Fraction(Math.Max(v, lo!.Value), hi!.Value, lo.Value, hi.Value))
                    : DefaultInequality,
            _ => DefaultInequality,
        };
        return Math.Clamp(sel, 0, 1);
    }

    private static double Fraction(double from, double to, double lo, double hi) => to <= from ? 0 : (to - from) / (hi - lo);
}
