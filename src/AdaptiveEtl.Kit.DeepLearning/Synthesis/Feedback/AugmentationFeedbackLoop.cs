using AdaptiveEtl.Kit.DeepLearning.Synthesis.Evaluation;
using AdaptiveEtl.Kit.DeepLearning.Synthesis.Models;
using AdaptiveEtl.Kit.Drift;
using AdaptiveEtl.Kit.Schema;
using AdaptiveEtl.Kit.Synthesis;
using AdaptiveEtl.Kit.Synthesis.Feedback;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.DeepLearning.Synthesis.Feedback;

/// <summary>
/// Closes the loop between synthetic augmentation and a downstream model: each round a
/// <see cref="ThompsonSamplingBandit"/> picks an <see cref="AugmentationArm"/> (blend ratio, diversity weight,
/// generator); synthetic rows from that generator are blended into the training stream at that ratio (under-represented
/// drift slices first); an ML.NET FastTree classifier is trained on the augmented stream and scored on real held-out
/// rows; the score (F1 by default, or AUC) is the bandit's reward. Generators are trained once per
/// (generator, diversity weight) on the real training rows and reused.
/// </summary>
/// <example><code>
/// var loop = new AugmentationFeedbackLoop(train, holdout, "churned", arms, new SynthesizerOptions { Epochs = 5 });
/// loop.Run(6);
/// loop.Bandit.Save("../work/augmentation-choice.json");
/// </code></example>
public sealed class AugmentationFeedbackLoop
{
    private readonly DataFrame _train;
    private readonly DataFrame _holdout;
    private readonly string _label;
    private readonly TableSchema _schema;
    private readonly SynthesizerOptions _options;
    private readonly Dictionary<(string, double), TabularSynthesizer> _generators = [];
    private readonly List<FeedbackRound> _rounds = [];

    /// <summary>Creates the loop.</summary>
    /// <param name="train">Real training rows (the stream to augment; mask sensitive columns first).</param>
    /// <param name="holdout">Real held-out rows for scoring.</param>
    /// <param name="label">Binary label column of the downstream model.</param>
    /// <param name="arms">Configurations to choose from.</param>
    /// <param name="generatorOptions">Training options of the generators (epochs, batch, seed); the arm's diversity weight overrides <see cref="SynthesizerOptions.DiversityWeight"/>.</param>
    /// <param name="schema">Column kinds (default: inferred from <paramref name="train"/>).</param>
    /// <param name="seed">Seed of the bandit and the blending.</param>
    public AugmentationFeedbackLoop(DataFrame train, DataFrame holdout, string label, IEnumerable<AugmentationArm> arms, SynthesizerOptions? generatorOptions = null, TableSchema? schema = null, int seed = 0)
    {
        _train = train ?? throw new ArgumentNullException(nameof(train));
        _holdout = holdout ?? throw new ArgumentNullException(nameof(holdout));
        _label = label ?? throw new ArgumentNullException(nameof(label));
        _schema = schema ?? TableSchema.Infer(train);
        _ = _schema[label];
        _options = generatorOptions ?? new SynthesizerOptions { Epochs = 10 };
        Bandit = new ThompsonSamplingBandit(arms, seed);
        Seed = seed;
    }

    /// <summary>The bandit (its <see cref="ThompsonSamplingBandit.Best"/> is the chosen configuration).</summary>
    public ThompsonSamplingBandit Bandit { get; }

    /// <summary>Seed of blending and the downstream learner.</summary>
    public int Seed { get; }

    /// <summary>Use AUC instead of F1 as the reward.</summary>
    public bool RewardIsAuc { get; init; }

    /// <summary>Under-represented slices to fill first (e.g. from the drift monitor); empty = unconditional synthetic rows.</summary>
    public IReadOnlyList<DriftSlice> Slices { get; init; } = [];

    /// <summary>Rounds played so far.</summary>
    public IReadOnlyList<FeedbackRound> Rounds => _rounds;

    /// <summary>Plays <paramref name="rounds"/> rounds and returns them.</summary>
    public IReadOnlyList<FeedbackRound> Run(int rounds, IProgress<FeedbackRound>? progress = null, CancellationToken cancellationToken = default)
    {
        var played = new List<FeedbackRound>();
        for (var i = 0; i < rounds; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var r = RunRound(cancellationToken);
            played.Add(r);
            progress?.Report(r);
        }
        return played;
    }

    /// <summary>Plays one round: select an arm, augment, train, score, update the bandit.</summary>
    public FeedbackRound RunRound(CancellationToken cancellationToken = default)
    {
        var index = Bandit.SelectArm();
        var arm = Bandit.Arms[index].Arm;
        var round = _rounds.Count + 1;
        var augmented = _train;
        var synthetic = 0;
        if (arm.BlendRatio > 0)
        {
            var generator = GeneratorFor(arm, cancellationToken);
            var blender = new SyntheticBlender(generator, new BlendingPolicy(arm.BlendRatio, 0, arm.BlendRatio));
            var blended = blender.Blend(_train, Slices, 1.0, unchecked(Seed * 1_000_003 + round));
            synthetic = blended.SyntheticRows;
            augmented = blended.Frame;
            augmented.Columns.Remove(blender.ProvenanceColumn);
        }
        var score = MlEfficacy.Evaluate(augmented, _holdout, _label, _schema, seed: Seed);
        var reward = RewardIsAuc ? score.Auc : score.F1;
        Bandit.Update(index, Math.Clamp(reward, 0, 1));
        var result = new FeedbackRound(round, arm, score.F1, score.Auc, reward, synthetic);
        _rounds.Add(result);
        return result;
    }

    private TabularSynthesizer GeneratorFor(AugmentationArm arm, CancellationToken cancellationToken)
    {
        var key = (arm.Generator.ToLowerInvariant(), arm.DiversityWeight);
        if (_generators.TryGetValue(key, out var g)) return g;
        var options = _options with { DiversityWeight = arm.DiversityWeight };
        g = key.Item1 switch
        {
            "ctgan" => new CtganSynthesizer(options),
            "tvae" => new TvaeSynthesizer(options),
            _ => throw new KitDataException($"unknown generator '{arm.Generator}' in a bandit arm; expected ctgan or tvae."),
        };
        g.Fit(_train, _schema, cancellationToken: cancellationToken);
        _generators[key] = g;
        return g;
    }
}
