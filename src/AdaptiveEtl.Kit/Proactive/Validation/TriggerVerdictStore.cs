using System.Data;
using System.Data.Common;
using System.Globalization;
using AdaptiveEtl.Kit.Data;
using AdaptiveEtl.Kit.History;

namespace AdaptiveEtl.Kit.Proactive.Validation;

/// <summary>
/// The <c>trigger_verdicts</c> table in the run-history database (DuckDB or PostgreSQL): one row per validated trigger,
/// upserted by (pipeline, actual trigger), so replaying a trace twice does not duplicate verdicts.
/// </summary>
public sealed class TriggerVerdictStore
{
    /// <summary>The table name.</summary>
    public const string Table = "trigger_verdicts";

    private static readonly string[] Columns =
        ["pipeline", "actual_trigger", "predicted_at", "expected_trigger", "timing", "covering_level", "error_minutes", "actual_rows", "actual_bytes", "rows_level", "bytes_level", "volume_plausible"];

    private readonly RunHistoryStore _store;

    /// <summary>Opens the verdict table inside <paramref name="store"/>, creating it when missing.</summary>
    public TriggerVerdictStore(RunHistoryStore store)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _store.UseConnection((c, d) =>
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"CREATE TABLE IF NOT EXISTS {Q(Table)} ({Q("pipeline")} VARCHAR NOT NULL, {Q("actual_trigger")} {d.TimestampType} NOT NULL, " +
                $"{Q("predicted_at")} {d.TimestampType} NOT NULL, {Q("expected_trigger")} {d.TimestampType} NOT NULL, {Q("timing")} VARCHAR NOT NULL, " +
                $"{Q("covering_level")} {d.DoubleType}, {Q("error_minutes")} {d.DoubleType} NOT NULL, {Q("actual_rows")} BIGINT NOT NULL, {Q("actual_bytes")} BIGINT NOT NULL, " +
                $"{Q("rows_level")} {d.DoubleType}, {Q("bytes_level")} {d.DoubleType}, {Q("volume_plausible")} BOOLEAN NOT NULL, PRIMARY KEY ({Q("pipeline")}, {Q("actual_trigger")}))";
            cmd.ExecuteNonQuery();
            return 0;
        });
    }

    /// <summary>Records a verdict (one statement, committed atomically; replaces a verdict for the same pipeline and trigger).</summary>
    public void Record(TriggerVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        _store.UseConnection((c, d) =>
        {
            using var tx = c.BeginTransaction();
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            object?[] values =
            [
                verdict.Pipeline, d.ToDb(verdict.ActualTrigger), d.ToDb(verdict.PredictedAt), d.ToDb(verdict.ExpectedTrigger), verdict.Timing.ToString(),
                verdict.CoveringLevel, verdict.ErrorMinutes, verdict.ActualRows, verdict.ActualBytes, verdict.RowsLevel, verdict.BytesLevel, verdict.VolumePlausible,
            ];
            var markers = new string[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                markers[i] = d.Marker("p" + i);
                var p = cmd.CreateParameter();
                p.ParameterName = "p" + i;
                p.Value = values[i] ?? DBNull.Value;
                if (values[i] is null) p.DbType = DbType.Double; // only the level columns are nullable
                cmd.Parameters.Add(p);
            }
            var updates = string.Join(", ", Columns.Skip(2).Select(col => $"{Q(col)} = EXCLUDED.{Q(col)}"));
            cmd.CommandText = $"INSERT INTO {Q(Table)} ({string.Join(", ", Columns.Select(Q))}) VALUES ({string.Join(", ", markers)}) ON CONFLICT ({Q("pipeline")}, {Q("actual_trigger")}) DO UPDATE SET {updates}";
            cmd.ExecuteNonQuery();
            tx.Commit();
            return 0;
        });
    }

    /// <summary>Verdicts ordered by trigger time, optionally of one pipeline.</summary>
    public IReadOnlyList<TriggerVerdict> GetVerdicts(string? pipeline = null) => _store.UseConnection((c, d) =>
    {
        using var cmd = c.CreateCommand();
        var where = "";
        if (pipeline is not null)
        {
            where = $" WHERE {Q("pipeline")} = {d.Marker("pipeline")}";
            var p = cmd.CreateParameter();
            p.ParameterName = "pipeline";
            p.Value = pipeline;
            cmd.Parameters.Add(p);
        }
        cmd.CommandText = $"SELECT {string.Join(", ", Columns.Select(Q))} FROM {Q(Table)}{where} ORDER BY {Q("actual_trigger")}, {Q("pipeline")}";
        using var r = cmd.ExecuteReader();
        var list = new List<TriggerVerdict>();
        while (r.Read())
            list.Add(new TriggerVerdict(r.GetString(0), StoreDialect.FromDb(r.GetValue(2)), StoreDialect.FromDb(r.GetValue(1)), StoreDialect.FromDb(r.GetValue(3)),
                Enum.Parse<TriggerTiming>(r.GetString(4)), NullableDouble(r, 5), r.GetDouble(6),
                Convert.ToInt64(r.GetValue(7), CultureInfo.InvariantCulture), Convert.ToInt64(r.GetValue(8), CultureInfo.InvariantCulture),
                NullableDouble(r, 9), NullableDouble(r, 10), r.GetBoolean(11)));
        return (IReadOnlyList<TriggerVerdict>)list;
    });

    private static double? NullableDouble(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);

    private static string Q(string name) => SqlIdentifier.Quote(name);
}
