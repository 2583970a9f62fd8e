using AdaptiveEtl.Kit.Tests.Infrastructure;
using Npgsql;

namespace AdaptiveEtl.Kit.Tests.Lineage;

/// <summary>
/// Runs lineage test statements on the real PostgreSQL server the tests start, to prove they are valid PostgreSQL and
/// to read PostgreSQL's own answer (result column names) as the reference.
/// </summary>
internal static class PostgresStatements
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new database on <paramref name="server"/> with <paramref name="ddl"/> applied; returns an open connection.</summary>
    public static async Task<NpgsqlConnection> DatabaseAsync(PostgresServer server, string name, string ddl)
    {
        var conn = new NpgsqlConnection(await server.CreateDatabaseAsync(name));
        await conn.OpenAsync(Ct);
        await using var cmd = new NpgsqlCommand(ddl, conn);
        await cmd.ExecuteNonQueryAsync(Ct);
        return conn;
    }

    /// <summary>The result column names PostgreSQL gives <paramref name="sql"/>, in its order.</summary>
    public static async Task<List<string>> ColumnNamesAsync(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var reader = await cmd.ExecuteReaderAsync(Ct);
        return Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
    }

    /// <summary>EXPLAINs <paramref name="sql"/>: PostgreSQL parses and plans it (or throws) without running it.</summary>
    public static async Task ExplainAsync(NpgsqlConnection conn, string sql)
    {
        await using var explain = new NpgsqlCommand("EXPLAIN " + sql, conn);
        await explain.ExecuteNonQueryAsync(Ct);
    }
}
