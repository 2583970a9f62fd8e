using System.Globalization;

namespace AdaptiveEtl.Kit.Proactive.SchemaChecks;

/// <summary>
/// Compares arriving data with the expected schema before a run: added, removed, renamed (name similarity, type family
/// and value overlap) and retyped (widening vs narrowing) columns, each classified compatible or not.
/// <list type="bullet">
/// <item>Added column: compatible — it is added to the staging table as nullable (earlier rows hold NULL).</item>
/// <item>Widened type (INTEGER → BIGINT, BIGINT → DOUBLE, DATE → TIMESTAMP…): compatible — the staging column is widened.</item>
/// <item>Narrowed type (arriving BIGINT where DOUBLE is staged): compatible — the values fit and are read as the staged type.
/// CSV sniffing types by content, so a file whose amounts happen to be whole numbers is not a schema change.</item>
/// <item>A column whose arriving values are all NULL: compatible whatever type the reader guessed.</item>
/// <item>Retyped across families (BIGINT → VARCHAR…): incompatible, with the sampled values that do not fit.</item>
/// <item>Removed and renamed columns: incompatible unless <see cref="SchemaCheckOptions"/> allows them.</item>
/// </list>
/// </summary>
public static class SchemaChecker
{
    /// <summary>Compares <paramref name="arriving"/> with <paramref name="expected"/>.</summary>
    public static SchemaCheckReport Compare(SchemaSnapshot expected, SchemaSnapshot arriving, SchemaCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(arriving);
        var o = options ?? SchemaCheckOptions.Default;
        var changes = new List<SchemaChange>();
        var arrivingNames = arriving.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var expectedNames = expected.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var removed = expected.Columns.Where(c => !arrivingNames.Contains(c.Name)).ToList();
        var added = arriving.Columns.Where(c => !expectedNames.Contains(c.Name)).ToList();

        // Renames: the best-scoring (removed, added) pairs of compatible type whose names are similar or whose values overlap.
        var candidates = (from r in removed
                          from a in added
                          where TypesCompatible(r, a)
                          let name = NameSimilarity(r.Name, a.Name)
                          let overlap = ValueOverlap(r, a)
                          where name >= o.RenameNameSimilarity || overlap >= o.RenameValueOverlap
                          orderby name + (overlap ?? 0) descending, r.Name, a.Name
                          select (Removed: r, Added: a, Name: name, Overlap: overlap)).ToList();
        var renames = new Dictionary<string, (ObservedColumn Added, double Name, double? Overlap)>(StringComparer.Ordinal);
        var renamedTo = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in candidates)
        {
            if (renames.ContainsKey(c.Removed.Name) || renamedTo.Contains(c.Added.Name)) continue;
            renames[c.Removed.Name] = (c.Added, c.Name, c.Overlap);
            renamedTo.Add(c.Added.Name);
        }

        foreach (var e in expected.Columns)
        {
            if (renames.TryGetValue(e.Name, out var rn))
            {
                string evidence = $"'{e.Name}' ({e.StorageType}) is missing and '{rn.Added.Name}' ({rn.Added.StorageType}) is new; name similarity {rn.Name:F2}" +
                    (rn.Overlap is { } ov ? $", value overlap {ov:F2}" : ", no values to compare");
                changes.Add(new SchemaChange(SchemaChangeKind.Renamed, e.Name, arriving.Origin, e.StorageType, rn.Added.StorageType, o.AllowRenames,
                    evidence, o.AllowRenames ? $"stage '{rn.Added.Name}' as '{e.Name}'" : $"stop: map '{rn.Added.Name}' to '{e.Name}' in the pipeline (or allow renames) and accept the new schema", rn.Added.Name));
                continue;
            }
            var a = arriving.Find(e.Name);
            if (a is null)
            {
                changes.Add(new SchemaChange(SchemaChangeKind.Removed, e.Name, arriving.Origin, e.StorageType, null, o.AllowRemovedColumns,
                    $"expected column '{e.Name}' ({e.StorageType}) is missing",
                    o.AllowRemovedColumns ? $"stage NULL for '{e.Name}'" : $"stop: the source no longer sends '{e.Name}'; adapt the pipeline and accept the new schema"));
                continue;
            }
            if (DuckDbTypes.Normalize(a.StorageType) == DuckDbTypes.Normalize(e.StorageType)) continue;
            if (a.SampleValues.Count == 0 && a.Nullable)
            {
                // No non-null value arrived: the reader's type is a guess, any expected type can hold all-NULL data.
                changes.Add(new SchemaChange(SchemaChangeKind.Narrowed, e.Name, arriving.Origin, e.StorageType, a.StorageType, true,
                    $"all arriving values are NULL (read as {a.StorageType})", $"read as {e.StorageType}"));
            }
            else if (DuckDbTypes.Widens(e.StorageType, a.StorageType))
            {
                changes.Add(new SchemaChange(SchemaChangeKind.Widened, e.Name, arriving.Origin, e.StorageType, a.StorageType, true,
                    $"type widened from {e.StorageType} to {a.StorageType}", $"widen the staging column to {a.StorageType}"));
            }
            else if (DuckDbTypes.Widens(a.StorageType, e.StorageType))
            {
                changes.Add(new SchemaChange(SchemaChangeKind.Narrowed, e.Name, arriving.Origin, e.StorageType, a.StorageType, true,
                    $"arriving {a.StorageType} values fit the expected {e.StorageType}", $"read as {e.StorageType}"));
            }
            else
            {
                var misfits = a.SampleValues.Where(v => !DuckDbTypes.Parses(v, e.StorageType)).Take(3).ToList();
                string evidence = misfits.Count > 0
                    ? $"; values like {string.Join(", ", misfits.Select(v => $"'{v}'"))} cannot be read as {e.StorageType}"
                    : "";
                changes.Add(new SchemaChange(SchemaChangeKind.Retyped, e.Name, arriving.Origin, e.StorageType, a.StorageType, false,
                    $"type changed from {e.StorageType} ({e.Kind}) to {a.StorageType} ({a.Kind}), not a widening{evidence}",
                    "stop: adapt the pipeline to the new type (or fix the source) and accept the new schema"));
            }
        }
        foreach (var a in added.Where(a => !renamedTo.Contains(a.Name)))
        {
            changes.Add(new SchemaChange(SchemaChangeKind.Added, a.Name, arriving.Origin, null, a.StorageType, true,
                $"new column '{a.Name}' ({a.StorageType})", $"add '{a.Name}' {a.StorageType} to the staging table as nullable (rows staged before hold NULL)"));
        }
        return new SchemaCheckReport(expected.Origin, arriving.Origin, changes);
    }

    private static bool TypesCompatible(ObservedColumn expected, ObservedColumn arriving) =>
        DuckDbTypes.Normalize(expected.StorageType) == DuckDbTypes.Normalize(arriving.StorageType)
        || DuckDbTypes.Widens(expected.StorageType, arriving.StorageType)
        || DuckDbTypes.Widens(arriving.StorageType, expected.StorageType)
        || DuckDbTypes.SameFamily(expected.StorageType, arriving.StorageType);

    /// <summary>Jaccard overlap of the sampled distinct values; null when either side has no sample.</summary>
    internal static double? ValueOverlap(ObservedColumn a, ObservedColumn b)
    {
        if (a.SampleValues.Count == 0 || b.SampleValues.Count == 0) return null;
        var sa = a.SampleValues.ToHashSet(StringComparer.Ordinal);
        var sb = b.SampleValues.ToHashSet(StringComparer.Ordinal);
        int inter = sa.Count(sb.Contains);
        return (double)inter / (sa.Count + sb.Count - inter);
    }

    /// <summary>
    /// 1 − Levenshtein(a, b) / max(|a|, |b|), case-insensitive, ignoring <c>_</c>, <c>-</c> and spaces. Hand-written
    /// (the textbook two-row dynamic programme) rather than adding a package for one function on short names.
    /// </summary>
    internal static double NameSimilarity(string a, string b)
    {
        static string Norm(string s) => new(s.ToLower(CultureInfo.InvariantCulture).Where(ch => ch is not ('_' or '-' or ' ')).ToArray());
        string x = Norm(a), y = Norm(b);
        if (x.Length == 0 && y.Length == 0) return 1;
        var prev = new int[y.Length + 1];
        var cur = new int[y.Length + 1];
        for (int j = 0; j <= y.Length; j++) prev[j] = j;
        for (int i = 1; i <= x.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= y.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return 1.0 - (double)prev[y.Length] / Math.Max(x.Length, y.Length);
    }
}
