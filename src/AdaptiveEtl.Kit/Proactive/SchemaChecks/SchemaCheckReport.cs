namespace AdaptiveEtl.Kit.Proactive.SchemaChecks;

/// <summary>The result of comparing arriving data with the expected schema.</summary>
/// <param name="Expected">The expected schema's origin (e.g. "staged orders" or a file name).</param>
/// <param name="Arriving">The arriving data's origin (the file or table name).</param>
/// <param name="Changes">Every change found, in column order.</param>
public sealed record SchemaCheckReport(string Expected, string Arriving, IReadOnlyList<SchemaChange> Changes)
{
    /// <summary>Unchanged, compatible or incompatible.</summary>
    public SchemaCheckVerdict Verdict => Changes.Count == 0 ? SchemaCheckVerdict.Unchanged
        : Changes.Any(c => !c.Compatible) ? SchemaCheckVerdict.Incompatible : SchemaCheckVerdict.Compatible;

    /// <summary>The incompatible changes.</summary>
    public IReadOnlyList<SchemaChange> Incompatible => Changes.Where(c => !c.Compatible).ToArray();

    /// <summary>Throws <see cref="SchemaIncompatibleException"/> when the verdict is incompatible.</summary>
    public void ThrowIfIncompatible()
    {
        if (Verdict == SchemaCheckVerdict.Incompatible) throw new SchemaIncompatibleException(this);
    }

    /// <inheritdoc />
    public override string ToString() => Changes.Count == 0
        ? $"{Arriving}: schema unchanged against {Expected}"
        : $"{Arriving} against {Expected}: {Verdict.ToString().ToLowerInvariant()}{Environment.NewLine}" + string.Join(Environment.NewLine, Changes.Select(c => "  " + c));
}
