using AdaptiveEtl.Kit.Drift.Statistics;
using AdaptiveEtl.Kit.Schema;

namespace AdaptiveEtl.Kit.Drift;

/// <summary>The comparison of one column between reference and current data.</summary>
public sealed record ColumnDriftResult
{
    /// <summary>Column name.</summary>
    public required string Column { get; init; }

    /// <summary>Column kind used for the comparison (from the reference), null when the column is absent from it.</summary>
    public ColumnKind? Kind { get; init; }

    /// <summary>Whether the column could be compared; anything but <see cref="DriftStatus.Ok"/>/<see cref="DriftStatus.Constant"/> means no verdict.</summary>
    public DriftStatus Status { get; init; }

    /// <summary>Why the status is not <see cref="DriftStatus.Ok"/>, or notes on the comparison; null when there is nothing to say.</summary>
    public string? Message { get; init; }

    /// <summary>The method that decided the verdict.</summary>
    public DriftMethod Method { get; init; }

    /// <summary>The method's statistic: the KS D, χ², z, or the distance itself for distance methods; NaN when not compared.</summary>
    public double Statistic { get; init; } = double.NaN;

    /// <summary>The p-value for tests (KS, χ², z); null for distances.</summary>
    public double? PValue { get; init; }

    /// <summary>The threshold the verdict used: a significance level for tests, a distance bound for distances.</summary>
    public double Threshold { get; init; } = double.NaN;

    /// <summary>True when the column drifted: its values (by <see cref="Method"/>) or its share of missing/±∞ values (<see cref="MissingValues"/>).</summary>
    public bool Drifted { get; init; }

    /// <summary>Drift signal in [0, 1]: 0.5 exactly at the threshold (see <see cref="DriftSignal"/>).</summary>
    public double Signal { get; init; }

    /// <summary>The Population Stability Index computed alongside (null when not compared).</summary>
    public PsiResult? Psi { get; init; }

    /// <summary>Non-missing reference values compared.</summary>
    public long ReferenceCount { get; init; }

    /// <summary>Non-missing current values compared.</summary>
    public long CurrentCount { get; init; }

    /// <summary>Weight in the dataset signal.</summary>
    public double Weight { get; init; } = 1.0;

    /// <summary>Bins or categories whose share changed, largest |change| first.</summary>
    public IReadOnlyList<DriftSlice> Slices { get; init; } = [];

    /// <summary>True when the column got a verdict (status Ok or Constant).</summary>
    public bool Compared => Status is DriftStatus.Ok or DriftStatus.Constant;

    /// <summary>Whether the method is a hypothesis test (verdict on a p-value) rather than a distance.</summary>
    public static bool IsTest(DriftMethod method) => method is DriftMethod.KolmogorovSmirnov or DriftMethod.ChiSquare or DriftMethod.ZTest or DriftMethod.MissingRate or DriftMethod.FisherExact
        or DriftMethod.AndersonDarling or DriftMethod.CramerVonMises or DriftMethod.MannWhitneyU;

    /// <summary>How the share of missing and ±∞ values changed (null when a side has no rows or the column was not examined).</summary>
    public MissingValueShift? MissingValues { get; init; }

    /// <summary>
    /// True when the column should have been compared but could not be (empty on a side without a missing-value shift, type
    /// changed, lost or new, unreadable, too few values for the chosen method): it makes the dataset verdict <see cref="DriftVerdict.Inconclusive"/> unless drift is found elsewhere.
    /// Columns skipped on purpose (ignored, free text) are not inconclusive.
    /// </summary>
    public bool Inconclusive => Status is DriftStatus.Empty or DriftStatus.TypeMismatch or DriftStatus.MissingInCurrent or DriftStatus.MissingInReference or DriftStatus.Unreadable
        or DriftStatus.InsufficientData;
}
