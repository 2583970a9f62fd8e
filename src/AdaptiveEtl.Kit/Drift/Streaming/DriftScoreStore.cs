using AdaptiveEtl.Kit.Data;
using DuckDB.NET.Data;

namespace AdaptiveEtl.Kit.Drift.Streaming;

/// <summary>
/// History of drift scores in a DuckDB table (default <c>drift_scores(pipeline, window_end, column, method, statistic,
/// signal, drifted)</c>) on a connection the caller opens — typically the DuckDB file that holds the run history, so
/// drift and runs can be joined. One row per compared column and one dataset row (<see cref="DatasetColumn"/>) per
/// window; a window's rows are written in one transaction (all or nothing). Identifiers quoted, values bound.
/// </summary>
public sealed class DriftScoreStore
{
    /// <summary>The <c>column</c> value of the dataset-level row of a window.</summary>
    public const string DatasetColumn = "*";

    private readonly DuckDBConnection _connection;
    private readonly string _table;

    /// <summary>Opens the store on an open connection and creates the table if needed.</summary>
    public DriftScoreStore(DuckDBConnection connection, string table = "drift_scores")
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        _table = SqlIdentifier.Quote(table);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"CREATE TABLE IF NOT EXISTS {_table} ({Q("pipeline")} VARCHAR NOT NULL, {Q("window_end")} TIMESTAMP NOT NULL, {Q("column")} VARCHAR NOT NULL, " +
                          $"{Q("method")} VARCHAR NOT NULL, {Q("statistic")} DOUBLE, {Q("signal")} DOUBLE NOT NULL, {Q("drifted")} BOOLEAN NOT NULL)";
        cmd.ExecuteNonQuery();
    }

    /// <summary>Appends the scores of one window (compared columns plus the dataset row) in one transaction.</summary>
    public void Append(DriftWindowResult window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var rows = ScoresOf(window);
        using var tx = _connection.BeginTransaction();
        foreach (var s in rows)
        {
            using var cmd = _connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = $"INSERT INTO {_table} ({Q("pipeline")}, {Q("window_end")}, {Q("column")}, {Q("method")}, {Q("statistic")}, {Q("signal")}, {Q("drifted")}) VALUES ($1, $2, $3, $4, $5, $6, $7)";
            cmd.Parameters.Add(new DuckDBParameter(s.Pipeline));
            cmd.Parameters.Add(new DuckDBParameter(s.WindowEnd.UtcDateTime));
            cmd.Parameters.Add(new DuckDBParameter(s.Column));
            cmd.Parameters.Add(new DuckDBParameter(s.Method));
            cmd.Parameters.Add(new DuckDBParameter { Value = double.IsFinite(s.Statistic) ? s.Statistic : DBNull.Value });
            cmd.Parameters.Add(new DuckDBParameter(s.Signal));
            cmd.Parameters.Add(new DuckDBParameter(s.Drifted));
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
    }

    /// <summary>The stored scores of a pipeline (all pipelines when null), oldest window first.</summary>
    public IReadOnlyList<DriftScore> Read(string? pipeline = null)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = $"SELECT {Q("pipeline")}, {Q("window_end")}, {Q("column")}, {Q("method")}, {Q("statistic")}, {Q("signal")}, {Q("drifted")} FROM {_table}"
                          + (pipeline is null ? "" : $" WHERE {Q("pipeline")} = $1") + $" ORDER BY {Q("window_end")}, {Q("column")}";
        if (pipeline is not null) cmd.Parameters.Add(new DuckDBParameter(pipeline));
        using var r = cmd.ExecuteReader();
        var list = new List<DriftScore>();
        while (r.Read())
            list.Add(new DriftScore(r.GetString(0), new DateTimeOffset(DateTime.SpecifyKind(r.GetDateTime(1), DateTimeKind.Utc)), r.GetString(2), r.GetString(3),
                r.IsDBNull(4) ? double.NaN : r.GetDouble(4), r.GetDouble(5), r.GetBoolean(6)));
        return list;
    }

    /// <summary>The rows a window produces: one per compared column, then the dataset row.</summary>
    public static IReadOnlyList<DriftScore> ScoresOf(DriftWindowResult window)
    {
        var rows = window.Report.Columns.Where(c => c.Compared)
            .Select(c => new DriftScore(window.Pipeline, window.WindowEnd, c.Column, c.Method.ToString(), c.Statistic, c.Signal, c.Drifted)).ToList();
        rows.Add(new DriftScore(window.Pipeline, window.WindowEnd, DatasetColumn, "dataset", window.Report.DriftedShare, window.Report.Signal, window.Report.DatasetDrifted));
        return rows;
    }

    private static string Q(string name) => SqlIdentifier.Quote(name);
}
