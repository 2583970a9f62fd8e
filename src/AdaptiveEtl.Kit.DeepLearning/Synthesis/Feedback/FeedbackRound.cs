using AdaptiveEtl.Kit.Synthesis.Feedback;

namespace AdaptiveEtl.Kit.DeepLearning.Synthesis.Feedback;

/// <summary>One round of the feedback loop.</summary>
/// <param name="Round">1-based round number.</param>
/// <param name="Arm">Configuration played.</param>
/// <param name="F1">F1 of the downstream model on the real hold-out.</param>
/// <param name="Auc">AUC of the downstream model on the real hold-out.</param>
/// <param name="Reward">Reward given to the bandit.</param>
/// <param name="SyntheticRows">Synthetic rows blended into the training stream.</param>
public sealed record FeedbackRound(int Round, AugmentationArm Arm, double F1, double Auc, double Reward, int SyntheticRows);
