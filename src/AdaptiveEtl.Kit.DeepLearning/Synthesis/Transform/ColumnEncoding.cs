using AdaptiveEtl.Kit.Schema;

namespace AdaptiveEtl.Kit.DeepLearning.Synthesis.Transform;

/// <summary>The fitted encoding of one column (serialised with the transformer).</summary>
internal sealed class ColumnEncoding
{
    /// <summary>"gmm" (mode-specific normalisation), "constant", "allnull" or "onehot".</summary>
    public string Method { get; set; } = "";
    public string Name { get; set; } = "";
    public ColumnKind Kind { get; set; }
    public bool HasNulls { get; set; }
    public double Min { get; set; }
    public double Max { get; set; }
    public double? Constant { get; set; }
    public bool DateOnly { get; set; }
    /// <summary>
    /// The first <see cref="PointModes"/> modes are point masses: single values (e.g. the zeros of a zero-inflated
    /// column) encoded with offset 0 and decoded exactly; their <see cref="Means"/> hold the value.
    /// </summary>
    public int PointModes { get; set; }
    /// <summary>Kept modes (point masses first, then mixture modes of weight &gt; threshold), renormalised.</summary>
    public double[] Weights { get; set; } = [];
    public double[] Means { get; set; } = [];
    public double[] StdDevs { get; set; } = [];
    /// <summary>One-hot labels; null stands for the null category.</summary>
    public string?[] Categories { get; set; } = [];
    public int Start { get; set; }
    public int Dimension { get; set; }
}
