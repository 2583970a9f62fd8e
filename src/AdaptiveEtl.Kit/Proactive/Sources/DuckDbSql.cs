using System.Data.Common;
using DuckDB.NET.Data;

namespace AdaptiveEtl.Kit.Proactive.Sources;

/// <summary>Small helpers to run generated SQL on a DuckDB connection with positional bound parameters (<c>$1</c>, <c>$2</c>…).</summary>
internal static class DuckDbSql
{
    public static DuckDBCommand Command(DuckDBConnection connection, string sql, params object?[] parameters)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var p in parameters) cmd.Parameters.Add(new DuckDBParameter(p ?? DBNull.Value));
        return cmd;
    }

    public static int Execute(DuckDBConnection connection, string sql, params object?[] parameters)
    {
        using var cmd = Command(connection, sql, parameters);
        return cmd.ExecuteNonQuery();
    }

    public static object? Scalar(DuckDBConnection connection, string sql, params object?[] parameters)
    {
        using var cmd = Command(connection, sql, parameters);
        var v = cmd.ExecuteScalar();
        return v is DBNull ? null : v;
    }

    public static long Long(DuckDBConnection connection, string sql, params object?[] parameters) => ToLong(Scalar(connection, sql, parameters));

    /// <summary>An integer result as long; DuckDB's sums are HUGEINT (<see cref="System.Numerics.BigInteger"/>).</summary>
    public static long ToLong(object? value) => value switch
    {
        null or DBNull => 0,
        System.Numerics.BigInteger b => (long)b,
        _ => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
    };

    public static List<T> Rows<T>(DuckDBConnection connection, string sql, Func<DbDataReader, T> map, params object?[] parameters)
    {
        using var cmd = Command(connection, sql, parameters);
        using var r = cmd.ExecuteReader();
        var list = new List<T>();
        while (r.Read()) list.Add(map(r));
        return list;
    }

    public static bool TableExists(DuckDBConnection connection, string table) =>
        Long(connection, "SELECT count(*) FROM duckdb_tables() WHERE table_name = $1", table) > 0;

    public static List<(string Name, string Type)> Describe(DuckDBConnection connection, string table) =>
        Rows(connection, $"DESCRIBE {AdaptiveEtl.Kit.Data.SqlIdentifier.Quote(table)}", r => (r.GetString(0), r.GetString(1)));
}
