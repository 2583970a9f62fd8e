namespace AdaptiveEtl.Kit.Proactive.Sources;

/// <summary>A malformed landing file moved aside into the <c>quarantine/</c> folder with a <c>.error.json</c> sidecar.</summary>
/// <param name="File">File name relative to the landing folder.</param>
/// <param name="QuarantinePath">Where the file now is.</param>
/// <param name="SidecarPath">The JSON sidecar naming the file, lines, columns and problems.</param>
/// <param name="Errors">The problems (the first ones, at most the connector's limit).</param>
public sealed record QuarantinedFile(string File, string QuarantinePath, string SidecarPath, IReadOnlyList<QuarantineError> Errors)
{
    /// <inheritdoc />
    public override string ToString() => $"{File} quarantined: {string.Join("; ", Errors)}";
}
