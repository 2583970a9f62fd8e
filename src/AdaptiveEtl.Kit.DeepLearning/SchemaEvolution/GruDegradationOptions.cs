namespace AdaptiveEtl.Kit.DeepLearning.SchemaEvolution;

/// <summary>Hyper-parameters of <see cref="GruDegradationModel"/>; the defaults train in seconds on a CPU.</summary>
public sealed record GruDegradationOptions
{
    /// <summary>Units of each GRU layer, default 16.</summary>
    public int HiddenSize { get; init; } = 16;

    /// <summary>Stacked GRU layers, default 1.</summary>
    public int Layers { get; init; } = 1;

    /// <summary>Dropout probability in [0, 1) on the last hidden state, default 0.1.</summary>
    public double Dropout { get; init; } = 0.1;

    /// <summary>Training epochs, default 30.</summary>
    public int Epochs { get; init; } = 30;

    /// <summary>Cases per mini-batch, default 64.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Adam learning rate, default 0.01.</summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>Seed of initialisation, shuffling and dropout, default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Torch device ("cpu", "cuda"); null picks <see cref="TorchRuntime.DefaultDevice"/>.</summary>
    public string? Device { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (HiddenSize < 1) throw new ArgumentOutOfRangeException(nameof(HiddenSize), HiddenSize, "HiddenSize must be at least 1.");
        if (Layers < 1) throw new ArgumentOutOfRangeException(nameof(Layers), Layers, "Layers must be at least 1.");
        if (Dropout is < 0 or >= 1 || double.IsNaN(Dropout)) throw new ArgumentOutOfRangeException(nameof(Dropout), Dropout, "Dropout must be in [0, 1).");
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Epochs must be at least 1.");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be at least 1.");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "LearningRate must be a positive number.");
    }
}
