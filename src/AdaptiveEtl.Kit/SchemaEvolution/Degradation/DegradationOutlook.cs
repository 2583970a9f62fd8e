using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;

namespace AdaptiveEtl.Kit.SchemaEvolution.Degradation;

/// <summary>
/// Current degradation risk per query family, and the filter that lets only recommendations for tables of at-risk
/// families through (the "only predicted degradation above a threshold produces recommendations").
/// </summary>
public static class DegradationOutlook
{
    /// <summary>Trains <paramref name="model"/> on every labelled case and predicts each family's risk at its latest period.</summary>
    /// <exception cref="KitDataException">A series is invalid or no case has a known label.</exception>
    public static IReadOnlyList<FamilyDegradationRisk> Predict(IDegradationModel model, IReadOnlyList<FamilyPerformanceSeries> series, DegradationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(series);
        options ??= DegradationOptions.Default;
        var perFamily = series.Select(s => (Series: s, Cases: DegradationFeatureBuilder.Build(s, options))).ToList();
        model.Fit(perFamily.SelectMany(p => p.Cases).ToList());
        var risks = new List<FamilyDegradationRisk>();
        foreach (var (s, cases) in perFamily)
        {
            if (DegradationFeatureBuilder.FirstDegradedPeriod(s, options) is not null)
            {
                risks.Add(new FamilyDegradationRisk(s.Family, s.Length - 1, 1, true, s.Tables));
                continue;
            }
            if (cases.Count == 0) continue;
            double p = model.PredictProbabilities([cases[^1]])[0];
            risks.Add(new FamilyDegradationRisk(s.Family, cases[^1].Period, p, false, s.Tables));
        }
        return risks;
    }

    /// <summary>
    /// The recommendations whose table is read by a family with risk ≥ <paramref name="minimumProbability"/>
    /// (default <see cref="DegradationOptions.AlarmProbability"/> of the defaults, 0.5), in their original order.
    /// </summary>
    public static IReadOnlyList<SchemaRecommendation> Filter(IEnumerable<SchemaRecommendation> recommendations, IEnumerable<FamilyDegradationRisk> risks, double? minimumProbability = null)
    {
        ArgumentNullException.ThrowIfNull(recommendations);
        ArgumentNullException.ThrowIfNull(risks);
        double min = minimumProbability ?? DegradationOptions.Default.AlarmProbability;
        var atRisk = risks.Where(r => r.Probability >= min).SelectMany(r => r.Tables).ToHashSet();
        return recommendations.Where(r => atRisk.Contains(r.Table)).ToList();
    }
}
