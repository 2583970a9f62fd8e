namespace AdaptiveEtl.Kit.DeepLearning.Synthesis;

/// <summary>
/// Training options of <see cref="Models.CtganSynthesizer"/> and <see cref="Models.TvaeSynthesizer"/>. Defaults follow
/// the CTGAN paper (Xu et al. 2019) and its reference implementation: 300 epochs, batch 500, embedding 128,
/// generator/discriminator 2 × 256, pac 10, Adam lr 2e-4, betas (0.5, 0.9), weight decay 1e-6; TVAE 2 × 128,
/// lr 1e-3, weight decay 1e-5, loss factor 2.
/// </summary>
public sealed record SynthesizerOptions
{
    /// <summary>Training epochs.</summary>
    public int Epochs { get; init; } = 300;

    /// <summary>Rows per training step (CTGAN rounds it down to a multiple of <see cref="Pac"/>; both cap it at the row count).</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>Seed of every random draw of training (torch and .NET generators).</summary>
    public int Seed { get; init; }

    /// <summary>Weight of the mode-seeking diversity penalty (Mao et al. 2019); 0 = off. CTGAN only.</summary>
    public double DiversityWeight { get; init; }

    /// <summary>Size of the noise / latent vector.</summary>
    public int EmbeddingDimension { get; init; } = 128;

    /// <summary>CTGAN: widths of the residual generator layers.</summary>
    public int[] GeneratorDimensions { get; init; } = [256, 256];

    /// <summary>CTGAN: widths of the discriminator layers.</summary>
    public int[] DiscriminatorDimensions { get; init; } = [256, 256];

    /// <summary>CTGAN: rows packed into one discriminator input (PacGAN).</summary>
    public int Pac { get; init; } = 10;

    /// <summary>CTGAN: Gumbel-softmax temperature τ.</summary>
    public double GumbelTau { get; init; } = 0.2;

    /// <summary>CTGAN: gradient-penalty weight λ of WGAN-GP.</summary>
    public double GradientPenalty { get; init; } = 10;

    /// <summary>TVAE: widths of the encoder layers.</summary>
    public int[] EncoderDimensions { get; init; } = [128, 128];

    /// <summary>TVAE: widths of the decoder layers.</summary>
    public int[] DecoderDimensions { get; init; } = [128, 128];

    /// <summary>TVAE: weight of the reconstruction term.</summary>
    public double LossFactor { get; init; } = 2;

    /// <summary>
    /// TVAE: decode each one-hot span (category, mixture mode, null indicator) by drawing from the decoder's softmax
    /// (true, default) rather than by argmax as the reference implementation does. Argmax always picks the most likely
    /// category for a latent point, so rare categories and minor modes are under-produced; drawing keeps the marginals.
    /// </summary>
    public bool SampleCategories { get; init; } = true;

    /// <summary>
    /// Adapt batch size (and CTGAN's pac) to small tables so that every epoch has about
    /// <see cref="TrainingPlan.MinimumStepsPerEpoch"/> steps (default true; see <see cref="TrainingPlan"/>). Off: the
    /// batch is only capped at the row count, as in the reference implementation.
    /// </summary>
    public bool AdaptToSmallData { get; init; } = true;

    /// <summary>Learning rate (null: 2e-4 for CTGAN, 1e-3 for TVAE).</summary>
    public double? LearningRate { get; init; }

    /// <summary>Torch intra-op threads used while training and sampling (default 1: the kit runs on shared small machines).</summary>
    public int Threads { get; init; } = 1;
}
