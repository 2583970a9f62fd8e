using System.Diagnostics;
using AdaptiveEtl.Kit.DeepLearning.Synthesis.Transform;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaptiveEtl.Kit.DeepLearning.Synthesis.Models;

/// <summary>
/// TVAE (Xu et al., NeurIPS 2019, §5 "TVAE"): encoder/decoder MLPs (2 × 128), latent 128, loss =
/// loss factor (2) × reconstruction + KL(q(z|x) ‖ N(0, I)), where the reconstruction is the cross-entropy of each
/// one-hot span plus a Gaussian negative log-likelihood of each tanh offset with a learned σ (clamped to [0.01, 1]).
/// Adam lr 1e-3, weight decay 1e-5. Sampling adds N(0, σ) noise to each offset and draws each one-hot span from the
/// decoder's softmax (<see cref="SynthesizerOptions.SampleCategories"/>; the reference implementation takes the argmax).
/// </summary>
/// <remarks>
/// Conditioning (for gap filling without rejection): this TVAE is a conditional VAE (Sohn, Lee, Yan, "Learning
/// Structured Output Representation using Deep Conditional Generative Models", NeurIPS 2015). Encoder and decoder
/// also receive CTGAN's condition vector; in training each row is conditioned on its own category of one condition span
/// picked uniformly; unconditional sampling draws conditions with the training frequencies, conditional sampling sets
/// the requested category. With a zero condition weight this reduces to the paper's TVAE.
/// </remarks>
public sealed class TvaeSynthesizer : TabularSynthesizer
{
    private TvaeEncoder? _encoder;
    private TvaeDecoder? _decoder;
    private DataTransformer? _transformer;
    private int _condDim;

    /// <summary>Creates an unfitted TVAE.</summary>
    public TvaeSynthesizer(SynthesizerOptions? options = null) : base(options)
    {
    }

    /// <inheritdoc />
    public override string Name => "tvae";

    /// <inheritdoc />
    public override int MinimumRows => 10;

    private protected override void CreateNetworks(DataTransformer transformer)
    {
        _transformer = transformer;
        _condDim = transformer.ConditionDimension;
        var device = TorchRuntime.DefaultDevice;
        _encoder = new TvaeEncoder(transformer.OutputDimension + _condDim, Options.EncoderDimensions, Options.EmbeddingDimension);
        _decoder = new TvaeDecoder(Options.EmbeddingDimension + _condDim, Options.DecoderDimensions, transformer.OutputDimension);
        _encoder.to(device);
        _decoder.to(device);
    }

    private protected override void ResetModel()
    {
        _encoder?.Dispose();
        _decoder?.Dispose();
        _encoder = null;
        _decoder = null;
        _transformer = null;
    }

    private protected override void SaveNetworks(string directory)
    {
        _encoder!.save(Path.Combine(directory, "encoder.dat"));
        _decoder!.save(Path.Combine(directory, "decoder.dat"));
    }

    private protected override void LoadNetworks(string directory)
    {
        _encoder!.load(Path.Combine(directory, "encoder.dat"));
        _decoder!.load(Path.Combine(directory, "decoder.dat"));
    }

    private protected override void Train(DataTransformer transformer, ConditionalSampler sampler, float[] data, TrainingPlan plan, Random random, IProgress<EpochProgress> progress, CancellationToken cancellationToken)
    {
        ResetModel();
        CreateNetworks(transformer);
        var enc = _encoder!;
        var dec = _decoder!;
        var device = TorchRuntime.DefaultDevice;
        var dim = transformer.OutputDimension;
        var rows = plan.Rows;
        var batch = plan.BatchSize;
        using var opt = optim.Adam(enc.parameters().Concat(dec.parameters()), Options.LearningRate ?? 1e-3, weight_decay: 1e-5);
        using var all = tensor(data, [rows, dim], ScalarType.Float32, device);
        enc.train();
        dec.train();
        var steps = plan.StepsPerEpoch;
        for (var epoch = 1; epoch <= Options.Epochs; epoch++)
        {
            var watch = Stopwatch.StartNew();
            var order = Enumerable.Range(0, rows).OrderBy(_ => random.Next()).ToArray();
            double recSum = 0, klSum = 0;
            for (var step = 0; step < steps; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var guard = NativeCallGuard.Enter();
                using var scope = NewDisposeScope();
                var idx = order.Skip(step * batch).Take(batch).ToArray();
                var n = idx.Length;
                var real = all.index_select(0, tensor(idx.Select(i => (long)i).ToArray(), device: device));
                var cond = CondTensor(sampler.ConditionsOfRows(idx, random), n, device);
                var (mu, logvar) = enc.forward(Join(real, cond));
                var std = exp(TorchScalars.Mul(logvar, 0.5));
                var z = randn_like(std) * std + mu;
                var rec = dec.forward(Join(z, cond));
                var recLoss = Reconstruction(real, rec, dec.sigma, n);
                var kl = TorchScalars.Mul((TorchScalars.Add(logvar, 1) - mu.square() - logvar.exp()).sum(), -0.5 / n);
                var loss = TorchScalars.Mul(recLoss, Options.LossFactor) + kl;
                opt.zero_grad();
                loss.backward();
                opt.step();
                using (no_grad()) TorchScalars.ClampInPlace(dec.sigma, 0.01, 1.0);
                recSum += recLoss.item<float>();
                klSum += kl.item<float>();
            }
            progress.Report(new EpochProgress(epoch, Options.Epochs, new Dictionary<string, double>
            {
                ["reconstruction"] = recSum / steps,
                ["kl"] = klSum / steps,
                ["total"] = (Options.LossFactor * recSum + klSum) / steps,
            }, Seconds(watch)));
        }
    }

    /// <summary>TVAE's loss_function: Σ over offsets of (x − tanh(x̂))² / 2σ² + log σ, plus Σ of span cross-entropies; divided by the batch size.</summary>
    private Tensor Reconstruction(Tensor real, Tensor rec, Tensor sigma, int n)
    {
        var parts = new List<Tensor>();
        foreach (var span in _transformer!.Spans)
        {
            if (span.Activation == SpanActivation.Tanh)
            {
                var s = sigma[span.Start];
                var eq = real[.., span.Start] - tanh(rec[.., span.Start]);
                parts.Add((eq * eq / TorchScalars.Mul(s * s, 2)).sum());
                parts.Add(TorchScalars.Mul(log(s), n));
            }
            else
            {
                var target = real.narrow(1, span.Start, span.Length).argmax(1);
                parts.Add(nn.functional.cross_entropy(rec.narrow(1, span.Start, span.Length), target, reduction: nn.Reduction.Sum));
            }
        }
        return TorchScalars.Div(stack(parts).sum(), n);
    }

    private protected override float[] Generate(float[] cond, int n)
    {
        var dec = _decoder!;
        var device = TorchRuntime.DefaultDevice;
        dec.eval();
        using var guard = NativeCallGuard.Enter();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var z = randn([n, Options.EmbeddingDimension], device: device);
        var raw = dec.forward(Join(z, CondTensor(cond, n, device)));
        // Offsets: tanh plus Gaussian noise with the learned σ (TVAE's sampling). One-hot spans: a category drawn from the
        // decoder's softmax (SampleCategories, default) or the reference implementation's argmax.
        var parts = new List<Tensor>();
        foreach (var span in _transformer!.Spans)
        {
            var x = raw.narrow(1, span.Start, span.Length);
            if (span.Activation == SpanActivation.Tanh) parts.Add(TorchScalars.Clamp(tanh(x) + randn_like(x) * dec.sigma[span.Start], -1, 1));
            else if (Options.SampleCategories) parts.Add(nn.functional.one_hot(multinomial(nn.functional.softmax(x, 1), 1).squeeze(1), span.Length).to(ScalarType.Float32));
            else parts.Add(x);
        }
        return cat(parts, 1).cpu().data<float>().ToArray();
    }

    private Tensor CondTensor(float[] cond, int n, Device device) =>
        _condDim == 0 ? zeros([n, 0], device: device) : tensor(cond, [n, _condDim], ScalarType.Float32, device);

    private Tensor Join(Tensor a, Tensor b) => _condDim == 0 ? a.alias() : cat([a, b], 1);
}
