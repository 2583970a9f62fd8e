using System.Data.Common;
using System.Globalization;
using AdaptiveEtl.Kit.Data;
using DuckDB.NET.Data;

namespace AdaptiveEtl.Kit.Proactive.Pipelines;

/// <summary>
/// The DuckDB statements the executors share: running one step into a table, publishing a table atomically (build a
/// stage table beside the target, then drop-and-rename in one transaction, so readers see the old or the new table,
/// never a half-written one), row counts and existence checks.
/// </summary>
internal static class StepSql
{
    /// <summary>Table (in the work schema) of the input fingerprint each published output was computed from.</summary>
    public const string PublishedTable = "published_outputs";

    /// <summary>What is written with a published output, in the same transaction: which step wrote it from which inputs.</summary>
    public sealed record Stamp(string WorkSchema, string Pipeline, string Step, string Fingerprint);

    public static void EnsurePublishedTable(DuckDBConnection c, string workSchema)
    {
        EnsureSchema(c, workSchema);
        Execute(c, $"CREATE TABLE IF NOT EXISTS {SqlIdentifier.Quote(workSchema, PublishedTable)} (target_schema VARCHAR NOT NULL, pipeline VARCHAR NOT NULL, " +
                   "step VARCHAR NOT NULL, output VARCHAR NOT NULL, input_fingerprint VARCHAR NOT NULL, published_at TIMESTAMP NOT NULL)");
    }

    /// <summary>Fingerprints of the published outputs of a pipeline in a target schema, by step.</summary>
    public static IReadOnlyDictionary<string, string> Published(DuckDBConnection c, string workSchema, string targetSchema, string pipeline)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT step, input_fingerprint FROM {SqlIdentifier.Quote(workSchema, PublishedTable)} WHERE target_schema = $schema AND pipeline = $pipeline";
        cmd.Parameters.Add(new DuckDBParameter("schema", targetSchema));
        cmd.Parameters.Add(new DuckDBParameter("pipeline", pipeline));
        using var r = cmd.ExecuteReader();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        while (r.Read()) result[r.GetString(0)] = r.GetString(1);
        return result;
    }

    public static void EnsureSchema(DuckDBConnection c, string schema) => Execute(c, $"CREATE SCHEMA IF NOT EXISTS {SqlIdentifier.Quote(schema)}");

    public static long Count(DuckDBConnection c, TableName table)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT count(*) FROM {table.Quoted}";
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public static bool Exists(DuckDBConnection c, TableName table)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM information_schema.tables WHERE table_schema = $schema AND table_name = $name";
        cmd.Parameters.Add(new DuckDBParameter("schema", table.Schema));
        cmd.Parameters.Add(new DuckDBParameter("name", table.Name));
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>A second connection to the same database (DuckDB runs one statement per connection at a time).</summary>
    public static DuckDBConnection OpenDuplicate(DuckDBConnection c)
    {
        DuckDBConnection d;
        try { d = c.Duplicate(); }
        catch (NotSupportedException)
        {
            // A file database: DuckDB.NET shares the open database between connections to the same file in one process.
            d = new DuckDBConnection(c.ConnectionString);
        }
        if (d.State != System.Data.ConnectionState.Open) d.Open();
        return d;
    }

    public static void Execute(DuckDBConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    /// <summary>Runs <paramref name="step"/> over <paramref name="inputs"/> and publishes the result as <paramref name="target"/>; returns (rows in, rows out).</summary>
    public static (long RowsIn, long RowsOut) Run(DuckDBConnection c, PipelineStep step, IReadOnlyDictionary<string, TableName> inputs, TableName target, int batchRows, string where, Stamp? stamp = null)
    {
        long rowsIn = step.Inputs.Sum(i => Count(c, inputs[i]));
        try
        {
            if (step.Kind == StepKind.Sql) return (rowsIn, PublishQuery(c, step.BindSql(inputs), target, stamp));
            return (rowsIn, RunCSharp(c, step, inputs[step.Inputs[0]], target, batchRows, where, stamp));
        }
        catch (DuckDBException e)
        {
            throw new KitDataException($"DuckDB rejected the step: {e.Message}", where, inner: e);
        }
    }

    /// <summary>Publishes the result of a <c>SELECT</c> as <paramref name="target"/>; returns its row count.</summary>
    public static long PublishQuery(DuckDBConnection c, string select, TableName target, Stamp? stamp = null)
    {
        var stage = StageOf(target);
        Execute(c, $"CREATE TABLE {stage.Quoted} AS {select}");
        return Swap(c, stage, target, stamp);
    }

    /// <summary>Publishes pre ∪ delta (delta null = empty) as <paramref name="target"/>.</summary>
    public static long PublishUnion(DuckDBConnection c, TableName pre, TableName? delta, TableName target, Stamp? stamp) =>
        PublishQuery(c, delta is null ? $"SELECT * FROM {pre.Quoted}" : $"SELECT * FROM {pre.Quoted} UNION ALL SELECT * FROM {delta.Quoted}", target, stamp);

    private static TableName StageOf(TableName target) => new(target.Schema, target.Name + "__stage_" + Guid.NewGuid().ToString("N")[..12]);

    private static long Swap(DuckDBConnection c, TableName stage, TableName target, Stamp? stamp)
    {
        long rows;
        try
        {
            rows = Count(c, stage);
            using var tx = c.BeginTransaction();
            Execute(c, $"DROP TABLE IF EXISTS {target.Quoted}");
            Execute(c, $"ALTER TABLE {stage.Quoted} RENAME TO {SqlIdentifier.Quote(target.Name)}");
            if (stamp is not null)
            {
                // The fingerprint travels with the data: a crash can never leave a table stamped with inputs it was not computed from.
                var table = SqlIdentifier.Quote(stamp.WorkSchema, PublishedTable);
                using var del = c.CreateCommand();
                del.CommandText = $"DELETE FROM {table} WHERE target_schema = $schema AND pipeline = $pipeline AND step = $step";
                del.Parameters.Add(new DuckDBParameter("schema", target.Schema));
                del.Parameters.Add(new DuckDBParameter("pipeline", stamp.Pipeline));
                del.Parameters.Add(new DuckDBParameter("step", stamp.Step));
                del.ExecuteNonQuery();
                using var ins = c.CreateCommand();
                ins.CommandText = $"INSERT INTO {table} VALUES ($schema, $pipeline, $step, $output, $fingerprint, $at)";
                ins.Parameters.Add(new DuckDBParameter("schema", target.Schema));
                ins.Parameters.Add(new DuckDBParameter("pipeline", stamp.Pipeline));
                ins.Parameters.Add(new DuckDBParameter("step", stamp.Step));
                ins.Parameters.Add(new DuckDBParameter("output", target.Name));
                ins.Parameters.Add(new DuckDBParameter("fingerprint", stamp.Fingerprint));
                ins.Parameters.Add(new DuckDBParameter("at", DateTime.UtcNow));
                ins.ExecuteNonQuery();
            }
            tx.Commit();
        }
        catch
        {
            Execute(c, $"DROP TABLE IF EXISTS {stage.Quoted}");
            throw;
        }
        return rows;
    }

    private static long RunCSharp(DuckDBConnection c, PipelineStep step, TableName input, TableName target, int batchRows, string where, Stamp? stamp)
    {
        var stage = StageOf(target);
        Execute(c, $"CREATE TABLE {stage.Quoted} ({string.Join(", ", step.Columns.Select(col => SqlIdentifier.Quote(col.Name) + " " + col.SqlType))})");
        try
        {
            // The reader streams on this connection; rows are inserted through a second connection to the same database.
            using var writer = OpenDuplicate(c);
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"SELECT * FROM {input.Quoted}";
            using var reader = cmd.ExecuteReader();
            var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
            int size = step.Mode == StepMode.Holistic ? int.MaxValue : Math.Max(1, batchRows);
            var rows = new List<object?[]>();
            long batchStart = 0;
            while (true)
            {
                bool more = reader.Read();
                if (more)
                {
                    var row = new object?[reader.FieldCount];
                    for (int i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    rows.Add(row);
                }
                if (rows.Count > 0 && (rows.Count >= size || !more))
                {
                    try { Insert(writer, stage, step, step.Transform!(new DataBatch(names, rows)), batchStart, where); }
                    catch (Exception e) when (e is not KitDataException and not DuckDBException and not OperationCanceledException)
                    {
                        throw new KitDataException($"the C# function failed on the batch starting at input row {batchStart} ({rows.Count} rows): {e.GetType().Name}: {e.Message}", where, inner: e);
                    }
                    batchStart += rows.Count;
                    rows = [];
                }
                if (!more) break;
            }
            if (batchStart == 0 && step.Mode == StepMode.Holistic)
                Insert(writer, stage, step, step.Transform!(new DataBatch(names, [])), 0, where); // a holistic function may emit rows for an empty input
        }
        catch
        {
            Execute(c, $"DROP TABLE IF EXISTS {stage.Quoted}");
            throw;
        }
        return Swap(c, stage, target, stamp);
    }

    private static void Insert(DuckDBConnection c, TableName stage, PipelineStep step, IEnumerable<object?[]> rows, long batchStart, string where)
    {
        var kinds = step.Columns.Select(col => AppendKindOf(col.SqlType)).ToArray();
        if (kinds.All(k => k != AppendKind.Other)) Append(c, stage, step, kinds, rows, batchStart, where);
        else InsertStatements(c, stage, step, rows, batchStart, where);
    }

    private enum AppendKind { Int64, Int32, Double, Decimal, Text, Bool, Timestamp, Date, Other }

    private static AppendKind AppendKindOf(string sqlType)
    {
        var t = sqlType.Trim().ToUpperInvariant();
        if (t.StartsWith("DECIMAL", StringComparison.Ordinal) || t.StartsWith("NUMERIC", StringComparison.Ordinal)) return AppendKind.Decimal;
        return t switch
        {
            "BIGINT" or "INT8" or "LONG" => AppendKind.Int64,
            "INTEGER" or "INT" or "INT4" => AppendKind.Int32,
            "DOUBLE" or "FLOAT8" => AppendKind.Double,
            "VARCHAR" or "TEXT" or "STRING" => AppendKind.Text,
            "BOOLEAN" or "BOOL" => AppendKind.Bool,
            "TIMESTAMP" or "DATETIME" => AppendKind.Timestamp,
            "DATE" => AppendKind.Date,
            _ => AppendKind.Other,
        };
    }

    /// <summary>Rows through DuckDB's appender, each value converted to the declared column type (the appender does not cast).</summary>
    private static void Append(DuckDBConnection c, TableName stage, PipelineStep step, AppendKind[] kinds, IEnumerable<object?[]> rows, long batchStart, string where)
    {
        int width = kinds.Length;
        long produced = 0;
        using var appender = c.CreateAppender(stage.Schema, stage.Name);
        var ic = System.Globalization.CultureInfo.InvariantCulture;
        foreach (var r in rows)
        {
            if (r is null || r.Length != width)
                throw new KitDataException($"the function returned a row with {r?.Length ?? 0} value(s) for the batch starting at input row {batchStart}; expected {width} ({string.Join(", ", step.Columns.Select(x => x.Name))}).", where, row: produced);
            var row = appender.CreateRow();
            for (int j = 0; j < width; j++)
            {
                var v = r[j];
                if (v is null or DBNull) { row.AppendNullValue(); continue; }
                try
                {
                    switch (kinds[j])
                    {
                        case AppendKind.Int64: row.AppendValue((long?)Convert.ToInt64(v, ic)); break;
                        case AppendKind.Int32: row.AppendValue((int?)Convert.ToInt32(v, ic)); break;
                        case AppendKind.Double: row.AppendValue((double?)Convert.ToDouble(v, ic)); break;
                        case AppendKind.Decimal: row.AppendValue((decimal?)Convert.ToDecimal(v, ic)); break;
                        case AppendKind.Text: row.AppendValue(Convert.ToString(v, ic)); break;
                        case AppendKind.Bool: row.AppendValue((bool?)Convert.ToBoolean(v, ic)); break;
                        case AppendKind.Timestamp: row.AppendValue((DateTime?)(v is DateTimeOffset o ? o.UtcDateTime : Convert.ToDateTime(v, ic))); break;
                        default: row.AppendValue((DateOnly?)(v is DateOnly d ? d : DateOnly.FromDateTime(Convert.ToDateTime(v, ic)))); break;
                    }
                }
                catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
                {
                    throw new KitDataException($"value '{v}' ({v.GetType().Name}) returned by the function cannot be stored as {step.Columns[j].SqlType} (batch starting at input row {batchStart}).", where, step.Columns[j].Name, produced, e);
                }
            }
            row.EndRow();
            produced++;
        }
    }

    private static void InsertStatements(DuckDBConnection c, TableName stage, PipelineStep step, IEnumerable<object?[]> rows, long batchStart, string where)
    {
        int width = step.Columns.Count;
        int perStatement = Math.Max(1, 2000 / width);
        var pending = new List<object?[]>(perStatement);
        long produced = 0;
        foreach (var row in rows)
        {
            if (row is null || row.Length != width)
                throw new KitDataException($"the function returned a row with {row?.Length ?? 0} value(s) for the batch starting at input row {batchStart}; expected {width} ({string.Join(", ", step.Columns.Select(x => x.Name))}).", where, row: produced);
            pending.Add(row);
            produced++;
            if (pending.Count == perStatement) { Flush(); pending.Clear(); }
        }
        if (pending.Count > 0) Flush();

        void Flush()
        {
            using var cmd = c.CreateCommand();
            var values = new List<string>(pending.Count);
            int p = 0;
            foreach (var r in pending)
            {
                var markers = new string[width];
                for (int j = 0; j < width; j++)
                {
                    var name = "p" + p++;
                    markers[j] = "CAST($" + name + " AS " + step.Columns[j].SqlType + ")";
                    cmd.Parameters.Add(new DuckDBParameter(name, r[j] ?? DBNull.Value));
                }
                values.Add("(" + string.Join(", ", markers) + ")");
            }
            cmd.CommandText = $"INSERT INTO {stage.Quoted} VALUES {string.Join(", ", values)}";
            cmd.ExecuteNonQuery();
        }
    }
}
