using AdaptiveEtl.Kit.Triggers;

namespace AdaptiveEtl.Kit.Proactive;

/// <summary>
/// Implemented by an <see cref="IProactiveWorkload"/> that wants each refreshed trigger prediction (e.g. to plan its
/// transformation from the predicted volume); <see cref="ProactiveLoop"/> calls it after every refresh.
/// </summary>
public interface IPredictionObserver
{
    /// <summary>The pipeline's latest prediction.</summary>
    void OnPrediction(TriggerPrediction prediction);
}
