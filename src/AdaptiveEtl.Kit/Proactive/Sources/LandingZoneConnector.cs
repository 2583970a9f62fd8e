using AdaptiveEtl.Kit.Schema;

namespace AdaptiveEtl.Kit.Proactive.Sources;

/// <summary>
/// A folder where files (CSV, Parquet, JSON lines) land. Each new file — one whose name the watermark does not list —
/// is read by DuckDB itself (<c>read_csv</c>/<c>read_parquet</c>/<c>read_json</c>, several files of one fetch unioned
/// by name); the watermark is the set of ingested files. A malformed file (unreadable, or any row DuckDB rejects) is
/// moved into the quarantine folder with a <c>.error.json</c> sidecar naming file, line, column and problem, and the
/// other files proceed. File paths are passed as escaped literals and column names quoted in every statement.
/// </summary>
public sealed class LandingZoneConnector : SourceConnectorBase
{
    /// <summary>Creates a connector over <paramref name="folder"/>; <paramref name="name"/> defaults to the folder name.</summary>
    /// <exception cref="KitDataException">The folder does not exist.</exception>
    public LandingZoneConnector(string folder, string? name = null, LandingZoneOptions? options = null)
        : base(name ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder))))
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Folder = Path.GetFullPath(folder);
        if (!Directory.Exists(Folder)) throw new KitDataException("landing folder not found; expected a folder of CSV, Parquet or JSON-lines files.", Folder);
        Options = options ?? LandingZoneOptions.Default;
    }

    /// <summary>The landing folder (absolute).</summary>
    public string Folder { get; }

    /// <summary>The options.</summary>
    public LandingZoneOptions Options { get; }

    /// <summary>Where malformed files are moved.</summary>
    public string QuarantineFolder => Options.QuarantineFolder is { } q ? Path.GetFullPath(q) : Path.Combine(Folder, "quarantine");

    /// <summary>The landing files present now (matching the pattern and a known format), in name order.</summary>
    public IReadOnlyList<LandedFile> ListFiles() => throw new NotImplementedException();

    /// <inheritdoc />
    public override Task<TableSchema> DescribeAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <inheritdoc />
    public override Task<SourceEstimate> EstimateNewAsync(Watermark? since, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <inheritdoc />
    protected override Task<FetchResult> FetchCoreAsync(FetchRequest request, CancellationToken cancellationToken) => throw new NotImplementedException();
}
