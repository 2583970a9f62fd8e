namespace AdaptiveEtl.Kit.Drift;

/// <summary>The statistical test or distance that decides whether one column drifted.</summary>
public enum DriftMethod
{
    /// <summary>Chosen per column from its kind and the reference sample size (see <see cref="DriftOptions"/>).</summary>
    Auto,
    /// <summary>Two-sample Kolmogorov–Smirnov test; drift when p &lt; threshold (default 0.05). Numeric columns.</summary>
    KolmogorovSmirnov,
    /// <summary>Wasserstein distance divided by the reference standard deviation; drift when &gt; threshold (default 0.1). Numeric columns.</summary>
    Wasserstein,
    /// <summary>Pearson χ² test on the 2×k table of category counts; drift when p &lt; threshold (default 0.05).</summary>
    ChiSquare,
    /// <summary>Two-proportion z-test for binary columns; drift when p &lt; threshold (default 0.05).</summary>
    ZTest,
    /// <summary>Jensen–Shannon distance (base 2) of the category or bin shares; drift when &gt; threshold (default 0.1).</summary>
    JensenShannon,
    /// <summary>Population Stability Index over reference-quantile bins or categories; drift when ≥ threshold (default 0.25).</summary>
    Psi,
    /// <summary>
    /// Decided on the share of missing or ±∞ values alone (<see cref="MissingValueShift"/>): used when one side holds no
    /// comparable value at all (e.g. the current batch of a column is all null); z-test, drift when p &lt; threshold.
    /// </summary>
    MissingRate,
    /// <summary>
    /// Fisher's exact test on a 2×2 table (<see cref="Statistics.FisherExactTest"/>): chosen automatically when a χ² table
    /// is too sparse even after pooling (the largest category against the rest), or on request for a binary column;
    /// drift when p &lt; threshold (default 0.05). The statistic is the odds ratio.
    /// </summary>
    FisherExact,
    /// <summary>
    /// Energy distance of the samples standardised by the reference standard deviation
    /// (<see cref="Statistics.EnergyDistance.NormalizedDistance"/>); drift when &gt; threshold (default 0.1, about a
    /// 0.13 σ shift). Numeric columns.
    /// </summary>
    EnergyDistance,
    /// <summary>Anderson–Darling k-sample test on the two samples (<see cref="Statistics.AndersonDarling"/>); drift when p &lt; threshold (default 0.05; p is clipped to [0.001, 0.25]). Numeric columns.</summary>
    AndersonDarling,
    /// <summary>Cramér–von Mises two-sample test (<see cref="Statistics.CramerVonMises"/>); drift when p &lt; threshold (default 0.05). Numeric columns.</summary>
    CramerVonMises,
    /// <summary>Mann–Whitney U test (<see cref="Statistics.MannWhitneyU"/>), sensitive to a shift of location; drift when p &lt; threshold (default 0.05). Numeric columns.</summary>
    MannWhitneyU,
}
