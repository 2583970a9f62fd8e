using System.Text.Json.Serialization;

namespace AdaptiveEtl.Kit.Synthesis.Feedback;

/// <summary>What the bandit knows about one arm.</summary>
/// <param name="Arm">The configuration.</param>
/// <param name="Alpha">Beta posterior α (1 + Bernoulli successes).</param>
/// <param name="Beta">Beta posterior β (1 + Bernoulli failures).</param>
/// <param name="Pulls">Times the arm was played.</param>
/// <param name="RewardSum">Sum of the observed rewards.</param>
public sealed record ArmStatistics(AugmentationArm Arm, double Alpha, double Beta, int Pulls, double RewardSum)
{
    /// <summary>Mean observed reward (NaN before the first pull).</summary>
    [JsonIgnore]
    public double MeanReward => Pulls == 0 ? double.NaN : RewardSum / Pulls;

    /// <summary>Posterior mean α / (α + β).</summary>
    [JsonIgnore]
    public double PosteriorMean => Alpha / (Alpha + Beta);
}
