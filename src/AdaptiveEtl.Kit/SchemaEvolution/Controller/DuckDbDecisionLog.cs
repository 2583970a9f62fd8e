using System.Data.Common;
using DuckDB.NET.Data;

namespace AdaptiveEtl.Kit.SchemaEvolution.Controller;

/// <summary>The decision log in a DuckDB file (table <c>schema_decisions</c>).</summary>
public sealed class DuckDbDecisionLog : SqlDecisionLog
{
    private DuckDbDecisionLog(DuckDBConnection connection) : base(connection) { }

    /// <summary>Opens (creating the file, its folder and the table when missing) the log at <paramref name="path"/>.</summary>
    public static async Task<DuckDbDecisionLog> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (path != ":memory:")
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        }
        var c = new DuckDBConnection("Data Source=" + path);
        try { await c.OpenAsync(cancellationToken); }
        catch (DuckDBException e) { await c.DisposeAsync(); throw new KitDataException("cannot open the decision log as a DuckDB database: " + e.Message, path, inner: e); }
        var log = new DuckDbDecisionLog(c);
        await log.InitializeAsync(cancellationToken);
        return log;
    }

    private protected override string CreateTableSql =>
        $"CREATE SEQUENCE IF NOT EXISTS {TableName}_id; CREATE TABLE IF NOT EXISTS {TableName} (id BIGINT DEFAULT nextval('{TableName}_id') PRIMARY KEY, " +
        "logged_at TIMESTAMP NOT NULL, recommendation_id VARCHAR NOT NULL, kind VARCHAR NOT NULL, table_name VARCHAR NOT NULL, step VARCHAR NOT NULL, detail VARCHAR NOT NULL, figures VARCHAR NOT NULL)";

    private protected override string Marker(string name) => "$" + name;

    private protected override DbParameter Parameter(string name, object? value) => new DuckDBParameter(name, value ?? DBNull.Value);
}
