namespace AdaptiveEtl.Kit.Proactive.SchemaChecks;

/// <summary>The overall verdict of a <see cref="SchemaCheckReport"/>.</summary>
public enum SchemaCheckVerdict
{
    /// <summary>Same columns and types.</summary>
    Unchanged,
    /// <summary>Only compatible changes (added columns, widenings); the staging adapts and logs each decision.</summary>
    Compatible,
    /// <summary>At least one incompatible change; the run must stop before any target table is touched.</summary>
    Incompatible,
}
