using AdaptiveEtl.Kit.Drift;
using AdaptiveEtl.Kit.Drift.DuckDb;
using AdaptiveEtl.Kit.Drift.Streaming;
using DuckDB.NET.Data;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit;

public sealed partial class EtlKit
{
    /// <summary>
    /// Compares two tables (or views) of an open DuckDB connection for drift without loading them: the statistics are pushed
    /// down into SQL (see <see cref="DuckDbDriftDetector"/>). Table names may be schema-qualified.
    /// </summary>
    public DriftReport CompareDriftInDuckDb(DuckDBConnection connection, string referenceTable, string currentTable, DriftOptions? options = null) =>
        DuckDbDriftDetector.Compare(connection, referenceTable, currentTable, options);

    /// <summary>
    /// A streaming drift monitor over <paramref name="reference"/>: feed it batches with <see cref="DriftStreamMonitor.Observe"/>
    /// and it reports (and raises an alert event for) each window that drifts; windows are kept in <paramref name="store"/>
    /// when one is given.
    /// </summary>
    public DriftStreamMonitor MonitorDrift(DataFrame reference, DriftStreamOptions? options = null, DriftScoreStore? store = null) =>
        DriftStreamMonitor.FromReference(reference, options, store);
}
