using AdaptiveEtl.Kit.Drift.Statistics;

namespace AdaptiveEtl.Kit.Drift.Comparison;

/// <summary>
/// Everything the drift verdict of a numeric column needs, gathered in one pass over the two samples merged in
/// ascending order: sizes, the KS statistic, the Wasserstein distance, reference spread and PSI bin counts. Built from
/// sorted arrays (<see cref="FromSorted"/>) or from a sorted SQL stream (<see cref="EcdfMergeAccumulator"/>).
/// </summary>
internal sealed class NumericComparison
{
    public long ReferenceCount { get; init; }
    public long CurrentCount { get; init; }
    public double KsStatistic { get; init; }
    public double KsLocation { get; init; }
    public double Wasserstein { get; init; }
    /// <summary>∫(F − G)² dx; energy distance = sqrt(2 · this) (SciPy's <c>energy_distance</c>).</summary>
    public double EnergyIntegral { get; init; }
    /// <summary>Sum of the reference values' midranks in the pooled sample (Mann–Whitney R₁).</summary>
    public double ReferenceRankSum { get; init; }
    /// <summary>Σ (t³ − t) over groups of tied values (Mann–Whitney tie correction).</summary>
    public double TieTerm { get; init; }
    /// <summary>Whether any value occurs more than once in the pooled sample.</summary>
    public bool HasTies { get; init; }
    /// <summary>Cramér–von Mises U = m·Σ(r_i − i)² + n·Σ(s_j − j)² (Anderson 1962, eq. 10 of SciPy's reference).</summary>
    public double CramerVonMisesU { get; init; }
    /// <summary>Anderson–Darling A²akN (midrank version) of the two samples.</summary>
    public double AndersonDarlingA2kN { get; init; }
    public double ReferenceStdDev { get; init; }
    public double ReferenceMin { get; init; }
    public double ReferenceMax { get; init; }
    public required double[] Edges { get; init; }
    public required long[] ReferenceBinCounts { get; init; }
    public required long[] CurrentBinCounts { get; init; }

    /// <summary>Bin edges for PSI/slices: reference quantiles, or for a constant reference c the edges {c, next(c)} so the middle bin holds exactly c.</summary>
    public static double[] EdgesFor(ReadOnlySpan<double> sortedReference, int bins) =>
        sortedReference[0] == sortedReference[^1] ? ConstantEdges(sortedReference[0]) : PopulationStabilityIndex.QuantileEdges(sortedReference, bins);

    public static double[] ConstantEdges(double c) => [c, Math.BitIncrement(c)];

    /// <summary>Builds the comparison from two non-empty sorted samples.</summary>
    public static NumericComparison FromSorted(double[] reference, double[] current, int bins) => Walk(reference, current, EdgesFor(reference, bins));

    /// <summary>The merge walk over two non-empty sorted samples with the given bin edges (none for the plain statistics).</summary>
    public static NumericComparison Walk(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, double[] edges)
    {
        var acc = new EcdfMergeAccumulator(reference.Length, current.Length, edges);
        int i = 0, j = 0;
        while (i < reference.Length || j < current.Length)
        {
            if (j >= current.Length || (i < reference.Length && reference[i] <= current[j])) acc.Add(reference[i++], true);
            else acc.Add(current[j++], false);
        }
        return acc.Complete(Statistics.Wasserstein.PopulationStdDev(reference), reference[0], reference[^1]);
    }
}
