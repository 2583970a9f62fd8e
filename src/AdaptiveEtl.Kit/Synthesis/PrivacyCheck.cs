namespace AdaptiveEtl.Kit.Synthesis;

/// <summary>
/// Distance-to-closest-record check (as in SDMetrics' DCRBaselineProtection / the "DCR" of Zhao et al. 2021,
/// "CTAB-GAN"): encodes rows with <see cref="RowEncoder"/> fitted on the training data, computes each synthetic row's
/// distance to its nearest training row and compares with the same distance for a real hold-out that the generator
/// never saw.
/// </summary>
public static class PrivacyCheck
{
    /// <summary>Runs the check. All three tables must share the schema of <paramref name="training"/>.</summary>
    /// <exception cref="KitDataException">A table is empty.</exception>
    public static PrivacyReport DistanceToClosestRecord(TabularData training, TabularData holdout, TabularData synthetic)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(holdout);
        ArgumentNullException.ThrowIfNull(synthetic);
        if (training.RowCount == 0 || holdout.RowCount == 0 || synthetic.RowCount == 0)
            throw new KitDataException($"the DCR check needs non-empty training, hold-out and synthetic data; got {training.RowCount}, {holdout.RowCount} and {synthetic.RowCount} rows.", training.Schema.Name);
        var encoder = new RowEncoder(training);
        var train = encoder.Encode(training);
        var hold = RowEncoder.NearestDistances(encoder.Encode(holdout), train);
        var syn = RowEncoder.NearestDistances(encoder.Encode(synthetic), train);
        var threshold = Quantile(hold, 0.05);
        var copies = syn.Count(d => d <= 1e-9);
        var closer = syn.Count(d => d < threshold || d <= 1e-9);
        return new PrivacyReport(syn.Length, threshold, (double)closer / syn.Length, copies, Quantile(syn, 0.5), Quantile(hold, 0.5));
    }

    /// <summary>Quantile with linear interpolation between order statistics (NumPy's default, "type 7").</summary>
    internal static double Quantile(IEnumerable<double> values, double p)
    {
        var s = values.OrderBy(x => x).ToArray();
        if (s.Length == 0) return double.NaN;
        var h = (s.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, s.Length - 1);
        return s[lo] + (h - lo) * (s[hi] - s[lo]);
    }
}
