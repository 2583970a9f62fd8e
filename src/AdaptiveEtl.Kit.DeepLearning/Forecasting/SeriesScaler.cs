using System.Text.Json.Nodes;

namespace AdaptiveEtl.Kit.DeepLearning.Forecasting;

/// <summary>Standardises the target and each regressor column (z-score) with statistics of the training windows.</summary>
internal sealed class SeriesScaler
{
    public SeriesScaler(double[] means, double[] scales)
    {
        Means = means;
        Scales = scales;
    }

    /// <summary>Column 0 is the target, then the regressors.</summary>
    public double[] Means { get; }

    /// <summary>Standard deviations (1 for a constant column, so that it scales to 0).</summary>
    public double[] Scales { get; }

    public static SeriesScaler Fit(IReadOnlyList<double> values, double[,]? exogenous, int rows)
    {
        int k = exogenous?.GetLength(1) ?? 0;
        var means = new double[k + 1];
        var scales = new double[k + 1];
        for (int c = 0; c <= k; c++)
        {
            double sum = 0, sq = 0;
            for (int i = 0; i < rows; i++) sum += Get(values, exogenous, i, c);
            double mean = sum / rows;
            for (int i = 0; i < rows; i++) { double d = Get(values, exogenous, i, c) - mean; sq += d * d; }
            double sd = Math.Sqrt(sq / rows);
            means[c] = mean;
            scales[c] = sd > 1e-12 * Math.Max(1, Math.Abs(mean)) ? sd : 1.0;
        }
        return new SeriesScaler(means, scales);
    }

    public double Scale(double value, int column) => (value - Means[column]) / Scales[column];

    public double Unscale(double value, int column) => value * Scales[column] + Means[column];

    public JsonObject ToJson() => new()
    {
        ["means"] = new JsonArray(Means.Select(m => (JsonNode)m).ToArray()),
        ["scales"] = new JsonArray(Scales.Select(s => (JsonNode)s).ToArray()),
    };

    public static SeriesScaler FromJson(JsonNode node) => new(
        node["means"]!.AsArray().Select(n => n!.GetValue<double>()).ToArray(),
        node["scales"]!.AsArray().Select(n => n!.GetValue<double>()).ToArray());

    private static double Get(IReadOnlyList<double> values, double[,]? exogenous, int row, int column) =>
        column == 0 ? values[row] : exogenous![row, column - 1];
}
