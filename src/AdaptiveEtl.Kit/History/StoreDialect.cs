using System.Data.Common;
using DuckDB.NET.Data;
using Npgsql;

namespace AdaptiveEtl.Kit.History;

/// <summary>
/// The few places where DuckDB and PostgreSQL differ for the run-history store: how a connection is opened, column
/// types, how a bound parameter is written in SQL and how timestamps travel. Everything else is shared ADO.NET code.
/// </summary>
internal abstract class StoreDialect
{
    /// <summary>Engine name for messages.</summary>
    public abstract string Name { get; }

    /// <summary>Column type of a UTC instant.</summary>
    public abstract string TimestampType { get; }

    /// <summary>Column type of a 64-bit float.</summary>
    public abstract string DoubleType { get; }

    /// <summary>Opens a connection.</summary>
    public abstract DbConnection Open(string connectionString);

    /// <summary>How parameter <paramref name="name"/> is referenced in SQL text.</summary>
    public abstract string Marker(string name);

    /// <summary>Statement run first in the schema-creation transaction to serialise it between sessions, or null when the engine needs none.</summary>
    public virtual string? SchemaLockSql => null;

    /// <summary>True when a failed transaction may be re-run from the start (deadlock or serialization failure).</summary>
    public virtual bool IsRetryable(Exception e) => false;

    /// <summary>The value bound for an instant (both engines take a UTC <see cref="DateTime"/>).</summary>
    public object ToDb(DateTimeOffset value) => value.UtcDateTime;

    /// <summary>Reads an instant back; DuckDB's TIMESTAMP comes back unspecified, PostgreSQL's TIMESTAMPTZ as UTC.</summary>
    public static DateTimeOffset FromDb(object value) => value switch
    {
        DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
        DateTimeOffset dto => dto.ToUniversalTime(),
        _ => throw new InvalidCastException($"unexpected timestamp value of type {value.GetType().Name}"),
    };

    /// <summary>DuckDB (embedded, file or <c>:memory:</c>).</summary>
    public sealed class DuckDb : StoreDialect
    {
        /// <inheritdoc />
        public override string Name => "DuckDB";
        /// <inheritdoc />
        public override string TimestampType => "TIMESTAMP"; // stored as UTC wall time; no ICU time-zone dependency
        /// <inheritdoc />
        public override string DoubleType => "DOUBLE";
        /// <inheritdoc />
        public override DbConnection Open(string connectionString)
        {
            var c = new DuckDBConnection(connectionString);
            c.Open();
            return c;
        }
        /// <inheritdoc />
        public override string Marker(string name) => "$" + name;
    }

    /// <summary>PostgreSQL through Npgsql.</summary>
    public sealed class Postgres : StoreDialect
    {
        /// <inheritdoc />
        public override string Name => "PostgreSQL";
        /// <inheritdoc />
        public override string TimestampType => "TIMESTAMPTZ";
        /// <inheritdoc />
        public override string DoubleType => "DOUBLE PRECISION";
        /// <inheritdoc />
        public override DbConnection Open(string connectionString)
        {
            var c = new NpgsqlConnection(connectionString);
            c.Open();
            return c;
        }
        /// <inheritdoc />
        public override string Marker(string name) => "@" + name;
        /// <inheritdoc />
        public override string? SchemaLockSql => Data.PostgresConcurrency.SchemaLockSql;
        /// <inheritdoc />
        public override bool IsRetryable(Exception e) => Data.PostgresConcurrency.IsRetryable(e);
    }
}
