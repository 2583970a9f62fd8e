using AdaptiveEtl.Kit.Drift.Comparison;

namespace AdaptiveEtl.Kit.Drift.Statistics;

/// <summary>
/// Energy distance between two empirical distributions, matching <c>scipy.stats.energy_distance(a, b)</c>:
/// D = sqrt(2·∫(F_a(x) − F_b(x))² dx), which equals sqrt(2E|X − Y| − E|X − X'| − E|Y − Y'|) (Székely &amp; Rizzo 2013,
/// "Energy statistics: A class of statistics based on distances", J. Stat. Planning and Inference 143(8)); computed by
/// the same merge walk as the Wasserstein distance, so it is exact on the DuckDB push-down too.
/// </summary>
/// <remarks>
/// Hand-written: Math.NET Numerics 5.0 (the kit's served numerics library) has no energy distance. As a drift method
/// (<see cref="DriftMethod.EnergyDistance"/>) the kit uses <see cref="NormalizedDistance"/>, the distance of the samples
/// divided by the reference standard deviation: a shift of δ reference standard deviations between two normal samples
/// gives about 0.75·δ, so the default threshold 0.1 flags a shift of about 0.13 σ (Evidently's <c>energy_dist</c> uses
/// the raw distance, which depends on the unit of the column).
/// </remarks>
public static class EnergyDistance
{
    private const string Name = "energy distance";

    /// <summary>Energy distance between two samples (copied and sorted).</summary>
    /// <exception cref="KitDataException">A sample is empty or holds NaN or ±∞.</exception>
    public static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var (sa, sb) = Sorted(a, b);
        return DistanceSorted(sa, sb);
    }

    /// <summary>Energy distance between two samples already sorted ascending.</summary>
    /// <exception cref="KitDataException">A sample is empty, holds NaN or ±∞, or is not sorted ascending.</exception>
    public static double DistanceSorted(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        Check(a, b);
        return Math.Sqrt(2 * NumericComparison.Walk(a, b, []).EnergyIntegral);
    }

    /// <summary>
    /// Energy distance of the standardised samples, <c>energy_distance(r/σ, c/σ)</c> with σ the reference's population
    /// standard deviation (floored at 0.001 as for <see cref="Wasserstein.NormalizedDistance"/>); equals
    /// D / sqrt(σ).
    /// </summary>
    /// <exception cref="KitDataException">A sample is empty or holds NaN or ±∞.</exception>
    public static double NormalizedDistance(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        var (sr, sc) = Sorted(reference, current);
        Check(sr, sc);
        return FromIntegral(NumericComparison.Walk(sr, sc, []).EnergyIntegral, Wasserstein.PopulationStdDev(sr));
    }

    /// <summary>The standardised distance from ∫(F − G)² and the reference standard deviation.</summary>
    internal static double FromIntegral(double integral, double referenceStdDev) => Math.Sqrt(2 * integral / Math.Max(referenceStdDev, 0.001));

    private static (double[], double[]) Sorted(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        SampleChecks.Finite(a, "a", Name);
        SampleChecks.Finite(b, "b", Name);
        var sa = a.ToArray();
        var sb = b.ToArray();
        KolmogorovSmirnov.SortBoth(sa, sb);
        return (sa, sb);
    }

    private static void Check(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length == 0 || b.Length == 0) throw new KitDataException($"the energy distance needs two non-empty samples; got sizes {a.Length} and {b.Length}.");
        SampleChecks.SortedAscending(a, nameof(a), Name, allowInfinity: false);
        SampleChecks.SortedAscending(b, nameof(b), Name, allowInfinity: false);
    }
}
