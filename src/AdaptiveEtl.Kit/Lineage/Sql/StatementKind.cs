namespace AdaptiveEtl.Kit.Lineage.Sql;

/// <summary>The kind of SQL statement lineage was captured from.</summary>
public enum StatementKind
{
    /// <summary>A query (SELECT, WITH … SELECT, VALUES, set operations).</summary>
    Select,
    /// <summary><c>INSERT INTO t [(cols)] SELECT …</c>.</summary>
    Insert,
    /// <summary><c>CREATE [OR REPLACE] TABLE t AS SELECT …</c>.</summary>
    CreateTableAs,
    /// <summary><c>CREATE [OR REPLACE] [MATERIALIZED] VIEW v AS SELECT …</c>.</summary>
    CreateView,
    /// <summary><c>MERGE INTO t USING s ON … WHEN …</c>.</summary>
    Merge,
    /// <summary><c>UPDATE t SET … [FROM …] [WHERE …]</c>.</summary>
    Update,
    /// <summary><c>DELETE FROM t [USING …] [WHERE …]</c>.</summary>
    Delete,
}
