using System.Data.Common;
using Npgsql;

namespace AdaptiveEtl.Kit.SchemaEvolution.Controller;

/// <summary>The decision log in a PostgreSQL database (table <c>schema_decisions</c>).</summary>
public sealed class PostgresDecisionLog : SqlDecisionLog
{
    private PostgresDecisionLog(NpgsqlConnection connection) : base(connection) { }

    /// <summary>Connects and creates the table when missing.</summary>
    public static async Task<PostgresDecisionLog> OpenAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync(cancellationToken);
        var log = new PostgresDecisionLog(c);
        await log.InitializeAsync(cancellationToken);
        return log;
    }

    private protected override string CreateTableSql =>
        $"CREATE TABLE IF NOT EXISTS {TableName} (id BIGSERIAL PRIMARY KEY, logged_at TIMESTAMPTZ NOT NULL, recommendation_id TEXT NOT NULL, " +
        "kind TEXT NOT NULL, table_name TEXT NOT NULL, step TEXT NOT NULL, detail TEXT NOT NULL, figures TEXT NOT NULL)";

    private protected override string Marker(string name) => "@" + name;

    private protected override DbParameter Parameter(string name, object? value) => new NpgsqlParameter(name, value ?? DBNull.Value);
}
