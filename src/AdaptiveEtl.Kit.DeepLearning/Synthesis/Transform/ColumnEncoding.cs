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
    /// <summary>Kept modes (weight &gt; threshold), renormalised.</summary>
    public double[] Weights { get; set; } = [];
    public double[] Means { get; set; } = [];
    public double[] StdDevs { get; set; } = [];
    /// <summary>One-hot labels; null stands for the null category.</summary>
    public string?[] Categories { get; set; } = [];
    public int Start { get; set; }
    public int Dimension { get; set; }
}
