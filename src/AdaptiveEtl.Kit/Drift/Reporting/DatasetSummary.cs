using AdaptiveEtl.Kit.Drift.Comparison;
using AdaptiveEtl.Kit.Schema;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Drift.Reporting;

/// <summary>
/// What the two compared datasets hold: rows and columns on each side, missing values (null, and NaN in floating-point
/// columns, as the drift comparison counts them), columns added or removed, and the categories that appeared or
/// disappeared in categorical and boolean columns (columns ignored by the options or modelled as free text are not
/// searched for categories, so identifiers do not flood the list).
/// </summary>
public sealed class DatasetSummary
{
    private DatasetSummary(long referenceRows, long currentRows, IReadOnlyList<ColumnSummary> columns)
    {
        ReferenceRows = referenceRows;
        CurrentRows = currentRows;
        Columns = columns;
    }

    /// <summary>Rows in the reference.</summary>
    public long ReferenceRows { get; }

    /// <summary>Rows in the current data.</summary>
    public long CurrentRows { get; }

    /// <summary>Per column, reference columns first (in their order), then columns only the current data has.</summary>
    public IReadOnlyList<ColumnSummary> Columns { get; }

    /// <summary>Columns of the reference.</summary>
    public int ReferenceColumns => Columns.Count(c => c.InReference);

    /// <summary>Columns of the current data.</summary>
    public int CurrentColumns => Columns.Count(c => c.InCurrent);

    /// <summary>Missing cells of the reference, over all its columns.</summary>
    public long ReferenceMissing => Columns.Sum(c => c.ReferenceMissing);

    /// <summary>Missing cells of the current data, over all its columns.</summary>
    public long CurrentMissing => Columns.Sum(c => c.CurrentMissing);

    /// <summary>Share of missing cells in the reference (0 when it has no cells).</summary>
    public double ReferenceMissingShare => ReferenceRows * ReferenceColumns == 0 ? 0 : (double)ReferenceMissing / (ReferenceRows * ReferenceColumns);

    /// <summary>Share of missing cells in the current data (0 when it has no cells).</summary>
    public double CurrentMissingShare => CurrentRows * CurrentColumns == 0 ? 0 : (double)CurrentMissing / (CurrentRows * CurrentColumns);

    /// <summary>Columns only the current data has.</summary>
    public IReadOnlyList<string> AddedColumns => Columns.Where(c => c.InCurrent && !c.InReference).Select(c => c.Column).ToArray();

    /// <summary>Reference columns the current data lacks.</summary>
    public IReadOnlyList<string> RemovedColumns => Columns.Where(c => c.InReference && !c.InCurrent).Select(c => c.Column).ToArray();

    /// <summary>New categories over all columns.</summary>
    public int NewCategories => Columns.Sum(c => c.NewCategories.Count);

    /// <summary>Lost categories over all columns.</summary>
    public int LostCategories => Columns.Sum(c => c.LostCategories.Count);

    /// <summary>
    /// Summarises <paramref name="reference"/> and <paramref name="current"/>; <paramref name="report"/> (their drift
    /// comparison) gives each column's kind and whether it was skipped on purpose.
    /// </summary>
    public static DatasetSummary Compute(DataFrame reference, DataFrame current, DriftReport report)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(report);
        var results = report.Columns.GroupBy(c => c.Column, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var currentNames = current.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var referenceNames = reference.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var columns = new List<ColumnSummary>();
        foreach (var r in reference.Columns)
        {
            var result = results.GetValueOrDefault(r.Name);
            var kind = result?.Kind;
            long rm = MissingValueComparison.Count(r).Missing;
            if (!currentNames.Contains(r.Name))
            {
                columns.Add(new ColumnSummary(r.Name, kind, true, false, rm, 0, [], []));
                continue;
            }
            var c = current.Columns[r.Name];
            long cm = MissingValueComparison.Count(c).Missing;
            IReadOnlyList<string> added = [], lost = [];
            if (kind is ColumnKind.Categorical or ColumnKind.Boolean && result?.Status != DriftStatus.Skipped)
            {
                var rc = ColumnValues.CategoryCounts(r);
                var cc = ColumnValues.CategoryCounts(c);
                added = ByCount(cc.Where(kv => !rc.ContainsKey(kv.Key)));
                lost = ByCount(rc.Where(kv => !cc.ContainsKey(kv.Key)));
            }
            columns.Add(new ColumnSummary(r.Name, kind, true, true, rm, cm, added, lost));
        }
        foreach (var c in current.Columns.Where(c => !referenceNames.Contains(c.Name)))
            columns.Add(new ColumnSummary(c.Name, null, false, true, 0, MissingValueComparison.Count(c).Missing, [], []));
        return new DatasetSummary(reference.Rows.Count, current.Rows.Count, columns);
    }

    private static string[] ByCount(IEnumerable<KeyValuePair<string, long>> counts) =>
        counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key).ToArray();
}
