namespace AdaptiveEtl.Kit.Proactive.Pipelines;

/// <summary>A column of a C# step's output table.</summary>
/// <param name="Name">Column name (quoted in generated DDL).</param>
/// <param name="SqlType">DuckDB type, e.g. <c>BIGINT</c>, <c>DOUBLE</c>, <c>VARCHAR</c>, <c>TIMESTAMP</c>, <c>DECIMAL(18,2)</c>.</param>
public sealed record StepColumn(string Name, string SqlType);
