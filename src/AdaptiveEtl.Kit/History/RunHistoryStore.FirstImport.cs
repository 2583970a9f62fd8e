using System.Data.Common;
using AdaptiveEtl.Kit.Data;
using DuckDB.NET.Data;

namespace AdaptiveEtl.Kit.History;

// The direct load of a first import into an empty DuckDB store (issue 19).
public sealed partial class RunHistoryStore
{
    /// <summary>What <see cref="TryLoadEmptyDuckDbStore"/> did.</summary>
    private enum FirstImportOutcome
    {
        /// <summary>The store is not empty (or not DuckDB): nothing was done, the import goes through the staging tables.</summary>
        NotApplicable,
        /// <summary>The rows are loaded and keyed in the transaction, ready to commit.</summary>
        Loaded,
        /// <summary>A key occurs twice: the transaction must be rolled back and the import run through the staging tables, which name both lines or keep the later sample.</summary>
        DuplicateKey,
    }

    /// <summary>
    /// Rows handed from the reading thread to the appending one (<see cref="ReadAhead"/>): chunks small enough that the
    /// rows in flight stay well within one batch of <see cref="StageBatchRows"/>, the bound on what an import holds.
    /// </summary>
    private IEnumerable<RunCsvReader.ParsedRow> ReadAheadOf(IEnumerable<RunCsvReader.ParsedRow> rows)
    {
        const int chunks = 4;
        return ReadAhead.Enumerate(rows, Math.Clamp(StageBatchRows / (2 * (chunks + 2)), 1, 1024), chunks);
    }

    /// <summary>
    /// A first import into an empty DuckDB store, the usual bulk load: the validated rows are appended straight into the
    /// store's two tables (created again inside the transaction without their keys, as DuckDB builds a key's index far
    /// faster in one pass over loaded rows than row by row), with no staging copy, no duplicate query and no merge; then
    /// both primary keys are added, and DuckDB checks them. The result equals the staging path's whenever every
    /// (pipeline, run_id) and every sample's (pipeline, trigger_time) occurs once, which is when the keys can be added.
    /// Otherwise <see cref="FirstImportOutcome.DuplicateKey"/> is returned and the caller rolls back and imports through
    /// the staging tables, which name both lines of a repeated run or keep the later of two samples at one timestamp.
    /// A bad row throws mid-stream, as on the staging path, and the transaction rolls back.
    /// </summary>
    private FirstImportOutcome TryLoadEmptyDuckDbStore(DbTransaction tx, Func<IEnumerable<RunCsvReader.ParsedRow>> rows, out (int Runs, int Rates) counts)
    {
        counts = default;
        if (_connection is not DuckDBConnection duck || HasRows(tx, RunsTable) || HasRows(tx, RatesTable)) return FirstImportOutcome.NotApplicable;
        long phaseStart = System.Diagnostics.Stopwatch.GetTimestamp();
        foreach (var (table, ddl) in new[] { (RunsTable, RunColumnsDdl(primaryKey: false)), (RatesTable, RatesColumnsDdl(primaryKey: false)) })
        {
            Execute(tx, $"DROP TABLE {Q(table)}");
            Execute(tx, $"CREATE TABLE {Q(table)} ({ddl})");
        }
        int batch = Math.Max(1, StageBatchRows), runs = 0, rates = 0;
        DuckDBAppender? runAppender = null, rateAppender = null;
        try
        {
            foreach (var p in ReadAheadOf(rows()))
            {
                if (runs % batch == 0)
                {
                    // New appenders per batch, as on the staging path: a closed appender's rows are in the database.
                    foreach (var a in new[] { runAppender, rateAppender }) { a?.Close(); a?.Dispose(); }
                    runAppender = duck.CreateAppender(RunsTable);
                    rateAppender = duck.CreateAppender(RatesTable);
                }
                var r = p.Run;
                var trigger = r.TriggerTime.UtcDateTime;
                runAppender!.CreateRow()
                    .AppendValue(r.Pipeline).AppendValue(r.RunId).AppendValue(trigger)
                    .AppendValue(r.StartTime?.UtcDateTime).AppendValue(r.EndTime?.UtcDateTime)
                    .AppendValue(r.RowsIn).AppendValue(r.BytesIn).AppendValue(r.FileCount).AppendValue(r.SchemaVersion)
                    .AppendValue(r.SchemaHash).AppendValue(r.Outcome)
                    .EndRow();
                runs++;
                if (p.Rate is not { } rate) continue;
                rateAppender!.CreateRow().AppendValue(r.Pipeline).AppendValue(trigger).AppendValue(rate).AppendValue(r.RunId).EndRow();
                rates++;
            }
            runAppender?.Close();
            rateAppender?.Close();
        }
        finally
        {
            runAppender?.Dispose();
            rateAppender?.Dispose();
        }
        Phase("stage", ref phaseStart);
        try
        {
            Execute(tx, $"ALTER TABLE {Q(RunsTable)} ADD PRIMARY KEY ({Q("pipeline")}, {Q("run_id")})");
            Execute(tx, $"ALTER TABLE {Q(RatesTable)} ADD PRIMARY KEY ({Q("pipeline")}, {Q("ts")})");
        }
        catch (DuckDBException e) when (e.ErrorType == DuckDB.NET.Native.DuckDBErrorType.Constraint)
        {
            return FirstImportOutcome.DuplicateKey;
        }
        Phase("keys", ref phaseStart);
        counts = (runs, rates);
        return FirstImportOutcome.Loaded;
    }
}
