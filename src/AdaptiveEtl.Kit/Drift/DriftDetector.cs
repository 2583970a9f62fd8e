using AdaptiveEtl.Kit.Drift.Comparison;
using AdaptiveEtl.Kit.Drift.Multivariate;
using AdaptiveEtl.Kit.Schema;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Drift;

/// <summary>
/// Compares a current DataFrame with a reference DataFrame column by column (method chosen per column, see
/// <see cref="DriftOptions"/>), adds the dataset verdict and, optionally, the multivariate PCA reconstruction detector.
/// A column that cannot be compared (missing on one side, empty, mismatched types, values that cannot be read) gets a
/// status in the report instead of failing the whole comparison, and makes the verdict inconclusive unless drift is found
/// elsewhere (<see cref="DriftReport.Verdict"/>).
/// </summary>
/// <example><code>
/// var report = DriftDetector.Compare(reference, current, DriftOptions.Default.Ignore("customer_id"));
/// report.SaveHtml("drift.html");
/// if (report.DatasetDrifted) Environment.ExitCode = 1;
/// </code></example>
public static class DriftDetector
{
    /// <summary>Compares <paramref name="current"/> with <paramref name="reference"/>.</summary>
    public static DriftReport Compare(DataFrame reference, DataFrame current, DriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        var o = options ?? DriftOptions.Default;
        var schema = o.Schema ?? TableSchema.Infer(reference, "reference");
        var results = new List<ColumnDriftResult>();
        var numericFeatures = new List<string>();
        var categoricalFeatures = new List<string>();
        var currentNames = current.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var refCol in reference.Columns)
        {
            var name = refCol.Name;
            var rule = o.RuleFor(name);
            var kind = schema.Columns.FirstOrDefault(c => c.Name == name)?.Kind ?? TableSchema.Infer(new DataFrame(refCol.Clone())).Columns[0].Kind;
            if (rule.Ignore) { results.Add(ColumnDriftEvaluator.Skipped(name, kind, rule, "ignored by the options.")); continue; }
            if (!currentNames.Contains(name)) { results.Add(new ColumnDriftResult { Column = name, Kind = kind, Status = DriftStatus.MissingInCurrent, Weight = rule.Weight, Message = "the column is absent from the current data." }); continue; }
            var curCol = current.Columns[name];
            ColumnDriftResult result;
            try
            {
                result = CompareColumn(name, kind, refCol, curCol, o);
            }
            catch (Exception e) when (e is InvalidCastException or OverflowException or FormatException or NotSupportedException or KitDataException)
            {
                // A value that cannot be read as the column's kind: no verdict for this column, the others go on.
                result = new ColumnDriftResult { Column = name, Kind = kind, Status = DriftStatus.Unreadable, Weight = rule.Weight, Message = $"reading the column failed: {e.Message}" };
            }
            results.Add(result);
            if (result.Compared && !rule.Ignore)
            {
                if (kind is ColumnKind.Continuous or ColumnKind.Integer or ColumnKind.DateTime) numericFeatures.Add(name);
                else if (kind is ColumnKind.Categorical or ColumnKind.Boolean) categoricalFeatures.Add(name);
            }
        }
        var refNames = reference.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var curCol in current.Columns.Where(c => !refNames.Contains(c.Name)))
            results.Add(new ColumnDriftResult { Column = curCol.Name, Status = DriftStatus.MissingInReference, Weight = o.RuleFor(curCol.Name).Weight, Message = "the column is new in the current data." });

        MultivariateDriftResult? mv = null;
        string? note = null;
        if (o.Multivariate)
        {
            try
            {
                if (current.Rows.Count == 0) note = "the current data is empty.";
                else mv = PcaReconstructionDrift.Fit(reference, numericFeatures, categoricalFeatures, o.MultivariateVarianceToKeep, o.MultivariateReferenceChunks).Evaluate(current);
            }
            catch (KitDataException e)
            {
                note = e.Message;
            }
        }
        return new DriftReport(results, o.DatasetDriftShare, reference.Rows.Count, current.Rows.Count, mv, note);
    }

    /// <summary>
    /// Compares one column pair (kind from the reference schema) on its values and on its share of missing and ±∞ values;
    /// never throws for bad data, reports a status instead.
    /// </summary>
    public static ColumnDriftResult CompareColumn(string name, ColumnKind kind, DataFrameColumn reference, DataFrameColumn current, DriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        var o = options ?? DriftOptions.Default;
        var values = CompareValues(name, kind, reference, current, o);
        if (values.Status is DriftStatus.Skipped or DriftStatus.TypeMismatch) return values;
        return ColumnDriftEvaluator.WithMissingValues(values, MissingValueComparison.Compare(reference, current, o), o);
    }

    private static ColumnDriftResult CompareValues(string name, ColumnKind kind, DataFrameColumn reference, DataFrameColumn current, DriftOptions o)
    {
        var rule = o.RuleFor(name);
        if (rule.Ignore) return ColumnDriftEvaluator.Skipped(name, kind, rule, "ignored by the options.");
        var rf = ColumnValues.FamilyOf(reference);
        var cf = ColumnValues.FamilyOf(current);
        if (rf != cf)
            return new ColumnDriftResult
            {
                Column = name, Kind = kind, Status = DriftStatus.TypeMismatch, Weight = rule.Weight,
                Message = $"reference holds {reference.DataType.Name} values, current holds {current.DataType.Name}.",
            };
        switch (kind)
        {
            case ColumnKind.Text:
                return ColumnDriftEvaluator.Skipped(name, kind, rule, "free-text or high-cardinality column; not modelled as a distribution (override its kind in the schema to compare it).");
            case ColumnKind.Continuous or ColumnKind.Integer or ColumnKind.DateTime:
                if (rf == ValueFamily.Categorical)
                    return new ColumnDriftResult { Column = name, Kind = kind, Status = DriftStatus.TypeMismatch, Weight = rule.Weight, Message = $"the schema says {kind} but the column holds {reference.DataType.Name} values." };
                var r = ColumnValues.SortedNumbers(reference);
                var c = ColumnValues.SortedNumbers(current);
                if (r.Length == 0 || c.Length == 0) return ColumnDriftEvaluator.Empty(name, kind, rule, r.Length, c.Length);
                return ColumnDriftEvaluator.Numeric(name, kind, NumericComparison.FromSorted(r, c, o.PsiBins), o);
            default:
                return ColumnDriftEvaluator.Categorical(name, kind, ColumnValues.CategoryCounts(reference), ColumnValues.CategoryCounts(current), o);
        }
    }
}
