using System.Text.Json;
using MathNet.Numerics.Distributions;

namespace AdaptiveEtl.Kit.Synthesis.Feedback;

/// <summary>
/// Thompson sampling over augmentation configurations with rewards in [0, 1] (e.g. the F1 or AUC of a downstream
/// model on real held-out data). Each arm has a Beta(α, β) posterior; a reward r is turned into a Bernoulli trial with
/// success probability r (Agrawal &amp; Goyal 2012, "Analysis of Thompson Sampling for the Multi-armed Bandit Problem",
/// COLT, Algorithm 2), so the posterior stays conjugate. <see cref="SelectArm"/> draws θ_i ~ Beta(α_i, β_i) and plays
/// the argmax. The state (arms, posteriors, chosen configuration) persists as JSON, written atomically.
/// </summary>
public sealed class ThompsonSamplingBandit
{
    private readonly ArmStatistics[] _arms;
    private readonly int _seed;
    private Random _random;

    /// <summary>Creates a bandit with uniform Beta(1, 1) priors.</summary>
    /// <exception cref="ArgumentException">No arms, or two equal arms.</exception>
    public ThompsonSamplingBandit(IEnumerable<AugmentationArm> arms, int seed = 0)
        : this(arms.Select(a => new ArmStatistics(a, 1, 1, 0, 0)).ToArray(), seed, 0)
    {
    }

    private ThompsonSamplingBandit(ArmStatistics[] arms, int seed, int steps)
    {
        if (arms.Length == 0) throw new ArgumentException("The bandit needs at least one arm.", nameof(arms));
        if (arms.Select(a => a.Arm).Distinct().Count() != arms.Length) throw new ArgumentException("Arms must be distinct.", nameof(arms));
        _arms = arms;
        _seed = seed;
        Steps = steps;
        _random = new Random(unchecked(seed * 1_000_003 + steps));
    }

    /// <summary>Posterior state per arm, in the order given.</summary>
    public IReadOnlyList<ArmStatistics> Arms => _arms;

    /// <summary>Rewards observed so far.</summary>
    public int Steps { get; private set; }

    /// <summary>The arm with the highest posterior mean among arms played at least once (the first arm before any play).</summary>
    public AugmentationArm Best => _arms.Where(a => a.Pulls > 0).OrderByDescending(a => a.PosteriorMean).Select(a => a.Arm).FirstOrDefault() ?? _arms[0].Arm;

    /// <summary>Index of the arm to play next: argmax of one posterior draw per arm.</summary>
    public int SelectArm()
    {
        var best = 0;
        var bestDraw = double.NegativeInfinity;
        for (var i = 0; i < _arms.Length; i++)
        {
            var draw = Beta.Sample(_random, _arms[i].Alpha, _arms[i].Beta);
            if (draw > bestDraw) { bestDraw = draw; best = i; }
        }
        return best;
    }

    /// <summary>Records the reward of playing arm <paramref name="arm"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The arm index is out of range or the reward is not in [0, 1].</exception>
    public void Update(int arm, double reward)
    {
        if (arm < 0 || arm >= _arms.Length) throw new ArgumentOutOfRangeException(nameof(arm), arm, $"Arm index must be in [0, {_arms.Length}).");
        if (!(reward >= 0 && reward <= 1)) throw new ArgumentOutOfRangeException(nameof(reward), reward, "Rewards must lie in [0, 1] (e.g. an F1 score or AUC).");
        var success = _random.NextDouble() < reward;
        var a = _arms[arm];
        _arms[arm] = a with { Alpha = a.Alpha + (success ? 1 : 0), Beta = a.Beta + (success ? 0 : 1), Pulls = a.Pulls + 1, RewardSum = a.RewardSum + reward };
        Steps++;
    }

    /// <summary>Writes the state and the chosen configuration (<see cref="Best"/>) as JSON, atomically (temp file + rename).</summary>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var state = new State(_seed, Steps, Best, _arms.ToList());
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            File.WriteAllText(tmp, JsonSerializer.Serialize(state, JsonOptions));
            File.Move(tmp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>Reads a state written by <see cref="Save"/>.</summary>
    /// <exception cref="KitDataException">The file is missing or not a bandit state.</exception>
    public static ThompsonSamplingBandit Load(string path)
    {
        if (!File.Exists(path)) throw new KitDataException("bandit state file not found.", path);
        State? state;
        try
        {
            state = JsonSerializer.Deserialize<State>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new KitDataException("not a bandit state (JSON with seed, steps, chosen and arms expected): " + e.Message, path, inner: e);
        }
        if (state?.Arms is not { Count: > 0 }) throw new KitDataException("the bandit state has no arms.", path);
        return new ThompsonSamplingBandit(state.Arms.ToArray(), state.Seed, state.Steps);
    }

    /// <summary>Reads only the chosen configuration from a saved state.</summary>
    public static AugmentationArm LoadChosen(string path) => Load(path).Best;

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private sealed record State(int Seed, int Steps, AugmentationArm Chosen, List<ArmStatistics> Arms);
}
