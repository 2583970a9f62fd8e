namespace AdaptiveEtl.Kit.Proactive.Pipelines;

/// <summary>What a pipeline step executes.</summary>
public enum StepKind
{
    /// <summary>A DuckDB <c>SELECT</c> whose result becomes the output table.</summary>
    Sql,

    /// <summary>A C# function over batches of the (single) input's rows.</summary>
    CSharp,
}
