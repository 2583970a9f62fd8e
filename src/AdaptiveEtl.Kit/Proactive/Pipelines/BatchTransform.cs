namespace AdaptiveEtl.Kit.Proactive.Pipelines;

/// <summary>
/// The function of a C# step: maps one batch of input rows to output rows, each with one value per declared
/// <see cref="StepColumn"/>, in that order. It must not depend on which batch a row arrives in (for
/// <see cref="StepMode.RowWise"/> steps, also not on which other rows are in the batch).
/// </summary>
/// <param name="batch">The input rows.</param>
/// <returns>Output rows.</returns>
public delegate IEnumerable<object?[]> BatchTransform(DataBatch batch);
