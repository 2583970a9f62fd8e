using System.Globalization;
using AdaptiveEtl.Kit.Drift.Statistics;
using AdaptiveEtl.Kit.Schema;

namespace AdaptiveEtl.Kit.Drift.Comparison;

/// <summary>Readable labels of numeric bins: numbers, or UTC dates for date-time columns (compared as Unix seconds).</summary>
internal static class BinLabels
{
    public static string Of(double? lower, double? upper, ColumnKind? kind) =>
        kind == ColumnKind.DateTime
            ? $"[{Date(lower ?? double.NegativeInfinity)}, {Date(upper ?? double.PositiveInfinity)})"
            : PopulationStabilityIndex.IntervalLabel(lower ?? double.NegativeInfinity, upper ?? double.PositiveInfinity);

    public static PsiResult Relabel(PsiResult psi, ColumnKind kind) =>
        kind != ColumnKind.DateTime ? psi : psi with { Bins = psi.Bins.Select(b => b.Lower is null ? b : b with { Label = Of(b.Lower, b.Upper, kind) }).ToArray() };

    private static string Date(double seconds) =>
        double.IsNegativeInfinity(seconds) ? "-inf" : double.IsPositiveInfinity(seconds) ? "+inf"
        : DateTime.UnixEpoch.AddSeconds(seconds).ToString(seconds % 86400 == 0 ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
