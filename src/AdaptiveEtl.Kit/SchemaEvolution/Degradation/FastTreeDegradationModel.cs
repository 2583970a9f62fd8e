using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace AdaptiveEtl.Kit.SchemaEvolution.Degradation;

/// <summary>
/// Gradient-boosted decision trees (ML.NET FastTree binary classifier, Platt-calibrated probabilities) on the summary
/// <see cref="DegradationExample.Features"/>: the baseline every recurrent model is compared with.
/// </summary>
/// <remarks>When the training labels are all one class, trees cannot split: the model then predicts that class's share (0 or 1), like <see cref="ConstantDegradationModel"/>.</remarks>
public sealed class FastTreeDegradationModel : IDegradationModel
{
    private readonly MLContext ml;
    private ITransformer? model;
    private double? constant;

    /// <summary>Creates an unfitted model.</summary>
    /// <param name="trees">Number of boosted trees.</param>
    /// <param name="leaves">Leaves per tree.</param>
    /// <param name="minimumExamplesPerLeaf">Fewest training cases in a leaf.</param>
    /// <param name="seed">Seed of the learner.</param>
    public FastTreeDegradationModel(int trees = 100, int leaves = 8, int minimumExamplesPerLeaf = 5, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trees, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(leaves, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumExamplesPerLeaf, 1);
        Trees = trees;
        Leaves = leaves;
        MinimumExamplesPerLeaf = minimumExamplesPerLeaf;
        ml = new MLContext(seed);
    }

    /// <summary>Number of boosted trees.</summary>
    public int Trees { get; }

    /// <summary>Leaves per tree.</summary>
    public int Leaves { get; }

    /// <summary>Fewest training cases in a leaf.</summary>
    public int MinimumExamplesPerLeaf { get; }

    /// <inheritdoc />
    public string Name => "FastTree";

    /// <inheritdoc />
    public void Fit(IReadOnlyList<DegradationExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var labelled = examples.Where(e => e.Label is not null).ToList();
        if (labelled.Count == 0) throw new KitDataException("none of the training cases has a known label (their horizon runs past the data).", "degradation training set");
        int positives = labelled.Count(e => e.Label == true);
        if (positives == 0 || positives == labelled.Count)
        {
            model = null;
            constant = positives == 0 ? 0 : 1;
            return;
        }
        var names = FeatureNames(labelled[0].Features.Length);
        var pipeline = ml.Transforms.Concatenate("Features", names)
            .Append(ml.BinaryClassification.Trainers.FastTree(labelColumnName: "Label", featureColumnName: "Features",
                numberOfLeaves: Leaves, numberOfTrees: Trees, minimumExampleCountPerLeaf: Math.Min(MinimumExamplesPerLeaf, Math.Max(1, labelled.Count / 4))));
        model = pipeline.Fit(ToView(labelled, names));
        constant = null;
    }

    /// <inheritdoc />
    public double[] PredictProbabilities(IReadOnlyList<DegradationExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (constant is { } c) return examples.Select(_ => c).ToArray();
        if (model is null) throw new InvalidOperationException("The FastTree degradation model is not fitted; call Fit first.");
        if (examples.Count == 0) return [];
        var names = FeatureNames(examples[0].Features.Length);
        var scored = model.Transform(ToView(examples, names));
        return scored.GetColumn<float>("Probability").Select(p => (double)p).ToArray();
    }

    private static string[] FeatureNames(int count) => Enumerable.Range(0, count).Select(i => $"f{i}").ToArray();

    private static DataFrame ToView(IReadOnlyList<DegradationExample> examples, string[] names)
    {
        var columns = new List<DataFrameColumn>();
        for (int i = 0; i < names.Length; i++)
        {
            int j = i;
            columns.Add(new SingleDataFrameColumn(names[i], examples.Select(e => e.Features.Length == names.Length
                ? e.Features[j]
                : throw new KitDataException($"has {e.Features.Length} features; the model expects {names.Length}.", $"degradation case of '{e.Family}' at period {e.Period}"))));
        }
        columns.Add(new BooleanDataFrameColumn("Label", examples.Select(e => e.Label ?? false)));
        return new DataFrame(columns);
    }
}
