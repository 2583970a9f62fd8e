namespace AdaptiveEtl.Kit.Drift.Statistics;

/// <summary>
/// Sorting of large double arrays on two cores: the halves are sorted concurrently with <see cref="Array.Sort(Array)"/>
/// and merged in one linear pass. Used where one big sample must be sorted (PSI reference quantiles); small arrays are
/// sorted in place as usual.
/// </summary>
internal static class ParallelSort
{
    private const int Threshold = 200_000;

    /// <summary>Returns <paramref name="values"/> sorted ascending (may be the same array or a new one).</summary>
    public static double[] Sort(double[] values)
    {
        if (values.Length < Threshold || Environment.ProcessorCount < 2)
        {
            Array.Sort(values);
            return values;
        }
        int mid = values.Length / 2;
        Parallel.Invoke(() => Array.Sort(values, 0, mid), () => Array.Sort(values, mid, values.Length - mid));
        var merged = new double[values.Length];
        int i = 0, j = mid, k = 0;
        while (i < mid && j < values.Length) merged[k++] = values[i] <= values[j] ? values[i++] : values[j++];
        while (i < mid) merged[k++] = values[i++];
        while (j < values.Length) merged[k++] = values[j++];
        return merged;
    }
}
