using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.DeepLearning.Synthesis.Models;
using AdaptiveEtl.Kit.DeepLearning.Synthesis.Transform;
using AdaptiveEtl.Kit.Drift;
using AdaptiveEtl.Kit.Schema;
using AdaptiveEtl.Kit.Synthesis;
using Microsoft.Data.Analysis;
using TorchSharp;

namespace AdaptiveEtl.Kit.DeepLearning.Synthesis;

/// <summary>
/// Base of the kit's deep tabular generators (<see cref="CtganSynthesizer"/>, <see cref="TvaeSynthesizer"/>): fitting
/// with progress and cancellation, seeded sampling, conditional sampling of a category or a numeric drift slice
/// (gap filling), and atomic save/load. Generated rows have the training schema and column types.
/// </summary>
/// <remarks>
/// Conditional sampling uses the generator's native condition vector: the condition span of the requested column is
/// set to the category (or to a mode of a continuous column that covers the requested bin), and that column's output
/// is set to the condition it was generated for; the other columns come from the conditional generator. Values of a
/// numeric bin are drawn from the chosen mode's normal truncated to the bin. No rejection sampling is used.
/// </remarks>
public abstract class TabularSynthesizer : ISyntheticSource
{
    /// <summary>
    /// Torch's random generator is process-wide: training and sampling hold this lock so that concurrent models
    /// (e.g. parallel tests or notebook cells) cannot interleave draws and break seeded reproducibility.
    /// </summary>
    private protected static readonly object TorchLock = new();

    private readonly List<EpochProgress> _history = [];
    private DataTransformer? _transformer;
    private ConditionalSampler? _sampler;
    private TabularData? _template;

    /// <summary>Creates an unfitted synthesizer.</summary>
    protected TabularSynthesizer(SynthesizerOptions? options)
    {
        Options = options ?? new SynthesizerOptions();
        if (Options.Epochs < 1) throw new ArgumentOutOfRangeException(nameof(options), Options.Epochs, "Epochs must be at least 1.");
        if (Options.BatchSize < 2) throw new ArgumentOutOfRangeException(nameof(options), Options.BatchSize, "BatchSize must be at least 2.");
    }

    /// <summary>Training options.</summary>
    public SynthesizerOptions Options { get; }

    /// <summary>Short name: "ctgan" or "tvae".</summary>
    public abstract string Name { get; }

    /// <summary>True once <see cref="Fit"/> completed (or the model was loaded).</summary>
    public bool IsFitted => _transformer is not null;

    /// <summary>Per-epoch losses of the last training (for loss curves).</summary>
    public IReadOnlyList<EpochProgress> LossHistory => _history;

    /// <summary>The fitted data transformer.</summary>
    /// <exception cref="InvalidOperationException">Not fitted.</exception>
    public DataTransformer Transformer => _transformer ?? throw NotFitted();

    /// <summary>Schema of the training data (and of generated rows).</summary>
    public TableSchema Schema => Transformer.Schema;

    /// <summary>
    /// The batch size, pac and epochs of the last training and what was adapted to the data (null before
    /// <see cref="Fit"/>, and for models saved before plans were recorded).
    /// </summary>
    public TrainingPlan? Plan { get; private set; }

    /// <summary>CTGAN's pac the networks are built with: the plan's, else the options'.</summary>
    private protected int EffectivePac => Plan?.Pac ?? Options.Pac;

    /// <summary>Fewest training rows this model accepts.</summary>
    public abstract int MinimumRows { get; }

    /// <summary>
    /// Trains on <paramref name="data"/>. On failure or cancellation the synthesizer stays unfitted (and nothing is written).
    /// </summary>
    /// <param name="data">Training rows (mask sensitive columns first).</param>
    /// <param name="schema">Column kinds (default: <see cref="TableSchema.Infer"/>); text columns are refused.</param>
    /// <param name="progress">Receives losses after each epoch.</param>
    /// <param name="cancellationToken">Checked before every step.</param>
    /// <exception cref="KitDataException">Too few rows, a text column, or unreadable values.</exception>
    public void Fit(DataFrame data, TableSchema? schema = null, IProgress<EpochProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var table = TabularData.FromFrame(data, schema);
        if (table.RowCount < MinimumRows)
            throw new KitDataException($"{Name} needs at least {MinimumRows} training rows (2 × pac and at least one batch); got {table.RowCount}.", table.Schema.Name);
        _transformer = null;
        _history.Clear();
        lock (TorchLock) FitLocked(table, progress, cancellationToken);
    }

    private void FitLocked(TabularData table, IProgress<EpochProgress>? progress, CancellationToken cancellationToken)
    {
        torch.set_num_threads(Options.Threads);
        TorchRuntime.Seed(Options.Seed);
        var random = new Random(Options.Seed);
        var transformer = DataTransformer.Fit(table);
        var encoded = transformer.Transform(table, random);
        var sampler = new ConditionalSampler(transformer, encoded, table.RowCount);
        var history = new List<EpochProgress>();
        var previousPlan = Plan;
        var plan = TrainingPlan.For(Name, Options, table.RowCount);
        var reporter = new Progress(history, progress, plan.Notices);
        Plan = plan;
        try
        {
            Train(transformer, sampler, encoded, plan, random, reporter, cancellationToken);
        }
        catch
        {
            Plan = previousPlan;
            ResetModel();
            throw;
        }
        _history.AddRange(history);
        _template = table.Take([]);
        _sampler = sampler;
        _transformer = transformer;
    }

    /// <summary>Draws <paramref name="rows"/> synthetic rows (unconditional: conditions drawn with the training frequencies).</summary>
    public DataFrame Sample(int rows, int seed = 0) => Decode(rows, seed, (n, random) => Sampler.SampleOriginal(n, random), null).ToFrame();

    /// <inheritdoc cref="ISyntheticSource.Sample"/>
    DataFrame ISyntheticSource.Sample(int rows, int seed) => Sample(rows, seed);

    /// <summary>Draws rows whose <paramref name="column"/> equals <paramref name="category"/> (CTGAN's conditional generation).</summary>
    /// <exception cref="KitDataException">The column cannot be conditioned on, or the category never appeared in training (names both).</exception>
    public DataFrame SampleWhere(string column, string category, int rows, int seed = 0)
    {
        var span = Transformer.ConditionSpanFor(column);
        if (span.IsModes) throw new KitDataException("is numeric; condition on a numeric bin with SampleSlice(new DriftSlice(column, null, lower, upper, …)).", Schema.Name, column);
        var k = CategoryIndex(span, category);
        return Decode(rows, seed, (n, _) => OneHot(n, span, _ => k), (span, _ => k)).ToFrame();
    }

    /// <summary>
    /// Draws rows inside a drift slice: the slice's category, or values in its numeric bin [lower, upper) generated
    /// under the mixture modes that cover the bin (mode chosen ∝ weight × mass of the mode inside the bin).
    /// </summary>
    /// <exception cref="KitDataException">Unknown column or category, or a bin outside the training range.</exception>
    public DataFrame SampleSlice(DriftSlice slice, int rows, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(slice);
        if (slice.Category is not null) return SampleWhere(slice.Column, slice.Category, rows, seed);
        var column = slice.Column;
        var kind = Schema[column].Kind;
        if (!TabularData.IsNumericKind(kind)) throw new KitDataException("a numeric bin was requested but the column is " + kind + "; give the slice a category.", Schema.Name, column);
        var enc = Transformer.Encoding(column);
        double lower = slice.Lower ?? double.NegativeInfinity, upper = slice.Upper ?? double.PositiveInfinity;
        if (enc.Method == "constant")
        {
            if (!(enc.Constant >= lower && enc.Constant < upper)) throw new KitDataException($"the column is constant ({enc.Constant}) in the training data; the bin [{lower}, {upper}) cannot be filled.", Schema.Name, column);
            return Decode(rows, seed, (n, r) => Sampler.SampleOriginal(n, r), null, new Dictionary<string, double[]> { [column] = Enumerable.Repeat(enc.Constant!.Value, rows).ToArray() }).ToFrame();
        }
        if (enc.Method != "gmm") throw new KitDataException("the column was all null in the training data; numeric bins cannot be filled.", Schema.Name, column);
        var p = Transformer.ModeProbabilitiesForBin(column, lower, upper);
        if (p.Sum() <= 0) throw new KitDataException($"the bin [{lower}, {upper}) lies outside the values seen in training.", Schema.Name, column);
        var random = new Random(unchecked(seed * 31 + 7919));
        var modes = Enumerable.Range(0, rows).Select(_ => Draw(p, random)).ToArray();
        var values = modes.Select(m => Transformer.SampleInBin(column, m, lower, upper, random)).ToArray();
        var overrides = new Dictionary<string, double[]> { [column] = values };
        var span = Transformer.ConditionSpans.FirstOrDefault(s => s.Column == column);
        if (span is null) // a single mode: nothing to condition on, the value is placed in the bin directly
            return Decode(rows, seed, (n, r) => Sampler.SampleOriginal(n, r), null, overrides).ToFrame();
        return Decode(rows, seed, (n, _) => OneHot(n, span, i => modes[i]), (span, i => modes[i]), overrides).ToFrame();
    }

    /// <inheritdoc cref="ISyntheticSource.SampleSlice"/>
    DataFrame ISyntheticSource.SampleSlice(DriftSlice slice, int rows, int seed) => SampleSlice(slice, rows, seed);

    /// <summary>
    /// Saves the model to a directory atomically: everything is written to a temporary sibling directory that then
    /// replaces <paramref name="directory"/>; if anything fails, the previous model (if any) is left untouched.
    /// Layout: <c>synthesizer.json</c> (kind, options, transformer, conditional frequencies, column types, loss history)
    /// and the TorchSharp weight files of the networks.
    /// </summary>
    /// <exception cref="InvalidOperationException">Not fitted.</exception>
    public void Save(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!IsFitted) throw NotFitted();
        var target = Path.GetFullPath(directory);
        var parent = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(parent);
        var tmp = Path.Combine(parent, "." + Path.GetFileName(target) + ".tmp-" + Guid.NewGuid().ToString("N"));
        var old = Path.Combine(parent, "." + Path.GetFileName(target) + ".old-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(tmp);
        try
        {
            var state = new JsonObject
            {
                ["format"] = "adaptive-etl-kit/synthesizer@1",
                ["kind"] = Name,
                ["options"] = JsonSerializer.SerializeToNode(Options),
                ["plan"] = Plan is null ? null : JsonSerializer.SerializeToNode(Plan),
                ["transformer"] = Transformer.ToJson(),
                ["conditionFrequencies"] = JsonSerializer.SerializeToNode(Sampler.Frequencies),
                ["columnTypes"] = JsonSerializer.SerializeToNode(Schema.Columns.Select(c => _template!.ColumnType(c.Name).FullName).ToArray()),
                ["dateOnly"] = JsonSerializer.SerializeToNode(Schema.Columns.Select(c => c.Kind == ColumnKind.DateTime && _template!.IsDateOnly(c.Name)).ToArray()),
                ["lossHistory"] = JsonSerializer.SerializeToNode(_history, NonFiniteJson),
            };
            File.WriteAllText(Path.Combine(tmp, "synthesizer.json"), state.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            lock (TorchLock) SaveNetworks(tmp);
            if (Directory.Exists(target)) Directory.Move(target, old);
            Directory.Move(tmp, target);
        }
        catch
        {
            if (Directory.Exists(tmp)) Directory.Delete(tmp, true);
            if (!Directory.Exists(target) && Directory.Exists(old)) Directory.Move(old, target);
            throw;
        }
        if (Directory.Exists(old)) Directory.Delete(old, true);
    }

    /// <summary>Loads a model saved by <see cref="Save"/> (CTGAN or TVAE, whichever was saved).</summary>
    /// <exception cref="KitDataException">The directory does not hold a saved synthesizer.</exception>
    public static TabularSynthesizer Load(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var file = Path.Combine(directory, "synthesizer.json");
        if (!File.Exists(file)) throw new KitDataException("no saved synthesizer here (synthesizer.json missing).", directory);
        JsonNode state;
        try
        {
            state = JsonNode.Parse(File.ReadAllText(file)) ?? throw new KitDataException("synthesizer.json is empty.", file);
        }
        catch (JsonException e)
        {
            throw new KitDataException("synthesizer.json is not valid JSON: " + e.Message, file, inner: e);
        }
        var options = state["options"].Deserialize<SynthesizerOptions>() ?? new SynthesizerOptions();
        TabularSynthesizer model = (string?)state["kind"] switch
        {
            "ctgan" => new CtganSynthesizer(options),
            "tvae" => new TvaeSynthesizer(options),
            var k => throw new KitDataException($"unknown synthesizer kind '{k}'; expected ctgan or tvae.", file),
        };
        var transformer = DataTransformer.FromJson(state["transformer"]!);
        var freq = state["conditionFrequencies"].Deserialize<double[][]>() ?? [];
        var types = (state["columnTypes"].Deserialize<string[]>() ?? []).Select(t => Type.GetType(t!) ?? typeof(string)).ToArray();
        var dateOnly = state["dateOnly"].Deserialize<bool[]>() ?? new bool[types.Length];
        model._sampler = new ConditionalSampler(transformer.ConditionSpans, freq);
        model._template = TabularData.Empty(transformer.Schema, types, dateOnly);
        model._history.AddRange(state["lossHistory"].Deserialize<List<EpochProgress>>(NonFiniteJson) ?? []);
        model.Plan = state["plan"]?.Deserialize<TrainingPlan>();
        lock (TorchLock)
        {
            model.CreateNetworks(transformer);
            model.LoadNetworks(directory);
        }
        model._transformer = transformer;
        return model;
    }

    /// <summary>Trains the networks (called by <see cref="Fit"/>; report each epoch to <paramref name="progress"/>).</summary>
    private protected abstract void Train(DataTransformer transformer, ConditionalSampler sampler, float[] data, TrainingPlan plan, Random random, IProgress<EpochProgress> progress, CancellationToken cancellationToken);

    /// <summary>Generates <c>n</c> activated rows (row-major n × OutputDimension) for the given condition vectors.</summary>
    private protected abstract float[] Generate(float[] cond, int n);

    /// <summary>Creates untrained networks of the right shape (before loading weights).</summary>
    private protected abstract void CreateNetworks(DataTransformer transformer);

    /// <summary>Writes the network weights into a directory.</summary>
    private protected abstract void SaveNetworks(string directory);

    /// <summary>Reads the network weights from a directory.</summary>
    private protected abstract void LoadNetworks(string directory);

    /// <summary>Drops the networks after a failed training.</summary>
    private protected abstract void ResetModel();

    private protected ConditionalSampler Sampler => _sampler ?? throw NotFitted();

    private TabularData Decode(int rows, int seed, Func<int, Random, float[]> conditions, (ConditionSpan Span, Func<int, int> Category)? force, IReadOnlyDictionary<string, double[]>? overrides = null)
    {
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "Row count must not be negative.");
        lock (TorchLock) return DecodeLocked(rows, seed, conditions, force, overrides);
    }

    private TabularData DecodeLocked(int rows, int seed, Func<int, Random, float[]> conditions, (ConditionSpan Span, Func<int, int> Category)? force, IReadOnlyDictionary<string, double[]>? overrides)
    {
        var transformer = Transformer;
        torch.set_num_threads(Options.Threads);
        TorchRuntime.Seed(seed);
        var random = new Random(seed);
        var d = transformer.OutputDimension;
        var all = new float[(long)rows * d];
        var chunk = Math.Max(Options.BatchSize, 1);
        for (var done = 0; done < rows; done += chunk)
        {
            var n = Math.Min(chunk, rows - done);
            var offset = done;
            // A forced condition is per absolute row; otherwise the condition function draws one per row of the chunk.
            var cond = force is { } f ? OneHot(n, f.Span, i => f.Category(offset + i)) : conditions(n, random);
            var generated = Generate(cond, n);
            Array.Copy(generated, 0, all, (long)done * d, generated.Length);
        }
        if (force is { } g)
        {
            for (var r = 0; r < rows; r++)
            {
                var start = (long)r * d + g.Span.DataStart;
                for (var k = 0; k < g.Span.Length; k++) all[start + k] = 0;
                all[start + g.Category(r)] = 1;
            }
        }
        return transformer.InverseTransform(all, rows, _template!, overrides);
    }

    private float[] OneHot(int n, ConditionSpan span, Func<int, int> category)
    {
        var dim = Sampler.Dimension;
        var cond = new float[n * dim];
        for (var i = 0; i < n; i++) cond[i * dim + span.CondStart + category(i)] = 1;
        return cond;
    }

    private int CategoryIndex(ConditionSpan span, string category)
    {
        var kind = Schema[span.Column].Kind;
        for (var k = 0; k < span.Length; k++)
        {
            var label = span.Labels[k];
            if (label is null) continue;
            if (label == category || (kind == ColumnKind.Boolean && string.Equals(label, category, StringComparison.OrdinalIgnoreCase))) return k;
        }
        throw new KitDataException($"category '{category}' never appeared in the training data, so the generator cannot be conditioned on it; known categories: {string.Join(", ", span.Labels.Select(l => l ?? "null"))}.", Schema.Name, span.Column);
    }

    private static int Draw(double[] p, Random random)
    {
        var u = random.NextDouble();
        for (var k = 0; k < p.Length; k++) { u -= p[k]; if (u < 0) return k; }
        return Array.FindLastIndex(p, x => x > 0);
    }

    /// <summary>Loss values may be NaN or infinite after a diverging epoch; JSON keeps them as named literals.</summary>
    private static readonly JsonSerializerOptions NonFiniteJson = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private static InvalidOperationException NotFitted() => new("The synthesizer is not fitted: call Fit or Load first.");

    /// <summary>Records each epoch and forwards it; the first epoch carries the plan's notices.</summary>
    private sealed class Progress(List<EpochProgress> history, IProgress<EpochProgress>? inner, IReadOnlyList<string> notices) : IProgress<EpochProgress>
    {
        public void Report(EpochProgress value)
        {
            if (value.Epoch == 1 && notices.Count > 0) value = value with { Notices = notices };
            history.Add(value);
            inner?.Report(value);
        }
    }

    /// <summary>A stopwatch helper for epoch timing.</summary>
    private protected static double Seconds(Stopwatch watch) => watch.Elapsed.TotalSeconds;
}
