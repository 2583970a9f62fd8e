namespace AdaptiveEtl.Kit.Drift.Statistics;

/// <summary>Outcome of a Population Stability Index computation.</summary>
/// <param name="Value">PSI = Σ (c_i − r_i)·ln(c_i / r_i) over the bins (≥ 0).</param>
/// <param name="Bins">The bins with their counts, shares and contributions, in edge or category order.</param>
/// <param name="Band">The conventional reading of <paramref name="Value"/> against the bands used.</param>
public sealed record PsiResult(double Value, IReadOnlyList<PsiBin> Bins, PsiBand Band);

/// <summary>Conventional PSI bands (Yurdakul 2018, "Statistical properties of population stability index").</summary>
public enum PsiBand
{
    /// <summary>PSI below the lower band (default 0.1): no significant change.</summary>
    NoChange,
    /// <summary>PSI between the bands (default 0.1–0.25): moderate change, investigate.</summary>
    Moderate,
    /// <summary>PSI at or above the upper band (default 0.25): significant change.</summary>
    Significant,
}
