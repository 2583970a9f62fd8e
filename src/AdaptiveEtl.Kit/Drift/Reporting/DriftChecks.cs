using System.Globalization;

namespace AdaptiveEtl.Kit.Drift.Reporting;

/// <summary>
/// Turns a <see cref="DriftReport"/> into a flat list of pass/fail checks with their thresholds: per compared column its
/// drift test (p-value or distance against the column's threshold), per column the change of its missing share (and of its
/// ±∞ share when there are any), the dataset drift share and, when it ran, the multivariate detector. A column that should
/// have been compared but could not be gives an <see cref="CheckStatus.Inconclusive"/> check, never a pass; columns skipped
/// on purpose (ignored, free text) give none.
/// </summary>
public static class DriftChecks
{
    /// <summary>The checks of <paramref name="report"/>, columns in report order, dataset checks last.</summary>
    /// <param name="report">The drift comparison.</param>
    /// <param name="options">The options the comparison ran with (significance level and minimum change of the missing-share test); <see cref="DriftOptions.Default"/> when null.</param>
    public static IReadOnlyList<DriftCheck> From(DriftReport report, DriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var o = options ?? DriftOptions.Default;
        var checks = new List<DriftCheck>();
        foreach (var c in report.Columns)
        {
            if (c.Inconclusive)
                checks.Add(new DriftCheck($"{c.Column}: drift test", c.Column, "not compared", double.NaN, double.NaN,
                    "the column must be comparable", CheckStatus.Inconclusive, $"{c.Status}{(c.Message is null ? "" : ": " + c.Message)}"));
            else if (c.Compared && c.Method != DriftMethod.MissingRate)
                checks.Add(ValueCheck(c));
            if (c.MissingValues is { } m)
            {
                checks.Add(ShareCheck(c.Column, "missing share", m.ReferenceMissingRate, m.CurrentMissingRate, m.MissingPValue, o));
                if (m.ReferenceNonFinite > 0 || m.CurrentNonFinite > 0)
                    checks.Add(ShareCheck(c.Column, "±∞ share", m.ReferenceNonFiniteRate, m.CurrentNonFiniteRate, m.NonFinitePValue, o));
            }
        }
        var ci = CultureInfo.InvariantCulture;
        var datasetStatus = report.DatasetDrifted ? CheckStatus.Fail : report.Verdict == DriftVerdict.Inconclusive ? CheckStatus.Inconclusive : CheckStatus.Pass;
        checks.Add(new DriftCheck("dataset drift share", null, "share of compared columns that drifted", report.DriftedShare, report.DatasetDriftShareThreshold,
            string.Create(ci, $"fail when share ≥ {report.DatasetDriftShareThreshold:G3}"), datasetStatus,
            string.Create(ci, $"{report.DriftedColumns} of {report.ComparedColumns} compared columns drifted") + (report.InconclusiveReason is { } why ? "; inconclusive: " + why : "")));
        if (report.Multivariate is { } mv)
            checks.Add(new DriftCheck("multivariate reconstruction error", null, "PCA reconstruction error", mv.ReconstructionError, mv.Upper,
                string.Create(ci, $"fail outside the reference band [{mv.Lower:G4}, {mv.Upper:G4}]"),
                !double.IsFinite(mv.ReconstructionError) ? CheckStatus.Inconclusive : mv.Drifted ? CheckStatus.Fail : CheckStatus.Pass,
                string.Create(ci, $"{mv.Components} components, {mv.ExplainedVariance:P0} of the variance")));
        return checks;
    }

    private static DriftCheck ValueCheck(ColumnDriftResult c)
    {
        var ci = CultureInfo.InvariantCulture;
        string t = c.Threshold.ToString("G3", ci);
        string name = $"{c.Column}: drift test";
        if (ColumnDriftResult.IsTest(c.Method))
        {
            double p = c.PValue ?? double.NaN;
            return new DriftCheck(name, c.Column, $"{c.Method} p-value", p, c.Threshold, $"fail when p < {t}",
                !double.IsFinite(p) || !double.IsFinite(c.Threshold) ? CheckStatus.Inconclusive : p < c.Threshold ? CheckStatus.Fail : CheckStatus.Pass,
                string.Create(ci, $"statistic {c.Statistic:G4}") + (c.Message is null ? "" : "; " + c.Message));
        }
        bool psi = c.Method == DriftMethod.Psi;
        bool crossed = psi ? c.Statistic >= c.Threshold : c.Statistic > c.Threshold;
        return new DriftCheck(name, c.Column, psi ? "PSI" : $"{c.Method} distance", c.Statistic, c.Threshold, psi ? $"fail when PSI ≥ {t}" : $"fail when distance > {t}",
            !double.IsFinite(c.Statistic) || !double.IsFinite(c.Threshold) ? CheckStatus.Inconclusive : crossed ? CheckStatus.Fail : CheckStatus.Pass, c.Message);
    }

    private static DriftCheck ShareCheck(string column, string what, double before, double after, double p, DriftOptions o)
    {
        var ci = CultureInfo.InvariantCulture;
        double change = after - before;
        bool large = Math.Abs(change) >= o.MinimumMissingRateChange;
        // A change below the minimum passes whatever p says; a large change needs a defined p to pass or fail.
        var status = !large ? CheckStatus.Pass : !double.IsFinite(p) ? CheckStatus.Inconclusive : p < o.PValueThreshold ? CheckStatus.Fail : CheckStatus.Pass;
        return new DriftCheck($"{column}: {what} change", column, $"{what} change (current − reference)", change, o.MinimumMissingRateChange,
            string.Create(ci, $"fail when |change| ≥ {o.MinimumMissingRateChange:G3} and z-test p < {o.PValueThreshold:G3}"), status,
            string.Create(ci, $"{before:P1} → {after:P1}, p = {p:G3}"));
    }
}
