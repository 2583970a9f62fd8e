namespace AdaptiveEtl.Kit.Cli.Config;

/// <summary>Where a <see cref="TableSource"/> reads its rows.</summary>
public enum TableSourceKind
{
    /// <summary>A CSV file (header row, comma separated).</summary>
    Csv,

    /// <summary>A Parquet file, read with DuckDB's Parquet reader.</summary>
    Parquet,

    /// <summary>A table or view of a DuckDB database file (opened read-only).</summary>
    DuckDb,

    /// <summary>A table or view of a PostgreSQL database (Npgsql connection string).</summary>
    Postgres,
}
