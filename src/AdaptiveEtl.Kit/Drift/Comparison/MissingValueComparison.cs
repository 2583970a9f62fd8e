using AdaptiveEtl.Kit.Drift.Statistics;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Drift.Comparison;

/// <summary>Counts missing and non-finite values of a column pair and tests their shares (<see cref="MissingValueShift"/>).</summary>
internal static class MissingValueComparison
{
    /// <summary>The shift, or null when one side has no rows at all (nothing to take a share of).</summary>
    public static MissingValueShift? Compare(DataFrameColumn reference, DataFrameColumn current, DriftOptions o)
    {
        var (rm, rf) = Count(reference);
        var (cm, cf) = Count(current);
        return FromCounts(reference.Length, rm, rf, current.Length, cm, cf, o);
    }

    /// <summary>
    /// The shift from counts (rows, missing, ±∞ per side), as gathered by the DataFrame, DuckDB and streaming paths; null
    /// when a side has no rows.
    /// </summary>
    public static MissingValueShift? FromCounts(long rn, long rm, long rf, long cn, long cm, long cf, DriftOptions o)
    {
        if (rn == 0 || cn == 0) return null;
        double pMissing = TwoProportionZTest.Test(rm, rn, cm, cn).PValue;
        double pNonFinite = TwoProportionZTest.Test(rf, rn, cf, cn).PValue;
        double missingSignal = Signal(pMissing, (double)rm / rn, (double)cm / cn, o);
        double nonFiniteSignal = Signal(pNonFinite, (double)rf / rn, (double)cf / cn, o);
        bool drifted = Drifted(pMissing, (double)rm / rn, (double)cm / cn, o) || Drifted(pNonFinite, (double)rf / rn, (double)cf / cn, o);
        return new MissingValueShift(rn, cn, rm, cm, rf, cf, pMissing, pNonFinite, drifted, Math.Max(missingSignal, nonFiniteSignal));
    }

    private static bool Drifted(double p, double before, double after, DriftOptions o) =>
        p < o.PValueThreshold && Math.Abs(after - before) >= o.MinimumMissingRateChange;

    private static double Signal(double p, double before, double after, DriftOptions o) =>
        Math.Abs(after - before) < o.MinimumMissingRateChange ? 0 : DriftSignal.FromPValue(p, o.PValueThreshold);

    /// <summary>Missing (null; NaN in floating-point columns) and ±∞ values of a column.</summary>
    internal static (long Missing, long NonFinite) Count(DataFrameColumn column)
    {
        long missing = 0, nonFinite = 0;
        switch (column)
        {
            case PrimitiveDataFrameColumn<double> d:
                for (long i = 0; i < d.Length; i++)
                {
                    if (d[i] is not { } v || double.IsNaN(v)) missing++;
                    else if (double.IsInfinity(v)) nonFinite++;
                }
                break;
            case PrimitiveDataFrameColumn<float> f:
                for (long i = 0; i < f.Length; i++)
                {
                    if (f[i] is not { } v || float.IsNaN(v)) missing++;
                    else if (float.IsInfinity(v)) nonFinite++;
                }
                break;
            default:
                missing = column.NullCount;
                break;
        }
        return (missing, nonFinite);
    }
}
