using Npgsql;

namespace AdaptiveEtl.Kit.Data;

/// <summary>
/// What the PostgreSQL stores need to be safe with several processes on one database: a transaction-scoped advisory
/// lock around schema creation (two sessions running <c>CREATE TABLE IF NOT EXISTS</c> at once on an empty database
/// collide on the <c>pg_type</c> unique index, SQLSTATE 23505) and a bounded retry of transactions PostgreSQL aborted
/// to break a deadlock (40P01) or a serialization conflict (40001) — both are safe to re-run from the start.
/// </summary>
internal static class PostgresConcurrency
{
    /// <summary>Advisory-lock key of the kit's schema creation (ASCII "AEKSCHEM"); the same in every store, so all kit DDL in a database is serialised.</summary>
    public const long SchemaLockKey = 0x41454B5343484D45;

    /// <summary>Takes the schema lock until the end of the current transaction (waits while another session holds it).</summary>
    public static readonly string SchemaLockSql = "SELECT pg_advisory_xact_lock(" + SchemaLockKey.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")";

    /// <summary>Attempts of one transaction before a deadlock or serialization failure is reported.</summary>
    public const int MaxAttempts = 5;

    /// <summary>True when <paramref name="e"/> is a deadlock or serialization failure, after which the whole transaction may simply be retried.</summary>
    public static bool IsRetryable(Exception e) =>
        e is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure };

    /// <summary>Randomised, growing pause before attempt <paramref name="attempt"/> + 1 (so that the two victims do not collide again in lock-step).</summary>
    public static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Random.Shared.Next(10, 50) * attempt);
}
