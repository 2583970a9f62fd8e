using System.Data.Common;
using System.Text.Json;

namespace AdaptiveEtl.Kit.SchemaEvolution.Controller;

/// <summary>
/// The decision log as a store table, <c>schema_decisions</c> (id, logged_at, recommendation_id, kind, table_name, step, detail,
/// figures as JSON text), on its own connection, so a production change that rolls back never takes log lines with it.
/// <see cref="DuckDbDecisionLog"/> and <see cref="PostgresDecisionLog"/> differ only in connection, id column and markers.
/// </summary>
public abstract class SqlDecisionLog : IDecisionLog
{
    /// <summary>Name of the log table.</summary>
    public const string TableName = "schema_decisions";

    private readonly DbConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private protected SqlDecisionLog(DbConnection connection) { _connection = connection; }

    private protected abstract string CreateTableSql { get; }

    private protected abstract string Marker(string name);

    private protected abstract DbParameter Parameter(string name, object? value);

    private protected async Task InitializeAsync(CancellationToken ct)
    {
        await using var cmd = _connection.CreateCommand();
        cmd.CommandText = CreateTableSql;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <inheritdoc />
    public async Task AppendAsync(DecisionLogEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var cmd = _connection.CreateCommand();
            cmd.CommandText = $"INSERT INTO {TableName} (logged_at, recommendation_id, kind, table_name, step, detail, figures) VALUES " +
                $"({Marker("at")}, {Marker("rid")}, {Marker("kind")}, {Marker("tbl")}, {Marker("step")}, {Marker("detail")}, {Marker("fig")})";
            cmd.Parameters.Add(Parameter("at", entry.At.UtcDateTime));
            cmd.Parameters.Add(Parameter("rid", entry.RecommendationId));
            cmd.Parameters.Add(Parameter("kind", entry.Kind));
            cmd.Parameters.Add(Parameter("tbl", entry.Table));
            cmd.Parameters.Add(Parameter("step", entry.Step.ToString()));
            cmd.Parameters.Add(Parameter("detail", entry.Detail));
            cmd.Parameters.Add(Parameter("fig", JsonSerializer.Serialize(entry.Figures)));
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
        finally { _gate.Release(); }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DecisionLogEntry>> QueryAsync(string? recommendationId = null, DecisionStep? step = null, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var cmd = _connection.CreateCommand();
            var where = new List<string>();
            if (recommendationId is not null) { where.Add($"recommendation_id = {Marker("rid")}"); cmd.Parameters.Add(Parameter("rid", recommendationId)); }
            if (step is not null) { where.Add($"step = {Marker("step")}"); cmd.Parameters.Add(Parameter("step", step.Value.ToString())); }
            cmd.CommandText = $"SELECT logged_at, recommendation_id, kind, table_name, step, detail, figures FROM {TableName}" +
                (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") + " ORDER BY id";
            var list = new List<DecisionLogEntry>();
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                var at = new DateTimeOffset(DateTime.SpecifyKind(r.GetDateTime(0), DateTimeKind.Utc));
                var figures = JsonSerializer.Deserialize<Dictionary<string, double>>(r.GetString(6)) ?? [];
                list.Add(new DecisionLogEntry(at, r.GetString(1), r.GetString(2), r.GetString(3), Enum.Parse<DecisionStep>(r.GetString(4)), r.GetString(5), figures));
            }
            return list;
        }
        finally { _gate.Release(); }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await _connection.DisposeAsync();
        _gate.Dispose();
    }
}
