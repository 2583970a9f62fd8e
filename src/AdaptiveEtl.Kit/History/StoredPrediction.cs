namespace AdaptiveEtl.Kit.History;

/// <summary>A model and the prediction it made, as saved by <see cref="RunHistoryStore.SavePrediction"/>.</summary>
/// <param name="PredictionId">Unique id (a GUID string when created by the kit).</param>
/// <param name="Pipeline">Pipeline the prediction is for.</param>
/// <param name="CreatedAt">When the prediction was made (UTC).</param>
/// <param name="ModelName">Name of the model (or models, comma separated) used.</param>
/// <param name="ModelJson">The saved model(s) as JSON.</param>
/// <param name="PredictionJson">The prediction as JSON.</param>
public sealed record StoredPrediction(string PredictionId, string Pipeline, DateTimeOffset CreatedAt, string ModelName, string ModelJson, string PredictionJson);
