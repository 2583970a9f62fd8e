using AdaptiveEtl.Kit.Schema;

namespace AdaptiveEtl.Kit.Drift.Reporting;

/// <summary>
/// One column of a <see cref="DatasetSummary"/>: its missing values on each side and, for categorical and boolean columns,
/// the categories that appeared or disappeared between the reference and the current data.
/// </summary>
/// <param name="Column">Column name.</param>
/// <param name="Kind">Kind used for the comparison; null when the column is only in the current data.</param>
/// <param name="InReference">Whether the reference has the column.</param>
/// <param name="InCurrent">Whether the current data has the column.</param>
/// <param name="ReferenceMissing">Missing values (null; NaN in floating-point columns) in the reference; 0 when absent.</param>
/// <param name="CurrentMissing">Missing values in the current data; 0 when absent.</param>
/// <param name="NewCategories">Categories in the current data that the reference never had, most frequent first (empty for other kinds).</param>
/// <param name="LostCategories">Reference categories absent from the current data, most frequent first (empty for other kinds).</param>
public sealed record ColumnSummary(string Column, ColumnKind? Kind, bool InReference, bool InCurrent, long ReferenceMissing, long CurrentMissing,
    IReadOnlyList<string> NewCategories, IReadOnlyList<string> LostCategories);
