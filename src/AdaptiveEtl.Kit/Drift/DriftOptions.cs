using System.Collections.Immutable;
using AdaptiveEtl.Kit.Drift.Statistics;
using AdaptiveEtl.Kit.Schema;

namespace AdaptiveEtl.Kit.Drift;

/// <summary>
/// How columns are compared. Immutable and fluent: every <c>With…</c>/<see cref="ForColumn"/>/<see cref="Ignore"/> call
/// returns a new instance, so options compose, e.g.
/// <c>DriftOptions.Default.ForColumn("age", DriftMethod.Psi, threshold: 0.2).Ignore("customer_id")</c>.
/// </summary>
/// <remarks>
/// Automatic choice per column (Evidently's defaults, <c>evidently/calculations/stattests/registry.py</c>), with n the
/// number of non-missing reference values: numeric (continuous, integer, date-time) n ≤ 1000 → Kolmogorov–Smirnov
/// (drift when p &lt; 0.05); numeric n &gt; 1000 → Wasserstein distance normalised by the reference standard deviation
/// (drift when &gt; 0.1); categorical/boolean n ≤ 1000 → χ² (binary: two-proportion z-test; p &lt; 0.05); categorical
/// n &gt; 1000 → Jensen–Shannon distance (&gt; 0.1). PSI is always computed alongside. Text columns are skipped.
/// </remarks>
public sealed record DriftOptions
{
    /// <summary>The defaults described in the remarks.</summary>
    public static DriftOptions Default { get; } = new();

    /// <summary>Reference sample size up to which the tests (KS, χ², z) are used; above it the distances.</summary>
    public int SmallSampleSize { get; init; } = 1000;

    /// <summary>
    /// Least change of a column's missing-value (or ±∞) share that counts as drift, besides a significant z-test
    /// (default 0.05 = 5 points; see <see cref="MissingValueShift"/>).
    /// </summary>
    public double MinimumMissingRateChange { get; init; } = 0.05;

    /// <summary>Significance level for KS, χ² and z-tests: drift when p &lt; this.</summary>
    public double PValueThreshold { get; init; } = 0.05;

    /// <summary>
    /// Least expected count of a χ² cell (default 5, Cochran 1954): sparser categories or bins are pooled before the test,
    /// and a table that has fewer than two cells left is decided by Fisher's exact test (see
    /// <see cref="ChiSquareTest.TestPooled(IReadOnlyList{double}, IReadOnlyList{double}, double)"/>).
    /// </summary>
    public double ChiSquareMinimumExpected { get; init; } = ChiSquareTest.DefaultMinimumExpected;

    /// <summary>Normalised Wasserstein distance above which a numeric column drifted.</summary>
    public double WassersteinThreshold { get; init; } = 0.1;

    /// <summary>Standardised energy distance above which a numeric column drifted (<see cref="DriftMethod.EnergyDistance"/>).</summary>
    public double EnergyDistanceThreshold { get; init; } = 0.1;

    /// <summary>Jensen–Shannon distance above which a column drifted.</summary>
    public double JensenShannonThreshold { get; init; } = 0.1;

    /// <summary>PSI at or above which a column drifted when PSI is the chosen method (the "significant" band).</summary>
    public double PsiThreshold { get; init; } = PopulationStabilityIndex.DefaultSignificant;

    /// <summary>Lower PSI band (no change below it).</summary>
    public double PsiModerateBand { get; init; } = PopulationStabilityIndex.DefaultModerate;

    /// <summary>Number of reference-quantile bins for numeric PSI, slices and JS/χ² on numeric columns.</summary>
    public int PsiBins { get; init; } = 10;

    /// <summary>Added to bin shares before PSI's logarithm (see <see cref="PopulationStabilityIndex.DefaultEpsilon"/>).</summary>
    public double PsiEpsilon { get; init; } = PopulationStabilityIndex.DefaultEpsilon;

    /// <summary>The dataset drifts when at least this share of the compared columns drifted.</summary>
    public double DatasetDriftShare { get; init; } = 0.5;

    /// <summary>Slices whose share changed by less than this (absolute) are not reported.</summary>
    public double MinimumSliceChange { get; init; } = 0.01;

    /// <summary>Column kinds; inferred from the reference with <see cref="TableSchema.Infer"/> when null.</summary>
    public TableSchema? Schema { get; init; }

    /// <summary>Whether <see cref="DriftDetector"/> also runs the multivariate PCA reconstruction detector.</summary>
    public bool Multivariate { get; init; } = true;

    /// <summary>Share of the standardized reference variance the PCA keeps (NannyML's default 0.65).</summary>
    public double MultivariateVarianceToKeep { get; init; } = 0.65;

    /// <summary>Number of reference chunks whose mean reconstruction errors define the alert band mean ± 3σ.</summary>
    public int MultivariateReferenceChunks { get; init; } = 10;

    /// <summary>Per-column overrides by column name.</summary>
    public ImmutableDictionary<string, ColumnDriftRule> Rules { get; init; } = ImmutableDictionary<string, ColumnDriftRule>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Returns options that use <paramref name="method"/> (and optionally a threshold) for one column.</summary>
    public DriftOptions ForColumn(string column, DriftMethod method, double? threshold = null, double weight = 1.0)
    {
        ArgumentException.ThrowIfNullOrEmpty(column);
        if (threshold is { } t && (double.IsNaN(t) || t < 0)) throw new ArgumentOutOfRangeException(nameof(threshold), t, "A drift threshold must be a non-negative number.");
        if (!(weight >= 0)) throw new ArgumentOutOfRangeException(nameof(weight), weight, "A column weight must be non-negative.");
        return this with { Rules = Rules.SetItem(column, new ColumnDriftRule(method, threshold, false, weight)) };
    }

    /// <summary>Returns options that leave the named columns out (identifiers, free text, targets …).</summary>
    public DriftOptions Ignore(params string[] columns)
    {
        var rules = Rules;
        foreach (var c in columns) rules = rules.SetItem(c, (rules.GetValueOrDefault(c) ?? new ColumnDriftRule()) with { Ignore = true });
        return this with { Rules = rules };
    }

    /// <summary>Returns options with the given schema (column kinds) instead of inference.</summary>
    public DriftOptions WithSchema(TableSchema schema) => this with { Schema = schema };

    /// <summary>The rule for a column (the automatic rule when none was set).</summary>
    public ColumnDriftRule RuleFor(string column) => Rules.GetValueOrDefault(column) ?? new ColumnDriftRule();

    /// <summary>The method the automatic choice picks for a column kind and reference size (before overrides).</summary>
    public DriftMethod AutomaticMethod(ColumnKind kind, long referenceCount, int distinctCategories) => kind switch
    {
        ColumnKind.Continuous or ColumnKind.Integer or ColumnKind.DateTime => referenceCount <= SmallSampleSize ? DriftMethod.KolmogorovSmirnov : DriftMethod.Wasserstein,
        _ => referenceCount <= SmallSampleSize ? (distinctCategories <= 2 ? DriftMethod.ZTest : DriftMethod.ChiSquare) : DriftMethod.JensenShannon,
    };

    /// <summary>The default threshold of a method under these options.</summary>
    public double DefaultThreshold(DriftMethod method) => method switch
    {
        DriftMethod.Wasserstein => WassersteinThreshold,
        DriftMethod.EnergyDistance => EnergyDistanceThreshold,
        DriftMethod.JensenShannon => JensenShannonThreshold,
        DriftMethod.Psi => PsiThreshold,
        _ => PValueThreshold,
    };
}
