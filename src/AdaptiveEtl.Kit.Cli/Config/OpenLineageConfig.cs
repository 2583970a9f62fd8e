namespace AdaptiveEtl.Kit.Cli.Config;

/// <summary>
/// The openlineage section of a <c>kit.yaml</c>: where <c>kit run</c> sends the START, COMPLETE and FAIL events of its own
/// run (OpenLineage 2-0-2 run events, the column-lineage facet on what it writes).
/// </summary>
/// <param name="Url">An OpenLineage HTTP backend (Marquez, DataHub…): events are POSTed to <c>&lt;url&gt;/api/v1/lineage</c>; null with <paramref name="File"/>.</param>
/// <param name="ApiKey">Bearer key for <paramref name="Url"/> (the config's <c>api_key</c>, else the environment's <c>OPENLINEAGE_API_KEY</c>), or null.</param>
/// <param name="File">A JSON-lines file the events are appended to (absolute); null with <paramref name="Url"/>.</param>
/// <param name="Namespace">The job namespace (default <c>adaptive-etl-kit</c>).</param>
public sealed record OpenLineageConfig(Uri? Url, string? ApiKey, string? File, string Namespace)
{
    /// <summary>The job namespace when the section names none.</summary>
    public const string DefaultNamespace = "adaptive-etl-kit";

    /// <summary>The environment variable the OpenLineage clients read the API key from.</summary>
    public const string ApiKeyVariable = "OPENLINEAGE_API_KEY";
}
