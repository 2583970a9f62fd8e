using AdaptiveEtl.Kit.SchemaEvolution.Degradation;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaptiveEtl.Kit.DeepLearning.SchemaEvolution;

/// <summary>
/// The recurrent degradation model: a GRU (Cho et al. 2014) reads each case's window of per-period channels
/// (<see cref="DegradationFeatureBuilder.ChannelNames"/>: latency ratio, table growth, usage ratio, lineage depth) and
/// outputs the probability that the family degrades within the horizon. Trained with Adam on binary cross-entropy,
/// positives weighted by negatives/positives because degradations are rare, gradient norm clipped at 1.
/// </summary>
/// <remarks>Deterministic on the CPU for a given seed, options and data. With a single class in the training labels the model predicts that class's share, as <see cref="FastTreeDegradationModel"/> does.</remarks>
public sealed class GruDegradationModel : IDegradationModel, IDisposable
{
    /// <summary>Initialisation and dropout draw from torch's process-wide generator: fits run one at a time per process.</summary>
    private static readonly Lock TorchGenerator = new();

    private GruDegradationNetwork? network;
    private Device? device;
    private int channels;
    private double? constant;

    /// <summary>Creates an unfitted model.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public GruDegradationModel(GruDegradationOptions? options = null)
    {
        Options = options ?? new GruDegradationOptions();
        Options.Validate();
    }

    /// <summary>The hyper-parameters.</summary>
    public GruDegradationOptions Options { get; }

    /// <inheritdoc />
    public string Name => "GRU";

    /// <summary>Mean training loss of each epoch of the last fit (empty before fitting or for a single-class fit).</summary>
    public IReadOnlyList<double> EpochLosses { get; private set; } = [];

    /// <inheritdoc />
    public void Fit(IReadOnlyList<DegradationExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var labelled = examples.Where(e => e.Label is not null).ToList();
        if (labelled.Count == 0) throw new KitDataException("none of the training cases has a known label (their horizon runs past the data).", "degradation training set");
        int positives = labelled.Count(e => e.Label == true);
        network?.Dispose();
        network = null;
        if (positives == 0 || positives == labelled.Count)
        {
            constant = positives == 0 ? 0 : 1;
            EpochLosses = [];
            return;
        }
        constant = null;
        channels = DegradationFeatureBuilder.ChannelNames.Count;
        var targetDevice = Options.Device is null ? TorchRuntime.DefaultDevice : torch.device(Options.Device);
        using var exclusive = TorchGenerator.EnterScope();
        TorchRuntime.Seed(Options.Seed);
        var net = new GruDegradationNetwork(channels, Options.HiddenSize, Options.Layers, Options.Dropout);
        net.to(targetDevice);
        var losses = new List<double>();
        try
        {
            using var windows = WindowTensor(labelled, channels, targetDevice);
            using var targets = tensor(labelled.Select(e => e.Label == true ? 1f : 0f).ToArray(), device: targetDevice);
            using var positiveWeight = tensor(new[] { (float)((labelled.Count - positives) / (double)positives) }, device: targetDevice);
            using var optimizer = optim.Adam(net.parameters(), Options.LearningRate);
            var shuffle = new Random(Options.Seed);
            var order = Enumerable.Range(0, labelled.Count).ToArray();
            for (int epoch = 0; epoch < Options.Epochs; epoch++)
            {
                net.train();
                shuffle.Shuffle(order);
                double sum = 0;
                for (int start = 0; start < order.Length; start += Options.BatchSize)
                {
                    using var scope = NewDisposeScope();
                    int count = Math.Min(Options.BatchSize, order.Length - start);
                    var index = tensor(order.AsSpan(start, count).ToArray().Select(i => (long)i).ToArray(), device: targetDevice);
                    optimizer.zero_grad();
                    var logits = net.call(windows.index_select(0, index));
                    var loss = nn.functional.binary_cross_entropy_with_logits(logits, targets.index_select(0, index), pos_weights: positiveWeight);
                    loss.backward();
                    nn.utils.clip_grad_norm_(net.parameters(), 1.0);
                    optimizer.step();
                    sum += loss.item<float>() * count;
                }
                double mean = sum / order.Length;
                if (!double.IsFinite(mean))
                    throw new KitDataException($"GRU training diverged at epoch {epoch + 1} (loss {mean}); lower GruDegradationOptions.LearningRate (now {Options.LearningRate}).", "degradation training set");
                losses.Add(mean);
            }
            net.eval();
        }
        catch
        {
            net.Dispose();
            throw;
        }
        network = net;
        device = targetDevice;
        EpochLosses = losses;
    }

    /// <inheritdoc />
    public double[] PredictProbabilities(IReadOnlyList<DegradationExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (constant is { } c) return examples.Select(_ => c).ToArray();
        if (network is null || device is null) throw new InvalidOperationException("The GRU degradation model is not fitted; call Fit first.");
        if (examples.Count == 0) return [];
        using var grad = no_grad();
        using var scope = NewDisposeScope();
        network.eval();
        var probabilities = torch.sigmoid(network.call(WindowTensor(examples, channels, device)));
        return probabilities.cpu().data<float>().Select(p => (double)p).ToArray();
    }

    /// <summary>Releases the network's native tensors.</summary>
    public void Dispose()
    {
        network?.Dispose();
        network = null;
    }

    private static Tensor WindowTensor(IReadOnlyList<DegradationExample> examples, int channels, Device device)
    {
        int length = examples[0].Window.Length;
        if (length % channels != 0) throw new KitDataException($"has a window of {length} values, not a multiple of the {channels} channels.", $"degradation case of '{examples[0].Family}' at period {examples[0].Period}");
        var data = new float[examples.Count * length];
        for (int i = 0; i < examples.Count; i++)
        {
            var w = examples[i].Window;
            if (w.Length != length) throw new KitDataException($"has a window of {w.Length} values; the other cases have {length}.", $"degradation case of '{examples[i].Family}' at period {examples[i].Period}");
            Array.Copy(w, 0, data, i * length, length);
        }
        return tensor(data, [examples.Count, length / channels, channels], device: device);
    }
}
