using System.Globalization;

namespace AdaptiveEtl.Kit.SchemaEvolution.Degradation;

/// <summary>
/// The reference a learned model must beat: predicts the share of degraded cases in its training data for every case.
/// </summary>
public sealed class ConstantDegradationModel : IDegradationModel
{
    private double? rate;

    /// <inheritdoc />
    public string Name => "Constant";

    /// <summary>The learned base rate, or null before fitting.</summary>
    public double? Rate => rate;

    /// <inheritdoc />
    public void Fit(IReadOnlyList<DegradationExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var labelled = examples.Where(e => e.Label is not null).ToList();
        if (labelled.Count == 0) throw new KitDataException("none of the training cases has a known label (their horizon runs past the data).", "degradation training set");
        rate = labelled.Count(e => e.Label == true) / (double)labelled.Count;
    }

    /// <inheritdoc />
    public double[] PredictProbabilities(IReadOnlyList<DegradationExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var r = rate ?? throw new InvalidOperationException("The constant degradation model is not fitted; call Fit first.");
        return examples.Select(_ => r).ToArray();
    }

    /// <inheritdoc />
    public override string ToString() => rate is { } r ? $"Constant {r.ToString("P1", CultureInfo.InvariantCulture)}" : "Constant (not fitted)";
}
