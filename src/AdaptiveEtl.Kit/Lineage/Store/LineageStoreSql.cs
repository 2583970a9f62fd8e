using System.Data.Common;
using AdaptiveEtl.Kit.Lineage.Graph;

namespace AdaptiveEtl.Kit.Lineage.Store;

/// <summary>
/// The SQL shared by the DuckDB and PostgreSQL stores (both accept positional <c>$n</c> parameters, <c>ON CONFLICT … DO
/// UPDATE</c>); only the timestamp type, parameter objects and, for PostgreSQL, the schema lock and retryable errors
/// differ per dialect.
/// </summary>
/// <param name="timestampType">Column type of a UTC instant.</param>
/// <param name="parameter">Creates a bound parameter.</param>
/// <param name="toDb">Instant to the bound value.</param>
/// <param name="fromDb">Stored value to an instant.</param>
/// <param name="schemaLockSql">Statement run first in the schema transaction to serialise concurrent creators, or null.</param>
/// <param name="isRetryable">Whether a failed save may be re-run from the start (deadlock, serialization failure), or null for never.</param>
internal sealed class LineageStoreSql(string timestampType, Func<object?, DbParameter> parameter, Func<DateTimeOffset, object> toDb, Func<object, DateTimeOffset> fromDb,
    string? schemaLockSql = null, Func<Exception, bool>? isRetryable = null)
{
    public const string NodesTable = "lineage_nodes";
    public const string EdgesTable = "lineage_edges";
    public const string AttributionsTable = "lineage_edge_processes";

    private static readonly string Nodes = Data.SqlIdentifier.Quote(NodesTable);
    private static readonly string Edges = Data.SqlIdentifier.Quote(EdgesTable);
    private static readonly string Attributions = Data.SqlIdentifier.Quote(AttributionsTable);

    public string[] Ddl =>
    [
        $"CREATE TABLE IF NOT EXISTS {Nodes} (id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, name VARCHAR NOT NULL, parent VARCHAR, " +
        $"first_seen {timestampType} NOT NULL, last_seen {timestampType} NOT NULL, seen_count BIGINT NOT NULL)",
        $"CREATE TABLE IF NOT EXISTS {Edges} (source_id VARCHAR NOT NULL, target_id VARCHAR NOT NULL, kind VARCHAR NOT NULL, detail VARCHAR NOT NULL, " +
        $"first_seen {timestampType} NOT NULL, last_seen {timestampType} NOT NULL, seen_count BIGINT NOT NULL, PRIMARY KEY (source_id, target_id, kind, detail))",
        // Which process produced each column edge (LineageAttribution); added later, so older stores gain it on open.
        $"CREATE TABLE IF NOT EXISTS {Attributions} (process_id VARCHAR NOT NULL, source_id VARCHAR NOT NULL, target_id VARCHAR NOT NULL, kind VARCHAR NOT NULL, " +
        "detail VARCHAR NOT NULL, PRIMARY KEY (process_id, source_id, target_id, kind, detail))",
    ];

    private static readonly string NodesStage = Data.SqlIdentifier.Quote(NodesTable + "_stage");
    private static readonly string EdgesStage = Data.SqlIdentifier.Quote(EdgesTable + "_stage");
    private const string NodeColumns = "id, kind, name, parent, first_seen, last_seen, seen_count";
    private const string EdgeColumns = "source_id, target_id, kind, detail, first_seen, last_seen, seen_count";
    private static readonly string AttributionsStage = Data.SqlIdentifier.Quote(AttributionsTable + "_stage");
    private const string AttributionColumns = "process_id, source_id, target_id, kind, detail";
    /// <summary>Rows per multi-row INSERT into the staging tables (7 parameters each, far below PostgreSQL's 65535 limit).</summary>
    private const int RowsPerInsert = 500;

    private static readonly string UpsertNodes =
        $"INSERT INTO {Nodes} ({NodeColumns}) SELECT {NodeColumns} FROM {NodesStage} ORDER BY id " +
        "ON CONFLICT (id) DO UPDATE SET first_seen = least(" + Nodes + ".first_seen, excluded.first_seen), last_seen = greatest(" + Nodes + ".last_seen, excluded.last_seen), " +
        "seen_count = " + Nodes + ".seen_count + excluded.seen_count, parent = coalesce(" + Nodes + ".parent, excluded.parent)";

    private static readonly string UpsertEdges =
        $"INSERT INTO {Edges} ({EdgeColumns}) SELECT {EdgeColumns} FROM {EdgesStage} ORDER BY source_id, target_id, kind, detail " +
        "ON CONFLICT (source_id, target_id, kind, detail) DO UPDATE SET first_seen = least(" + Edges + ".first_seen, excluded.first_seen), " +
        "last_seen = greatest(" + Edges + ".last_seen, excluded.last_seen), seen_count = " + Edges + ".seen_count + excluded.seen_count";

    private static readonly string InsertAttributions =
        $"INSERT INTO {Attributions} ({AttributionColumns}) SELECT DISTINCT {AttributionColumns} FROM {AttributionsStage} ORDER BY {AttributionColumns} " +
        "ON CONFLICT DO NOTHING";

    /// <summary>Creates the tables in one transaction, serialised between sessions by the schema lock when the dialect has one.</summary>
    public async Task InitializeAsync(DbConnection connection, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        try
        {
            // Concurrent CREATE TABLE IF NOT EXISTS on an empty PostgreSQL database collide on pg_type (23505); with the
            // lock the second session waits, and its statements then see the committed tables.
            if (schemaLockSql is not null) await Execute(connection, tx, ct, schemaLockSql);
            foreach (var ddl in Ddl) await Execute(connection, tx, ct, ddl);
            await tx.CommitAsync(ct);
        }
        catch
        {
            await tx.RollbackAsync(CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// Loads the batch into session-local staging tables with multi-row parameterised INSERTs, then upserts from them with
    /// one <c>INSERT … SELECT … ON CONFLICT DO UPDATE</c> per table — all in one transaction (with <paramref name="replace"/>,
    /// the stored graph is deleted first, in the same transaction). The upserts read the staging tables in key order, so
    /// concurrent saves lock shared keys in one order; a deadlock or serialization failure still reported by the server
    /// re-runs the whole transaction, a bounded number of times.
    /// </summary>
    public async Task SaveAsync(DbConnection connection, LineageGraph batch, CancellationToken ct, bool replace = false)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await SaveOnceAsync(connection, batch, ct, replace);
                return;
            }
            catch (Exception e) when (isRetryable is not null && isRetryable(e) && attempt < Data.PostgresConcurrency.MaxAttempts)
            {
                await Task.Delay(Data.PostgresConcurrency.Backoff(attempt), ct);
            }
        }
    }

    private async Task SaveOnceAsync(DbConnection connection, LineageGraph batch, CancellationToken ct, bool replace)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        try
        {
            await Execute(connection, tx, ct, $"CREATE TEMP TABLE IF NOT EXISTS {NodesStage} (id VARCHAR, kind VARCHAR, name VARCHAR, parent VARCHAR, first_seen {timestampType}, last_seen {timestampType}, seen_count BIGINT)");
            await Execute(connection, tx, ct, $"CREATE TEMP TABLE IF NOT EXISTS {EdgesStage} (source_id VARCHAR, target_id VARCHAR, kind VARCHAR, detail VARCHAR, first_seen {timestampType}, last_seen {timestampType}, seen_count BIGINT)");
            await Execute(connection, tx, ct, $"CREATE TEMP TABLE IF NOT EXISTS {AttributionsStage} (process_id VARCHAR, source_id VARCHAR, target_id VARCHAR, kind VARCHAR, detail VARCHAR)");
            await Execute(connection, tx, ct, $"DELETE FROM {NodesStage}");
            await Execute(connection, tx, ct, $"DELETE FROM {EdgesStage}");
            await Execute(connection, tx, ct, $"DELETE FROM {AttributionsStage}");
            await Stage(connection, tx, NodesStage, NodeColumns, batch.Nodes.Select(n => new object?[] { n.Id, n.Kind.ToString(), n.Name, n.Parent, toDb(n.FirstSeen), toDb(n.LastSeen), n.Count }), ct);
            await Stage(connection, tx, EdgesStage, EdgeColumns, batch.Edges.Select(e => new object?[] { e.Source, e.Target, e.Kind.ToString(), e.Detail, toDb(e.FirstSeen), toDb(e.LastSeen), e.Count }), ct);
            await Stage(connection, tx, AttributionsStage, AttributionColumns, batch.Attributions.Select(a => new object?[] { a.Process, a.Source, a.Target, a.Kind.ToString(), a.Detail }), ct);
            if (replace)
            {
                await Execute(connection, tx, ct, $"DELETE FROM {Attributions}");
                await Execute(connection, tx, ct, $"DELETE FROM {Edges}");
                await Execute(connection, tx, ct, $"DELETE FROM {Nodes}");
            }
            await Execute(connection, tx, ct, UpsertNodes);
            await Execute(connection, tx, ct, UpsertEdges);
            await Execute(connection, tx, ct, InsertAttributions);
            await Execute(connection, tx, ct, $"DELETE FROM {NodesStage}");
            await Execute(connection, tx, ct, $"DELETE FROM {EdgesStage}");
            await Execute(connection, tx, ct, $"DELETE FROM {AttributionsStage}");
            await tx.CommitAsync(ct);
        }
        catch
        {
            await tx.RollbackAsync(CancellationToken.None);
            throw;
        }
    }

    private async Task Stage(DbConnection connection, DbTransaction tx, string table, string columns, IEnumerable<object?[]> rows, CancellationToken ct)
    {
        foreach (var chunk in rows.Chunk(RowsPerInsert))
        {
            await using var cmd = connection.CreateCommand();
            cmd.Transaction = tx;
            var values = new System.Text.StringBuilder();
            int n = 0;
            foreach (var row in chunk)
            {
                values.Append(values.Length == 0 ? "(" : ", (");
                for (int i = 0; i < row.Length; i++)
                {
                    values.Append(i == 0 ? "$" : ", $").Append(++n);
                    cmd.Parameters.Add(parameter(row[i]));
                }
                values.Append(')');
            }
            cmd.CommandText = $"INSERT INTO {table} ({columns}) VALUES {values}";
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    private async Task<int> Execute(DbConnection connection, DbTransaction tx, CancellationToken ct, string sql, params object?[] values)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var v in values) cmd.Parameters.Add(parameter(v));
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<LineageGraph> LoadAsync(DbConnection connection, CancellationToken ct)
    {
        var graph = new LineageGraph();
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = $"SELECT id, kind, name, parent, first_seen, last_seen, seen_count FROM {Nodes} ORDER BY id";
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) graph.AddNode(ReadNode(r, 0));
        }
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = $"SELECT source_id, target_id, kind, detail, first_seen, last_seen, seen_count FROM {Edges} ORDER BY source_id, target_id, kind, detail";
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                graph.AddEdge(new LineageEdge(r.GetString(0), r.GetString(1), Enum.Parse<LineageEdgeKind>(r.GetString(2)), r.GetString(3),
                    fromDb(r.GetValue(4)), fromDb(r.GetValue(5)), Convert.ToInt64(r.GetValue(6))));
        }
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = $"SELECT {AttributionColumns} FROM {Attributions} ORDER BY {AttributionColumns}";
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                graph.AddAttribution(new LineageAttribution(r.GetString(0), r.GetString(1), r.GetString(2), Enum.Parse<LineageEdgeKind>(r.GetString(3)), r.GetString(4)));
        }
        return graph;
    }

    private static readonly string Walk = Data.SqlIdentifier.Quote("lineage_walk");

    /// <summary>
    /// Breadth-first walk in SQL with a visited set: start node plus (for datasets) its columns at depth 0, then one
    /// <c>INSERT … SELECT</c> per level adding the neighbours not visited yet, until a level adds nothing or the depth
    /// limit is reached; each node keeps its minimum depth. Same rule as <see cref="LineageGraph.Downstream(string, int)"/>:
    /// datasets reached from a column are not expanded.
    /// </summary>
    /// <remarks>
    /// Not one <c>WITH RECURSIVE</c>: a recursive CTE only sees the previous level, never everything visited, so on a
    /// cyclic graph (a statement reading and writing the same table) its rows grow with the depth limit — unbounded for
    /// <c>int.MaxValue</c> — and a path-array check enumerates every simple path instead (exponential). DuckDB's
    /// <c>USING KEY</c> would fix it on DuckDB only, and PostgreSQL 15's <c>CYCLE</c> clause is the path check again.
    /// Level by level with a session-local visited table expands each node once on both engines, and needs at most one
    /// statement per level (at most one per reachable node), all in one transaction.
    /// </remarks>
    public async Task<IReadOnlyList<ImpactHit>> WalkAsync(DbConnection connection, string nodeId, int maxDepth, bool downstream, CancellationToken ct)
    {
        var (from, to) = downstream ? ("source_id", "target_id") : ("target_id", "source_id");
        bool startsAtDataset = nodeId.StartsWith("dataset:", StringComparison.Ordinal);
        await using var tx = await connection.BeginTransactionAsync(ct);
        try
        {
            await Execute(connection, tx, ct, $"CREATE TEMP TABLE IF NOT EXISTS {Walk} (id VARCHAR PRIMARY KEY, depth INTEGER NOT NULL)");
            await Execute(connection, tx, ct, $"DELETE FROM {Walk}");
            await Execute(connection, tx, ct, $"INSERT INTO {Walk} (id, depth) VALUES ($1, 0)", nodeId);
            await Execute(connection, tx, ct,
                $"INSERT INTO {Walk} (id, depth) SELECT DISTINCT e.target_id, 0 FROM {Edges} e WHERE e.source_id = $1 AND e.kind = 'HasColumn' AND e.target_id <> $1",
                nodeId);
            var expand =
                $"INSERT INTO {Walk} (id, depth) SELECT DISTINCT e.{to}, $1 + 1 FROM {Walk} w JOIN {Edges} e ON e.{from} = w.id" +
                $" WHERE w.depth = $1 AND e.kind <> 'HasColumn' AND ($2 OR w.depth = 0 OR w.id NOT LIKE 'dataset:%')" +
                $" AND NOT EXISTS (SELECT 1 FROM {Walk} v WHERE v.id = e.{to})";
            for (int depth = 0; depth < maxDepth; depth++)
                if (await Execute(connection, tx, ct, expand, depth, startsAtDataset) == 0) break;

            var hits = new List<ImpactHit>();
            await using (var cmd = connection.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText =
                    $"SELECT n.id, n.kind, n.name, n.parent, n.first_seen, n.last_seen, n.seen_count, w.depth" +
                    $" FROM {Walk} w JOIN {Nodes} n ON n.id = w.id WHERE w.depth > 0 ORDER BY w.depth, n.id";
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct)) hits.Add(new ImpactHit(ReadNode(r, 0), Convert.ToInt32(r.GetValue(7))));
            }
            await Execute(connection, tx, ct, $"DELETE FROM {Walk}");
            await tx.CommitAsync(ct);
            return hits;
        }
        catch
        {
            await tx.RollbackAsync(CancellationToken.None);
            throw;
        }
    }

    private LineageNode ReadNode(DbDataReader r, int o) =>
        new(r.GetString(o), Enum.Parse<LineageNodeKind>(r.GetString(o + 1)), r.GetString(o + 2), r.IsDBNull(o + 3) ? null : r.GetString(o + 3),
            fromDb(r.GetValue(o + 4)), fromDb(r.GetValue(o + 5)), Convert.ToInt64(r.GetValue(o + 6)));
}
