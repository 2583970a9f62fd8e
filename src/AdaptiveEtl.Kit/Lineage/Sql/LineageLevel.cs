namespace AdaptiveEtl.Kit.Lineage.Sql;

/// <summary>How much lineage a statement got (<see cref="StatementLineage.Level"/>).</summary>
public enum LineageLevel
{
    /// <summary>Parsed by DuckDB's grammar and resolved: reads, writes and every output column's value and indirect sources.</summary>
    Column,
    /// <summary>
    /// DuckDB's parser rejected the statement (or its parse tree had a construct the resolver does not know), so only the
    /// tables it reads and writes were taken from the tokenizer; <see cref="StatementLineage.Columns"/> is empty.
    /// </summary>
    Table,
}
