namespace AdaptiveEtl.Kit.DeepLearning.Forecasting;

/// <summary>
/// Hyper-parameters of <see cref="LstmForecaster"/>. The defaults suit hourly or daily ETL series of a few hundred to a few
/// thousand observations on a CPU; every value is validated when the forecaster is created.
/// </summary>
public sealed record LstmOptions
{
    /// <summary>Number of past observations the network sees to predict the next one (window length), default 24.</summary>
    public int Lookback { get; init; } = 24;

    /// <summary>Units of each LSTM layer, default 32.</summary>
    public int HiddenSize { get; init; } = 32;

    /// <summary>Stacked LSTM layers, default 1.</summary>
    public int Layers { get; init; } = 1;

    /// <summary>
    /// Dropout probability in [0, 1) applied to the last hidden state (and between stacked layers), default 0.1. It also
    /// drives the Monte-Carlo dropout part of the prediction intervals; 0 leaves only the residual noise.
    /// </summary>
    public double Dropout { get; init; } = 0.1;

    /// <summary>Maximum training epochs, default 100.</summary>
    public int Epochs { get; init; } = 100;

    /// <summary>Windows per mini-batch, default 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Adam learning rate, default 0.005.</summary>
    public double LearningRate { get; init; } = 0.005;

    /// <summary>
    /// Fraction in [0, 0.5] of the windows, taken from the END of the series (chronological split), used for early stopping and
    /// to estimate the forecast noise, default 0.2. 0 trains on every window for <see cref="Epochs"/> epochs.
    /// </summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>Epochs without improvement of the validation loss before training stops (best weights are restored), default 10.</summary>
    public int Patience { get; init; } = 10;

    /// <summary>Seed of weight initialisation, batch shuffling, dropout and interval sampling, default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Torch device ("cpu", "cuda", "cuda:1"); null picks <see cref="TorchRuntime.DefaultDevice"/> (CUDA when present).</summary>
    public string? Device { get; init; }

    /// <summary>Simulated sample paths per forecast from which intervals and quantiles are read, default 200.</summary>
    public int SamplePaths { get; init; } = 200;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Lookback < 1) throw new ArgumentOutOfRangeException(nameof(Lookback), Lookback, "Lookback must be at least 1.");
        if (HiddenSize < 1) throw new ArgumentOutOfRangeException(nameof(HiddenSize), HiddenSize, "HiddenSize must be at least 1.");
        if (Layers < 1) throw new ArgumentOutOfRangeException(nameof(Layers), Layers, "Layers must be at least 1.");
        if (Dropout is < 0 or >= 1 || double.IsNaN(Dropout)) throw new ArgumentOutOfRangeException(nameof(Dropout), Dropout, "Dropout must be in [0, 1).");
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Epochs must be at least 1.");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be at least 1.");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "LearningRate must be a positive number.");
        if (ValidationFraction is < 0 or > 0.5 || double.IsNaN(ValidationFraction)) throw new ArgumentOutOfRangeException(nameof(ValidationFraction), ValidationFraction, "ValidationFraction must be in [0, 0.5].");
        if (Patience < 1) throw new ArgumentOutOfRangeException(nameof(Patience), Patience, "Patience must be at least 1.");
        if (Device is not null && !Device.StartsWith("cpu", StringComparison.OrdinalIgnoreCase) && !Device.StartsWith("cuda", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentOutOfRangeException(nameof(Device), Device, "Device must be null (automatic), \"cpu\" or \"cuda[:index]\".");
        if (SamplePaths < 10) throw new ArgumentOutOfRangeException(nameof(SamplePaths), SamplePaths, "SamplePaths must be at least 10.");
    }
}
