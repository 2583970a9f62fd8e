using System.Data;
using System.Data.Common;
using System.Globalization;
using AdaptiveEtl.Kit.Data;
using AdaptiveEtl.Kit.History;

namespace AdaptiveEtl.Kit.Proactive.Planning;

/// <summary>
/// Measured step runs in the table <c>pipeline_step_runs</c> of a DuckDB or PostgreSQL store, the same engines and dialect
/// as <see cref="RunHistoryStore"/> — open it on the history file to keep runs and step costs together (in one process,
/// DuckDB shares the open database between both stores). Calls are serialised on one connection.
/// </summary>
public sealed class StepCostStore : IStepCostStore
{
    /// <summary>The table of step runs.</summary>
    public const string Table = "pipeline_step_runs";

    private static readonly string[] Columns =
        ["pipeline", "run_id", "step", "phase", "action", "started_at", "duration_seconds", "rows_in", "rows_out", "input_fingerprint", "outcome"];

    private readonly StoreDialect _dialect;
    private readonly DbConnection _connection;
    private readonly Lock _gate = new();

    private StepCostStore(StoreDialect dialect, string connectionString)
    {
        _dialect = dialect;
        _connection = dialect.Open(connectionString);
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = $"CREATE TABLE IF NOT EXISTS {Q(Table)} ({Q("pipeline")} VARCHAR NOT NULL, {Q("run_id")} VARCHAR NOT NULL, {Q("step")} VARCHAR NOT NULL, " +
            $"{Q("phase")} VARCHAR NOT NULL, {Q("action")} VARCHAR NOT NULL, {Q("started_at")} {dialect.TimestampType} NOT NULL, {Q("duration_seconds")} {dialect.DoubleType} NOT NULL, " +
            $"{Q("rows_in")} BIGINT NOT NULL, {Q("rows_out")} BIGINT NOT NULL, {Q("input_fingerprint")} VARCHAR, {Q("outcome")} VARCHAR NOT NULL, " +
            $"PRIMARY KEY ({Q("pipeline")}, {Q("run_id")}, {Q("step")}, {Q("phase")}))";
        cmd.ExecuteNonQuery();
    }

    /// <summary>Opens (creating if needed) a DuckDB store: a file path (e.g. the run-history file) or <c>":memory:"</c>.</summary>
    public static StepCostStore OpenDuckDb(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (path != ":memory:")
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        }
        return new StepCostStore(new StoreDialect.DuckDb(), $"Data Source={path}");
    }

    /// <summary>Opens a PostgreSQL store (an Npgsql connection string); the table is created when missing.</summary>
    public static StepCostStore OpenPostgres(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return new StepCostStore(new StoreDialect.Postgres(), connectionString);
    }

    /// <inheritdoc />
    public string Engine => _dialect.Name;

    /// <inheritdoc />
    public void Append(IEnumerable<StepRunRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var list = records.ToList();
        foreach (var r in list)
        {
            if (string.IsNullOrWhiteSpace(r.Pipeline) || string.IsNullOrWhiteSpace(r.Step) || string.IsNullOrWhiteSpace(r.RunId))
                throw new KitDataException("pipeline, run_id and step must not be empty.", Table);
            if (!double.IsFinite(r.DurationSeconds) || r.DurationSeconds < 0 || r.RowsIn < 0 || r.RowsOut < 0)
                throw new KitDataException($"duration {r.DurationSeconds} s, rows in {r.RowsIn}, rows out {r.RowsOut}: expected finite values >= 0.", $"{Table}, pipeline '{r.Pipeline}', step '{r.Step}'");
        }
        if (list.Count == 0) return;
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            var cols = string.Join(", ", Columns.Select(Q));
            var updates = string.Join(", ", Columns.Skip(4).Select(c => $"{Q(c)} = EXCLUDED.{Q(c)}"));
            foreach (var r in list)
            {
                using var cmd = _connection.CreateCommand();
                cmd.Transaction = tx;
                object?[] values = [r.Pipeline, r.RunId, r.Step, r.Phase, r.Action, _dialect.ToDb(r.StartedAt), r.DurationSeconds, r.RowsIn, r.RowsOut, r.InputFingerprint, r.Outcome];
                for (int i = 0; i < values.Length; i++)
                {
                    var p = cmd.CreateParameter();
                    p.ParameterName = "p" + i;
                    p.Value = values[i] ?? DBNull.Value;
                    if (values[i] is null) p.DbType = DbType.String;
                    cmd.Parameters.Add(p);
                }
                cmd.CommandText = $"INSERT INTO {Q(Table)} ({cols}) VALUES ({string.Join(", ", values.Select((_, i) => _dialect.Marker("p" + i)))}) " +
                    $"ON CONFLICT ({Q("pipeline")}, {Q("run_id")}, {Q("step")}, {Q("phase")}) DO UPDATE SET {updates}";
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<StepRunRecord> GetRuns(string pipeline, string? step = null, int limit = 1000)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pipeline);
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            Bind(cmd, "pipeline", pipeline);
            var where = $"{Q("pipeline")} = {_dialect.Marker("pipeline")}";
            if (step is not null) { Bind(cmd, "step", step); where += $" AND {Q("step")} = {_dialect.Marker("step")}"; }
            cmd.CommandText = $"SELECT {string.Join(", ", Columns.Select(Q))} FROM {Q(Table)} WHERE {where} " +
                $"ORDER BY {Q("started_at")} DESC, {Q("run_id")} DESC, {Q("step")}, {Q("phase")} LIMIT {Math.Max(0, limit).ToString(CultureInfo.InvariantCulture)}";
            using var r = cmd.ExecuteReader();
            var list = new List<StepRunRecord>();
            while (r.Read())
                list.Add(new StepRunRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), StoreDialect.FromDb(r.GetValue(5)),
                    Convert.ToDouble(r.GetValue(6), CultureInfo.InvariantCulture), Convert.ToInt64(r.GetValue(7), CultureInfo.InvariantCulture),
                    Convert.ToInt64(r.GetValue(8), CultureInfo.InvariantCulture), r.IsDBNull(9) ? null : r.GetString(9), r.GetString(10)));
            return list;
        }
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, StepCost> GetCosts(string pipeline, int recentRuns = 20)
    {
        var result = new Dictionary<string, StepCost>(StringComparer.Ordinal);
        foreach (var group in GetRuns(pipeline, limit: int.MaxValue).Where(r => r.Outcome == "succeeded").GroupBy(r => r.Step))
        {
            var working = group.Where(r => r.Action is "full" or "delta").Take(recentRuns).ToList();
            var fingerprint = group.FirstOrDefault(r => r.Phase != "run_ahead" && r.InputFingerprint is not null)?.InputFingerprint;
            long rowsIn = working.Sum(r => r.RowsIn);
            double seconds = working.Sum(r => r.DurationSeconds);
            result[group.Key] = new StepCost(group.Key, working.Count, working.Count == 0 ? double.NaN : seconds / Math.Max(1, rowsIn),
                rowsIn == 0 ? 1.0 : (double)working.Sum(r => r.RowsOut) / rowsIn, fingerprint);
        }
        return result;
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    private static string Q(string name) => SqlIdentifier.Quote(name);

    private static void Bind(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
