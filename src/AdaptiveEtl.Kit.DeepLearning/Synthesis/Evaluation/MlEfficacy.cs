using AdaptiveEtl.Kit.Schema;
using AdaptiveEtl.Kit.Synthesis;
using Microsoft.Data.Analysis;
using Microsoft.ML;

namespace AdaptiveEtl.Kit.DeepLearning.Synthesis.Evaluation;

/// <summary>
/// Machine-learning efficacy (Xu et al. 2019, §5.1; SDMetrics' BinaryClassification efficacy): train an ML.NET FastTree
/// binary classifier on one table (synthetic or augmented) and measure F1/AUC on real held-out rows. Numeric and
/// date-time columns are features as numbers (nulls as NaN, which FastTree treats as missing), categorical/boolean
/// columns are one-hot encoded; text columns are ignored.
/// </summary>
public static class MlEfficacy
{
    /// <summary>Trains on <paramref name="train"/> and tests on <paramref name="test"/>.</summary>
    /// <param name="train">Training rows (e.g. synthetic).</param>
    /// <param name="test">Real held-out rows.</param>
    /// <param name="label">Label column: boolean, or categorical with two values.</param>
    /// <param name="schema">Column kinds (default: inferred from <paramref name="test"/>).</param>
    /// <param name="positiveClass">Label value of the positive class (default: "true" for booleans, else the rarer class of the test rows).</param>
    /// <param name="seed">Seed of the learner.</param>
    /// <exception cref="KitDataException">The label column is missing or not binary.</exception>
    public static MlEfficacyResult Evaluate(DataFrame train, DataFrame test, string label, TableSchema? schema = null, string? positiveClass = null, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(label);
        schema ??= TableSchema.Infer(test);
        schema = new TableSchema(schema.Name, schema.Columns.Where(c => train.Columns.Any(x => x.Name == c.Name)));
        var spec = schema[label];
        if (spec.Kind is not (ColumnKind.Boolean or ColumnKind.Categorical))
            throw new KitDataException($"the label must be boolean or a two-valued category; it is {spec.Kind}.", schema.Name, label);
        var tr = TabularData.FromFrame(train, schema);
        var te = TabularData.FromFrame(test, schema);
        var classes = te.Labels(label).Concat(tr.Labels(label)).Where(x => x is not null).Distinct().ToList();
        if (classes.Count > 2) throw new KitDataException($"the label has {classes.Count} values ({string.Join(", ", classes.Take(5))}…); a binary label is expected.", schema.Name, label);
        positiveClass ??= spec.Kind == ColumnKind.Boolean ? "true" : te.Labels(label).Where(x => x is not null).GroupBy(x => x!).OrderBy(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).FirstOrDefault()
            ?? throw new KitDataException("the label column has only nulls in the test rows.", schema.Name, label);
        var ml = new MLContext(seed);
        var trainView = ToView(tr, schema, label, positiveClass);
        var testView = ToView(te, schema, label, positiveClass);
        var trainLabels = tr.Labels(label);
        if (trainLabels.All(x => x == positiveClass) || trainLabels.All(x => x != positiveClass))
            return new MlEfficacyResult(trainLabels.All(x => x == positiveClass) ? F1AllPositive(te.Labels(label), positiveClass) : 0, 0.5, positiveClass, tr.RowCount, te.RowCount);
        var features = schema.Columns.Where(c => c.Name != label && c.Kind != ColumnKind.Text).ToList();
        IEstimator<ITransformer>? pipeline = null;
        var featureNames = new List<string>();
        for (var i = 0; i < features.Count; i++)
        {
            if (TabularData.IsNumericKind(features[i].Kind)) { featureNames.Add($"f{i}"); continue; }
            var est = ml.Transforms.Categorical.OneHotEncoding($"f{i}_oh", $"f{i}");
            pipeline = pipeline is null ? est : pipeline.Append(est);
            featureNames.Add($"f{i}_oh");
        }
        var concat = ml.Transforms.Concatenate("Features", featureNames.ToArray());
        var trainer = ml.BinaryClassification.Trainers.FastTree(labelColumnName: "Label", featureColumnName: "Features", numberOfLeaves: 31, numberOfTrees: 100, minimumExampleCountPerLeaf: 10);
        var full = pipeline is null ? concat.Append(trainer) : pipeline.Append(concat).Append(trainer);
        var model = full.Fit(trainView);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(testView), "Label");
        var f1 = double.IsNaN(metrics.F1Score) ? 0 : metrics.F1Score;
        var auc = double.IsNaN(metrics.AreaUnderRocCurve) ? 0.5 : metrics.AreaUnderRocCurve;
        return new MlEfficacyResult(f1, auc, positiveClass, tr.RowCount, te.RowCount);
    }

    private static double F1AllPositive(IReadOnlyList<string?> truth, string positive)
    {
        var p = truth.Count(x => x == positive);
        return p == 0 ? 0 : 2.0 * p / (truth.Count + p);
    }

    /// <summary>A DataFrame (an ML.NET IDataView) with columns f0…: numbers as float, labels as strings, and a bool "Label".</summary>
    private static DataFrame ToView(TabularData data, TableSchema schema, string label, string positive)
    {
        var cols = new List<DataFrameColumn>();
        var features = schema.Columns.Where(c => c.Name != label && c.Kind != ColumnKind.Text).ToList();
        for (var i = 0; i < features.Count; i++)
        {
            var c = features[i];
            if (TabularData.IsNumericKind(c.Kind))
                cols.Add(new SingleDataFrameColumn($"f{i}", data.Numeric(c.Name).Select(x => x is { } v ? (float)v : float.NaN)));
            else
                cols.Add(new StringDataFrameColumn($"f{i}", data.Labels(c.Name).Select(x => x ?? "\u2205")));
        }
        cols.Add(new BooleanDataFrameColumn("Label", data.Labels(label).Select(x => x == positive)));
        return new DataFrame(cols);
    }
}
