namespace AdaptiveEtl.Kit.DeepLearning.Synthesis.Transform;

/// <summary>
/// A one-hot block a generator can be conditioned on (CTGAN's conditional vector): the categories of a
/// categorical/boolean column, or the modes of a continuous column (used to fill numeric drift bins).
/// </summary>
/// <param name="Column">Source column name.</param>
/// <param name="DataStart">First position of the block in the transformed row vector.</param>
/// <param name="CondStart">First position of the block in the conditional vector.</param>
/// <param name="Labels">Category labels (null for the null category), or mode names "mode0", "mode1", … for continuous columns.</param>
/// <param name="IsModes">True for the modes of a continuous column.</param>
public sealed record ConditionSpan(string Column, int DataStart, int CondStart, IReadOnlyList<string?> Labels, bool IsModes)
{
    /// <summary>Number of categories/modes.</summary>
    public int Length => Labels.Count;
}
