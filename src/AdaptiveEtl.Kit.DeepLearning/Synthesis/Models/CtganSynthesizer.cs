using System.Diagnostics;
using AdaptiveEtl.Kit.DeepLearning.Synthesis.Transform;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaptiveEtl.Kit.DeepLearning.Synthesis.Models;

/// <summary>
/// CTGAN (Xu, Skoularidou, Cuesta-Infante, Veeramachaneni, "Modeling Tabular Data using Conditional GAN", NeurIPS 2019)
/// on TorchSharp: conditional generator with training-by-sampling, residual generator, PacGAN critic (pac 10),
/// WGAN-GP loss (λ = 10), Gumbel-softmax (τ = 0.2) for one-hot spans and tanh for offsets, the conditional
/// cross-entropy term in the generator loss, Adam (lr 2e-4, betas 0.5/0.9, weight decay 1e-6).
/// Optional mode-seeking diversity penalty (Mao, Lee, Tseng, Ma, Yang, "Mode Seeking Generative Adversarial Networks
/// for Diverse Image Synthesis", CVPR 2019): the generator also minimises w / (mean|G(z₁,c) − G(z₂,c)| / mean|z₁ − z₂| + ε).
/// </summary>
/// <example><code>
/// var ctgan = new CtganSynthesizer(new SynthesizerOptions { Epochs = 50, Seed = 1 });
/// ctgan.Fit(frame);
/// DataFrame rows = ctgan.Sample(1000);
/// </code></example>
public sealed class CtganSynthesizer : TabularSynthesizer
{
    private CtganGenerator? _generator;
    private CtganDiscriminator? _discriminator;
    private DataTransformer? _transformer;
    private int _condDim;

    /// <summary>Creates an unfitted CTGAN.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Invalid options (pac &lt; 1, negative diversity weight…).</exception>
    public CtganSynthesizer(SynthesizerOptions? options = null) : base(options)
    {
        if (Options.Pac < 1) throw new ArgumentOutOfRangeException(nameof(options), Options.Pac, "Pac must be at least 1.");
        if (Options.BatchSize < Options.Pac) throw new ArgumentOutOfRangeException(nameof(options), Options.BatchSize, $"BatchSize must be at least Pac ({Options.Pac}).");
        if (Options.DiversityWeight < 0) throw new ArgumentOutOfRangeException(nameof(options), Options.DiversityWeight, "DiversityWeight must be ≥ 0.");
    }

    /// <inheritdoc />
    public override string Name => "ctgan";

    /// <inheritdoc />
    public override int MinimumRows => 2 * Options.Pac;

    private protected override void CreateNetworks(DataTransformer transformer)
    {
        _transformer = transformer;
        _condDim = transformer.ConditionDimension;
        var device = TorchRuntime.DefaultDevice;
        _generator = new CtganGenerator(Options.EmbeddingDimension + _condDim, Options.GeneratorDimensions, transformer.OutputDimension);
        _discriminator = new CtganDiscriminator(transformer.OutputDimension + _condDim, Options.DiscriminatorDimensions, EffectivePac);
        _generator.to(device);
        _discriminator.to(device);
    }

    private protected override void ResetModel()
    {
        _generator?.Dispose();
        _discriminator?.Dispose();
        _generator = null;
        _discriminator = null;
        _transformer = null;
    }

    private protected override void SaveNetworks(string directory)
    {
        _generator!.save(Path.Combine(directory, "generator.dat"));
        _discriminator!.save(Path.Combine(directory, "discriminator.dat"));
    }

    private protected override void LoadNetworks(string directory)
    {
        _generator!.load(Path.Combine(directory, "generator.dat"));
        _discriminator!.load(Path.Combine(directory, "discriminator.dat"));
    }

    private protected override void Train(DataTransformer transformer, ConditionalSampler sampler, float[] data, TrainingPlan plan, Random random, IProgress<EpochProgress> progress, CancellationToken cancellationToken)
    {
        ResetModel();
        CreateNetworks(transformer);
        var g = _generator!;
        var d = _discriminator!;
        var device = TorchRuntime.DefaultDevice;
        var rows = plan.Rows;
        var pac = plan.Pac;
        var batch = plan.BatchSize;
        var dim = transformer.OutputDimension;
        var lr = Options.LearningRate ?? 2e-4;
        using var optG = optim.Adam(g.parameters(), lr, 0.5, 0.9, weight_decay: 1e-6);
        using var optD = optim.Adam(d.parameters(), lr, 0.5, 0.9, weight_decay: 1e-6);
        using var all = tensor(data, [rows, dim], ScalarType.Float32, device);
        var steps = plan.StepsPerEpoch;
        g.train();
        d.train();
        for (var epoch = 1; epoch <= Options.Epochs; epoch++)
        {
            var watch = Stopwatch.StartNew();
            double lossG = 0, lossD = 0, lossDiv = 0;
            for (var step = 0; step < steps; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var guard = NativeCallGuard.Enter();
                using var scope = NewDisposeScope();
                // Critic step.
                var (c1, _, realRows) = Condition(sampler, batch, random, rows);
                var perm = Enumerable.Range(0, batch).OrderBy(_ => random.Next()).ToArray();
                var c1t = CondTensor(c1, batch, device);
                var c2t = c1t.index_select(0, tensor(perm.Select(i => (long)i).ToArray(), device: device));
                var realIdx = tensor(perm.Select(i => (long)realRows[i]).ToArray(), device: device);
                var real = all.index_select(0, realIdx);
                var z = randn([batch, Options.EmbeddingDimension], device: device);
                var fake = g.forward(Join(z, c1t));
                var fakeAct = Activate(fake).detach();
                var fakeCat = Join(fakeAct, c1t);
                var realCat = Join(real, c2t);
                var yFake = d.forward(fakeCat);
                var yReal = d.forward(realCat);
                var penalty = GradientPenalty(d, realCat, fakeCat, pac, device);
                var lossCritic = -(yReal.mean() - yFake.mean());
                optD.zero_grad();
                (lossCritic + penalty).backward();
                optD.step();

                // Generator step.
                var (gc, gm, _) = Condition(sampler, batch, random, rows);
                var gct = CondTensor(gc, batch, device);
                var z1 = randn([batch, Options.EmbeddingDimension], device: device);
                var raw = g.forward(Join(z1, gct));
                var act = Activate(raw);
                var y = d.forward(Join(act, gct));
                var ce = ConditionLoss(raw, gct, gm, sampler, batch, device);
                var lossGen = -y.mean() + ce;
                if (Options.DiversityWeight > 0)
                {
                    var z2 = randn([batch, Options.EmbeddingDimension], device: device);
                    var act2 = Activate(g.forward(Join(z2, gct)));
                    var ratio = (act - act2).abs().mean() / (z1 - z2).abs().mean();
                    var ms = TorchScalars.DivideInto(1.0, TorchScalars.Add(ratio, 1e-5));
                    lossDiv += ms.item<float>();
                    lossGen = lossGen + TorchScalars.Mul(ms, Options.DiversityWeight);
                }
                optG.zero_grad();
                lossGen.backward();
                optG.step();
                lossG += lossGen.item<float>();
                lossD += lossCritic.item<float>() + penalty.item<float>();
            }
            var losses = new Dictionary<string, double> { ["generator"] = lossG / steps, ["discriminator"] = lossD / steps };
            if (Options.DiversityWeight > 0) losses["diversity"] = lossDiv / steps;
            progress.Report(new EpochProgress(epoch, Options.Epochs, losses, Seconds(watch)));
        }
    }

    private protected override float[] Generate(float[] cond, int n)
    {
        var g = _generator!;
        var device = TorchRuntime.DefaultDevice;
        g.eval();
        using var guard = NativeCallGuard.Enter();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var z = randn([n, Options.EmbeddingDimension], device: device);
        var act = Activate(g.forward(Join(z, CondTensor(cond, n, device))));
        return act.cpu().data<float>().ToArray();
    }

    /// <summary>
    /// The quantity the mode-seeking penalty maximises, measured on <paramref name="rows"/> pairs of noise vectors under the
    /// same (training-frequency) conditions: mean |G(z₁, c) − G(z₂, c)| / mean |z₁ − z₂| on the activated outputs.
    /// </summary>
    internal double ModeSeekingRatio(int rows, int seed)
    {
        lock (TorchLock)
        {
            var g = _generator ?? throw new InvalidOperationException("The synthesizer is not fitted.");
            var device = TorchRuntime.DefaultDevice;
            TorchRuntime.Seed(seed);
            g.eval();
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            var c = CondTensor(Sampler.SampleOriginal(rows, new Random(seed)), rows, device);
            var z1 = randn([rows, Options.EmbeddingDimension], device: device);
            var z2 = randn([rows, Options.EmbeddingDimension], device: device);
            var a = Activate(g.forward(Join(z1, c)));
            var b = Activate(g.forward(Join(z2, c)));
            return ((a - b).abs().mean() / (z1 - z2).abs().mean()).item<float>();
        }
    }

    private (float[] Cond, float[] Mask, int[] Real) Condition(ConditionalSampler sampler, int batch, Random random, int rows)
    {
        if (sampler.SpanCount > 0) return sampler.SampleForTraining(batch, random);
        return ([], [], Enumerable.Range(0, batch).Select(_ => random.Next(rows)).ToArray());
    }

    private Tensor CondTensor(float[] cond, int n, Device device) =>
        _condDim == 0 ? zeros([n, 0], device: device) : tensor(cond, [n, _condDim], ScalarType.Float32, device);

    private Tensor Join(Tensor a, Tensor b) => _condDim == 0 ? a.alias() : cat([a, b], 1);

    /// <summary>tanh for offsets, Gumbel-softmax (τ) for one-hot spans (CTGAN's _apply_activate).</summary>
    private Tensor Activate(Tensor raw)
    {
        var parts = new List<Tensor>();
        foreach (var span in _transformer!.Spans)
        {
            var x = raw.narrow(1, span.Start, span.Length);
            parts.Add(span.Activation == SpanActivation.Tanh ? tanh(x) : GumbelSoftmax(x, Options.GumbelTau));
        }
        return cat(parts, 1);
    }

    /// <summary>softmax((logits + g) / τ) with g = −log(−log U), U ~ Uniform(0, 1) (Jang, Gu, Poole 2017).</summary>
    private static Tensor GumbelSoftmax(Tensor logits, double tau)
    {
        var u = TorchScalars.Clamp(rand_like(logits), 1e-10, 1 - 1e-7);
        var gumbel = -log(-log(u));
        return nn.functional.softmax(TorchScalars.Div(logits + gumbel, tau), 1);
    }

    /// <summary>WGAN-GP penalty on interpolates, one interpolation factor per pac group (CTGAN's calc_gradient_penalty).</summary>
    private Tensor GradientPenalty(CtganDiscriminator d, Tensor real, Tensor fake, int pac, Device device)
    {
        var width = real.shape[1];
        var alpha = rand([real.shape[0] / pac, 1, 1], device: device).repeat(1, pac, width).view(-1, width);
        var interpolates = (alpha * real + TorchScalars.SubtractFrom(1, alpha) * fake).detach().requires_grad_(true);
        var out1 = d.forward(interpolates);
        var grads = autograd.grad([out1], [interpolates], [ones_like(out1)], retain_graph: true, create_graph: true)[0];
        var norm = TorchScalars.Add(grads.view(-1, pac * width).norm(1, false, 2), -1);
        return TorchScalars.Mul((norm * norm).mean(), Options.GradientPenalty);
    }

    /// <summary>Cross-entropy between the generated one-hot span of the conditioned column and the condition (CTGAN's _cond_loss).</summary>
    private static Tensor ConditionLoss(Tensor raw, Tensor cond, float[] mask, ConditionalSampler sampler, int batch, Device device)
    {
        if (sampler.SpanCount == 0) return zeros(1, device: device).sum();
        var spans = new List<Tensor>();
        foreach (var s in SpansOf(sampler))
        {
            var logits = raw.narrow(1, s.DataStart, s.Length);
            var target = cond.narrow(1, s.CondStart, s.Length).argmax(1);
            spans.Add(nn.functional.cross_entropy(logits, target, reduction: nn.Reduction.None));
        }
        var loss = stack(spans, 1);
        var m = tensor(mask, [batch, sampler.SpanCount], ScalarType.Float32, device);
        return TorchScalars.Div((loss * m).sum(), batch);
    }

    private static IReadOnlyList<ConditionSpan> SpansOf(ConditionalSampler sampler) => sampler.Spans;
}
