namespace AdaptiveEtl.Kit.Proactive.SchemaChecks;

/// <summary>Raised to stop a run when arriving data has an incompatible schema change; names the file, column and change.</summary>
public sealed class SchemaIncompatibleException : KitDataException
{
    /// <summary>Creates the exception from the report.</summary>
    public SchemaIncompatibleException(SchemaCheckReport report)
        : base(Describe(report ?? throw new ArgumentNullException(nameof(report))), report.Arriving, report.Incompatible.FirstOrDefault()?.Column)
    {
        Report = report;
    }

    /// <summary>The report with every change.</summary>
    public SchemaCheckReport Report { get; }

    private static string Describe(SchemaCheckReport r) =>
        $"incompatible schema change against {r.Expected}; the run was stopped before any target table was touched: " +
        string.Join("; ", r.Incompatible.Select(c => $"column '{c.Column}' {c.Kind.ToString().ToLowerInvariant()}{(c.NewName is null ? "" : $" to '{c.NewName}'")}: {c.Description}"));
}
