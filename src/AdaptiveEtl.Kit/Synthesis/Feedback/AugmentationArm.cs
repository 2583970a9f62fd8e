namespace AdaptiveEtl.Kit.Synthesis.Feedback;

/// <summary>One configuration of the augmentation the feedback loop can choose.</summary>
/// <param name="BlendRatio">Synthetic-to-real ratio of the training stream.</param>
/// <param name="DiversityWeight">Weight of the mode-seeking diversity penalty (0 = off).</param>
/// <param name="Generator">Generator name: "ctgan" or "tvae".</param>
public sealed record AugmentationArm(double BlendRatio, double DiversityWeight, string Generator)
{
    /// <inheritdoc />
    public override string ToString() => $"{Generator}, ratio {BlendRatio:0.##}, diversity {DiversityWeight:0.##}";
}
