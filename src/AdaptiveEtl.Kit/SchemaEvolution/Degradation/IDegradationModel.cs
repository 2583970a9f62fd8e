namespace AdaptiveEtl.Kit.SchemaEvolution.Degradation;

/// <summary>
/// A model that learns from labelled <see cref="DegradationExample"/>s whether a query family will degrade within the
/// horizon. Implementations: <see cref="FastTreeDegradationModel"/> (gradient-boosted trees, ML.NET),
/// <see cref="ConstantDegradationModel"/> (the base rate, a reference), and the GRU of AdaptiveEtl.Kit.DeepLearning.
/// </summary>
public interface IDegradationModel
{
    /// <summary>Short name for tables and charts.</summary>
    string Name { get; }

    /// <summary>Trains on the examples whose label is known (unlabelled ones are ignored); replaces any earlier fit.</summary>
    /// <exception cref="KitDataException">No example has a label.</exception>
    void Fit(IReadOnlyList<DegradationExample> examples);

    /// <summary>Probability in [0, 1] that each example's family degrades within the horizon, in input order.</summary>
    /// <exception cref="InvalidOperationException">The model is not fitted.</exception>
    double[] PredictProbabilities(IReadOnlyList<DegradationExample> examples);
}
