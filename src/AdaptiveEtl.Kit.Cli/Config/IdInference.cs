using AdaptiveEtl.Kit.Drift;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Cli.Config;

/// <summary>
/// Turns a dataset's <see cref="ColumnRoles"/> into <see cref="DriftOptions"/>: declared ids, the timestamp and ignored
/// columns are left out of the comparison, and identifier columns are inferred. A column is inferred to be an id when its
/// name is <c>id</c> or ends in <c>_id</c>/<c>Id</c> and its reference values are all distinct, or when it holds whole
/// numbers or text and every one of at least 20 reference values is distinct (a key, not a measurement). Declared
/// columns must exist in the reference batch.
/// </summary>
public static class IdInference
{
    /// <summary>The columns of <paramref name="reference"/> inferred to be identifiers.</summary>
    public static IReadOnlyList<string> Infer(DataFrame reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var ids = new List<string>();
        foreach (var c in reference.Columns)
        {
            long nonNull = c.Length - c.NullCount;
            if (nonNull == 0) continue;
            bool keyLike = c.DataType == typeof(long) || c.DataType == typeof(int) || c.DataType == typeof(string);
            bool named = c.Name.Equals("id", StringComparison.OrdinalIgnoreCase) || c.Name.EndsWith("_id", StringComparison.OrdinalIgnoreCase)
                || (c.Name.Length > 2 && c.Name.EndsWith("Id", StringComparison.Ordinal));
            if (!keyLike && !named) continue;
            if (!named && nonNull < 20) continue;
            var distinct = new HashSet<object>();
            bool unique = true;
            for (long i = 0; i < c.Length && unique; i++)
                if (c[i] is { } v && !distinct.Add(v)) unique = false;
            if (unique) ids.Add(c.Name);
        }
        return ids;
    }

    /// <summary>The drift options for a dataset: <paramref name="options"/> with the non-tested columns ignored.</summary>
    /// <returns>The options and the columns left out, each with its role.</returns>
    /// <exception cref="KitDataException">A declared column is not in the reference batch.</exception>
    public static (DriftOptions Options, IReadOnlyList<(string Column, string Role)> Excluded) Apply(DriftDatasetConfig dataset, DataFrame reference, DriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(reference);
        var names = reference.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (column, role) in dataset.Roles.Declared())
            if (!names.Contains(column))
                throw new KitDataException($"the {role} column '{column}' is not in the reference batch {dataset.Reference.DisplayName}; its columns: {string.Join(", ", names)}.", dataset.Origin);
        var excluded = new List<(string, string)>();
        excluded.AddRange(dataset.Roles.Ids.Select(c => (c, "id")));
        if (dataset.Roles.Timestamp is { } t) excluded.Add((t, "timestamp"));
        excluded.AddRange(dataset.Roles.Ignored.Select(c => (c, "ignored")));
        if (dataset.Roles.InferIds)
            foreach (var id in Infer(reference))
                if (!excluded.Any(e => e.Item1 == id) && id != dataset.Roles.Target) excluded.Add((id, "id (inferred)"));
        var o = (options ?? DriftOptions.Default).Ignore(excluded.Select(e => e.Item1).ToArray());
        return (o, excluded);
    }
}
