namespace AdaptiveEtl.Kit.Drift;

/// <summary>
/// How the share of missing values (null, NaN) and of non-finite numbers (±∞) of one column changed between reference
/// and current data, each tested with the pooled two-proportion z-test. A column going from 0 % to 60 % null has drifted
/// even if its remaining values look like the reference; a column whose current batch is all null is compared on this
/// alone. Drift needs p below the significance level <b>and</b> a change of at least
/// <see cref="DriftOptions.MinimumMissingRateChange"/> (so a 0.1-point change on millions of rows is not an alarm).
/// </summary>
/// <param name="ReferenceRows">Rows of the reference column (all values, missing included).</param>
/// <param name="CurrentRows">Rows of the current column.</param>
/// <param name="ReferenceMissing">Missing values in the reference.</param>
/// <param name="CurrentMissing">Missing values in the current data.</param>
/// <param name="ReferenceNonFinite">±∞ values in the reference (numeric columns; 0 otherwise).</param>
/// <param name="CurrentNonFinite">±∞ values in the current data.</param>
/// <param name="MissingPValue">Two-sided p of the z-test on the missing shares.</param>
/// <param name="NonFinitePValue">Two-sided p of the z-test on the non-finite shares.</param>
/// <param name="Drifted">True when either share changed significantly and by at least the minimum change.</param>
/// <param name="Signal">Drift signal in [0, 1] of the stronger of the two (0 below the minimum change; see <see cref="DriftSignal"/>).</param>
public sealed record MissingValueShift(long ReferenceRows, long CurrentRows, long ReferenceMissing, long CurrentMissing,
    long ReferenceNonFinite, long CurrentNonFinite, double MissingPValue, double NonFinitePValue, bool Drifted, double Signal)
{
    /// <summary>Share of missing values in the reference.</summary>
    public double ReferenceMissingRate => ReferenceRows == 0 ? 0 : (double)ReferenceMissing / ReferenceRows;

    /// <summary>Share of missing values in the current data.</summary>
    public double CurrentMissingRate => CurrentRows == 0 ? 0 : (double)CurrentMissing / CurrentRows;

    /// <summary>Share of ±∞ values in the reference.</summary>
    public double ReferenceNonFiniteRate => ReferenceRows == 0 ? 0 : (double)ReferenceNonFinite / ReferenceRows;

    /// <summary>Share of ±∞ values in the current data.</summary>
    public double CurrentNonFiniteRate => CurrentRows == 0 ? 0 : (double)CurrentNonFinite / CurrentRows;

    /// <summary>One line, e.g. "missing 0.0 % → 60.0 % (p = 1e-40)".</summary>
    public string Describe()
    {
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        var parts = new List<string>();
        if (ReferenceMissing > 0 || CurrentMissing > 0)
            parts.Add(string.Format(ci, "missing {0:P1} → {1:P1} (p = {2:G3})", ReferenceMissingRate, CurrentMissingRate, MissingPValue));
        if (ReferenceNonFinite > 0 || CurrentNonFinite > 0)
            parts.Add(string.Format(ci, "±∞ {0:P1} → {1:P1} (p = {2:G3})", ReferenceNonFiniteRate, CurrentNonFiniteRate, NonFinitePValue));
        return string.Join("; ", parts);
    }
}
