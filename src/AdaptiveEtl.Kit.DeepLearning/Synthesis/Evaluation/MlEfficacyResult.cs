namespace AdaptiveEtl.Kit.DeepLearning.Synthesis.Evaluation;

/// <summary>Scores of a binary classifier trained on one table and tested on real held-out rows.</summary>
/// <param name="F1">F1 score of the positive class on the test rows.</param>
/// <param name="Auc">Area under the ROC curve on the test rows (0.5 when the training rows held a single class).</param>
/// <param name="PositiveClass">The label value treated as positive.</param>
/// <param name="TrainRows">Training rows used.</param>
/// <param name="TestRows">Test rows used.</param>
public sealed record MlEfficacyResult(double F1, double Auc, string PositiveClass, int TrainRows, int TestRows);
