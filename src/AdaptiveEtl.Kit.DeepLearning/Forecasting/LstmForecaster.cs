using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Forecasting;
using AdaptiveEtl.Kit.Forecasting.Statistics;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaptiveEtl.Kit.DeepLearning.Forecasting;

/// <summary>
/// A windowed LSTM forecaster on TorchSharp. The network reads the last <see cref="LstmOptions.Lookback"/> observations
/// (target and regressors, z-scored) and predicts the next value, seeing the regressors of that step too (known future
/// covariates from <see cref="ForecastOptions.FutureExogenous"/>); longer horizons are forecast recursively, feeding each
/// prediction back into the window, so one fitted model serves any horizon.
/// </summary>
/// <remarks>
/// <para>Training: Adam on mean squared error, mini-batches shuffled with the seed, gradient norm clipped at 1, early stopping
/// on a chronological validation split (the last <see cref="LstmOptions.ValidationFraction"/> of the windows) restoring the
/// best weights. Progress is reported per epoch and kept in <see cref="History"/>.</para>
/// <para>Intervals: the predictive distribution is simulated as in Zhu and Laptev, "Deep and Confident Prediction for Time
/// Series at Uber" (ICDM Workshops 2017, arXiv:1709.01907): model uncertainty by Monte-Carlo dropout (Gal and Ghahramani
/// 2016; dropout stays active while sampling) plus inherent noise estimated on the held-out validation windows. Instead of
/// their Gaussian noise term the one-step validation residuals are bootstrapped, and each sampled value is fed back into the
/// window (simulation of sample paths, Hyndman and Athanasopoulos, FPP3 §5.5), so intervals widen with the horizon.
/// Quantile heads were not chosen because the quantiles a caller asks for are only known at forecast time.
/// The point forecast is the deterministic (dropout off) recursion; intervals and quantiles come from
/// <see cref="ForecastResult.FromSamples"/>.</para>
/// <para>Determinism: with the same seed, options, data and thread count, training and forecasts are identical on the CPU.</para>
/// </remarks>
public sealed class LstmForecaster : ForecasterBase, IDisposable
{
    /// <summary>Windows the training needs at least (besides the lookback), so that a split and a few batches exist.</summary>
    public const int MinimumWindows = 8;

    /// <summary>
    /// Weight initialisation and dropout draw from torch's process-wide generator, so seeded training and sampling are only
    /// reproducible when no other LSTM uses it meanwhile: fits and forecasts of this class run one at a time per process.
    /// </summary>
    private static readonly Lock TorchGenerator = new();

    private LstmNetwork? network;
    private Device? device;
    private SeriesScaler? scaler;
    private double[][]? tail;
    private double[]? residuals;
    private string[]? exogenousNames;
    private DateTimeOffset? lastTimestamp;
    private TimestampStep? timestampStep;
    private string seriesName = "";
    private int observations;

    /// <summary>Creates an unfitted forecaster.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public LstmForecaster(LstmOptions? options = null)
    {
        Options = options ?? new LstmOptions();
        Options.Validate();
    }

    /// <summary>The hyper-parameters.</summary>
    public LstmOptions Options { get; }

    /// <inheritdoc />
    public override string Name => "LSTM";

    /// <inheritdoc />
    public override bool IsFitted => network is not null;

    /// <inheritdoc />
    public override ForecasterCapabilities Capabilities => ForecasterCapabilities.Exogenous | ForecasterCapabilities.PredictionIntervals;

    /// <summary>Per-epoch losses of the last fit, or null before fitting.</summary>
    public LstmTrainingHistory? History { get; private set; }

    /// <summary>The bootstrap pool of one-step residuals (original units) that the intervals add as inherent noise.</summary>
    public IReadOnlyList<double> NoiseResiduals =>
        residuals is null || scaler is null ? [] : residuals.Select(r => r * scaler.Scales[0]).ToArray();

    /// <inheritdoc />
    protected override IForecaster FitCore(TimeSeries series) => Fit(series, progress: null);

    /// <summary>Fits the network, reporting the losses after every epoch.</summary>
    /// <param name="series">The series; its <see cref="TimeSeries.Exogenous"/> regressors become inputs.</param>
    /// <param name="progress">Receives one <see cref="LstmEpochProgress"/> per epoch, or null.</param>
    /// <param name="cancellationToken">Stops training between epochs.</param>
    /// <returns>This instance.</returns>
    /// <exception cref="KitDataException">The series has fewer than <see cref="LstmOptions.Lookback"/> + <see cref="MinimumWindows"/> observations, or training diverged.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; the forecaster keeps its previous state.</exception>
    public LstmForecaster Fit(TimeSeries series, IProgress<LstmEpochProgress>? progress, CancellationToken cancellationToken = default)
    {
        CheckFit(series);
        int lookback = Options.Lookback;
        series.RequireLength(lookback + MinimumWindows, $"LSTM with lookback {lookback.ToString(CultureInfo.InvariantCulture)} (lookback + {MinimumWindows} windows)");

        int n = series.Length, k = series.Exogenous?.GetLength(1) ?? 0, features = 1 + k;
        int windows = n - lookback;
        int validation = Options.ValidationFraction > 0 ? Math.Max(1, (int)Math.Round(windows * Options.ValidationFraction)) : 0;
        int training = windows - validation;

        // Scale with statistics of the observations the training windows see, so validation data does not leak into them.
        var fittedScaler = SeriesScaler.Fit(series.Values, series.Exogenous, lookback + training);
        var scaled = new double[n][];
        for (int i = 0; i < n; i++)
        {
            scaled[i] = new double[features];
            scaled[i][0] = fittedScaler.Scale(series.Values[i], 0);
            for (int j = 0; j < k; j++) scaled[i][1 + j] = fittedScaler.Scale(series.Exogenous![i, j], 1 + j);
        }

        var targetDevice = ResolveDevice(Options.Device);
        using var exclusive = TorchGenerator.EnterScope();
        TorchRuntime.Seed(Options.Seed);
        var net = new LstmNetwork(features, k, Options.HiddenSize, Options.Layers, Options.Dropout);
        net.to(targetDevice);

        using var allWindows = WindowTensor(scaled, lookback, 0, windows, targetDevice);
        using var allFuture = FutureTensor(scaled, lookback, 0, windows, k, targetDevice);
        using var allTargets = TargetTensor(scaled, lookback, 0, windows, targetDevice);

        var epochs = new List<LstmEpochProgress>();
        Dictionary<string, Tensor>? best = null;
        bool stoppedEarly = false;
        try
        {
            using var optimizer = optim.Adam(net.parameters(), Options.LearningRate);
            var shuffle = new Random(Options.Seed);
            double bestLoss = double.PositiveInfinity;
            int sinceBest = 0;
            var order = Enumerable.Range(0, training).ToArray();
            for (int epoch = 1; epoch <= Options.Epochs; epoch++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                net.train();
                shuffle.Shuffle(order);
                double sum = 0;
                for (int start = 0; start < training; start += Options.BatchSize)
                {
                    using var scope = NewDisposeScope();
                    int count = Math.Min(Options.BatchSize, training - start);
                    var index = tensor(order.AsSpan(start, count).ToArray().Select(i => (long)i).ToArray(), device: targetDevice);
                    optimizer.zero_grad();
                    var prediction = net.call(allWindows.index_select(0, index), allFuture.index_select(0, index));
                    var loss = nn.functional.mse_loss(prediction, allTargets.index_select(0, index));
                    loss.backward();
                    nn.utils.clip_grad_norm_(net.parameters(), 1.0);
                    optimizer.step();
                    sum += loss.item<float>() * count;
                }
                double trainLoss = sum / training;
                if (!double.IsFinite(trainLoss))
                    throw new KitDataException($"LSTM training diverged at epoch {epoch} (training loss {trainLoss}); lower LstmOptions.LearningRate (now {Options.LearningRate}) or check the series for extreme outliers.", series.Name);

                double? validationLoss = validation > 0 ? MeanSquaredError(net, allWindows, allFuture, allTargets, training, validation) : null;
                bool isBest = validationLoss is null || validationLoss < bestLoss;
                if (isBest)
                {
                    bestLoss = validationLoss ?? bestLoss;
                    sinceBest = 0;
                    if (validationLoss is not null)
                    {
                        DisposeState(best);
                        best = CloneState(net);
                    }
                }
                else sinceBest++;

                var report = new LstmEpochProgress(epoch, Options.Epochs, trainLoss, validationLoss, isBest);
                epochs.Add(report);
                progress?.Report(report);
                if (validation > 0 && sinceBest >= Options.Patience && epoch < Options.Epochs)
                {
                    stoppedEarly = true;
                    break;
                }
            }
            if (best is not null) net.load_state_dict(best);
        }
        catch
        {
            net.Dispose();
            throw;
        }
        finally
        {
            DisposeState(best);
        }

        // Inherent noise: one-step residuals on the held-out windows (Zhu & Laptev 2017); with fewer than 10 of them, all windows.
        net.eval();
        int residualStart = validation >= 10 ? training : 0, residualCount = validation >= 10 ? validation : windows;
        double[] fittedResiduals;
        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            var prediction = net.call(allWindows.narrow(0, residualStart, residualCount), allFuture.narrow(0, residualStart, residualCount));
            var error = allTargets.narrow(0, residualStart, residualCount) - prediction;
            fittedResiduals = error.cpu().data<float>().Select(v => (double)v).ToArray();
        }

        network?.Dispose();
        network = net;
        device = targetDevice;
        scaler = fittedScaler;
        tail = scaled.Skip(n - lookback).ToArray();
        residuals = fittedResiduals;
        exogenousNames = series.ExogenousNames?.ToArray();
        seriesName = series.Name;
        observations = n;
        lastTimestamp = series.Timestamps?[^1];
        timestampStep = TimestampStep.Of(series.Timestamps); // calendar months for month/quarter/year regular histories
        History = new LstmTrainingHistory(epochs, stoppedEarly);
        return this;
    }

    /// <inheritdoc />
    /// <exception cref="KitDataException">The model has regressors and <see cref="ForecastOptions.FutureExogenous"/> is missing or malformed.</exception>
    protected override ForecastResult ForecastCore(int horizon, ForecastOptions options)
    {
        if (horizon <= 0) throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "The forecast horizon must be at least 1 step.");
        if (network is null || scaler is null || tail is null || residuals is null || device is null)
            throw new InvalidOperationException("The LSTM forecaster is not fitted; call Fit(series) first.");
        var future = ScaledFuture(horizon, options.FutureExogenous);
        int seed = options.Seed ?? Options.Seed;
        int lookback = Options.Lookback, features = tail[0].Length, paths = Options.SamplePaths;

        using var exclusive = TorchGenerator.EnterScope();
        var point = new double[horizon];
        var samples = new double[paths, horizon];
        try
        {
            using (no_grad())
            {
                network.eval();
                Simulate(1, horizon, future, sampling: false, rng: null, (path, step, value) => point[step] = value);

                TorchRuntime.Seed(seed);
                var rng = new Random(seed);
                if (Options.Dropout > 0) network.train(); // Monte-Carlo dropout: keep dropout active while sampling.
                Simulate(paths, horizon, future, sampling: true, rng, (path, step, value) => samples[path, step] = value);
            }
        }
        finally
        {
            network.eval();
        }

        // as every core forecaster: the caller's future timestamps, else calendar steps or the median spacing after the history
        IReadOnlyList<DateTimeOffset>? stamps = options.FutureTimestamps is { } given
            ? FutureTimestamps.Given(given, lastTimestamp, horizon, seriesName)
            : lastTimestamp is { } last && timestampStep is { } step ? step.After(last, horizon) : null;
        return ForecastResult.FromSamples(Name, seriesName, samples, options, stamps, point);

        void Simulate(int count, int steps, double[][] futureRows, bool sampling, Random? rng, Action<int, int, double> record)
        {
            var window = new float[count * lookback * features];
            for (int p = 0; p < count; p++)
                for (int t = 0; t < lookback; t++)
                    for (int f = 0; f < features; f++)
                        window[(p * lookback + t) * features + f] = (float)tail![t][f];
            int k = features - 1;
            for (int s = 0; s < steps; s++)
            {
                float[] next;
                using (var scope = NewDisposeScope())
                {
                    var input = tensor(window, [count, lookback, features], device: device);
                    var futureInput = tensor(Enumerable.Range(0, count).SelectMany(_ => futureRows[s].Select(v => (float)v)).ToArray(), [count, k], device: device);
                    next = network!.call(input, futureInput).cpu().data<float>().ToArray();
                }
                for (int p = 0; p < count; p++)
                {
                    double value = next[p];
                    if (sampling) value += residuals![rng!.Next(residuals.Length)];
                    record(p, s, scaler!.Unscale(value, 0));
                    int offset = p * lookback * features;
                    Array.Copy(window, offset + features, window, offset, (lookback - 1) * features);
                    int row = offset + (lookback - 1) * features;
                    window[row] = (float)value;
                    for (int j = 0; j < k; j++) window[row + 1 + j] = (float)futureRows[s][j];
                }
            }
        }
    }

    /// <inheritdoc />
    public override string Describe()
    {
        if (!IsFitted) return $"LSTM (not fitted): lookback {Options.Lookback}, hidden {Options.HiddenSize} x {Options.Layers} layer(s), dropout {Options.Dropout.ToString(CultureInfo.InvariantCulture)}.";
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"LSTM on '{seriesName}' ({observations} observations");
        if (exogenousNames is { Length: > 0 }) sb.Append(CultureInfo.InvariantCulture, $", regressors: {string.Join(", ", exogenousNames)}");
        sb.Append(CultureInfo.InvariantCulture, $"): lookback {Options.Lookback}, hidden {Options.HiddenSize} x {Options.Layers} layer(s), dropout {Options.Dropout}, ");
        var h = History!;
        var bestEpoch = h.Epochs.FirstOrDefault(e => e.Epoch == h.BestEpoch);
        sb.Append(CultureInfo.InvariantCulture, $"trained {h.Epochs.Count} of {Options.Epochs} epochs{(h.StoppedEarly ? " (early stopping)" : "")}, kept epoch {h.BestEpoch}");
        if (bestEpoch?.ValidationLoss is { } v) sb.Append(CultureInfo.InvariantCulture, $" (validation MSE {v:G4} in scaled units)");
        sb.Append(CultureInfo.InvariantCulture, $" on {device}; intervals from {Options.SamplePaths} paths of MC dropout + {residuals!.Length} bootstrapped one-step residuals.");
        return sb.ToString();
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The model is not fitted.</exception>
    public override void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (network is null || scaler is null || tail is null || residuals is null || History is null)
            throw new InvalidOperationException("The LSTM forecaster is not fitted; there is nothing to save.");
        string weights;
        using (var buffer = new MemoryStream())
        {
            network.save(buffer);
            weights = Convert.ToBase64String(buffer.ToArray());
        }
        var state = new JsonObject
        {
            ["options"] = JsonSerializer.SerializeToNode(Options),
            ["series"] = seriesName,
            ["observations"] = observations,
            ["exogenousNames"] = exogenousNames is null ? null : new JsonArray(exogenousNames.Select(s => (JsonNode)s).ToArray()),
            ["scaler"] = scaler.ToJson(),
            ["tail"] = new JsonArray(tail.Select(row => (JsonNode)new JsonArray(row.Select(v => (JsonNode)v).ToArray())).ToArray()),
            ["residuals"] = new JsonArray(residuals.Select(r => (JsonNode)r).ToArray()),
            ["lastTimestamp"] = lastTimestamp?.ToString("O", CultureInfo.InvariantCulture),
            ["timestampStepTicks"] = timestampStep?.Ticks,
            ["timestampStepMonths"] = timestampStep?.Months,
            ["timestampStepDay"] = timestampStep?.Day,
            ["history"] = new JsonObject
            {
                ["stoppedEarly"] = History.StoppedEarly,
                ["epochs"] = JsonSerializer.SerializeToNode(History.Epochs),
            },
            ["weights"] = weights,
        };
        ForecasterPersistence.Write(stream, ForecasterPersistence.TypeNameOf(typeof(LstmForecaster)), state);
    }

    /// <summary>Restores a forecaster written by <see cref="Save"/> (normally called through <see cref="ForecasterPersistence.Load(Stream)"/>).</summary>
    /// <exception cref="KitDataException">The state is incomplete or its weights do not match the options.</exception>
    public static LstmForecaster FromState(JsonNode state)
    {
        ArgumentNullException.ThrowIfNull(state);
        try
        {
            var options = state["options"].Deserialize<LstmOptions>() ?? throw new KitDataException("saved LSTM has no \"options\".", "forecaster file");
            var model = new LstmForecaster(options);
            model.seriesName = state["series"]?.GetValue<string>() ?? "";
            model.observations = state["observations"]?.GetValue<int>() ?? 0;
            model.exogenousNames = state["exogenousNames"]?.AsArray().Select(n => n!.GetValue<string>()).ToArray();
            model.scaler = SeriesScaler.FromJson(Required(state, "scaler"));
            model.tail = Required(state, "tail").AsArray().Select(row => row!.AsArray().Select(v => v!.GetValue<double>()).ToArray()).ToArray();
            model.residuals = Required(state, "residuals").AsArray().Select(v => v!.GetValue<double>()).ToArray();
            model.lastTimestamp = state["lastTimestamp"]?.GetValue<string>() is { } ts ? DateTimeOffset.Parse(ts, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) : null;
            // models saved before calendar steps have ticks only: they keep stepping by their stored spacing
            model.timestampStep = state["timestampStepTicks"]?.GetValue<long>() is { } ticks
                ? new TimestampStep(ticks, state["timestampStepMonths"]?.GetValue<int>() ?? 0, state["timestampStepDay"]?.GetValue<int>() ?? 0)
                : null;
            var history = Required(state, "history");
            model.History = new LstmTrainingHistory(history["epochs"].Deserialize<LstmEpochProgress[]>() ?? [], history["stoppedEarly"]?.GetValue<bool>() ?? false);
            if (model.tail.Length != options.Lookback)
                throw new KitDataException($"saved LSTM has {model.tail.Length} tail rows but a lookback of {options.Lookback}.", "forecaster file");
            int features = model.tail[0].Length;
            var net = new LstmNetwork(features, features - 1, options.HiddenSize, options.Layers, options.Dropout);
            using (var buffer = new MemoryStream(Convert.FromBase64String(Required(state, "weights").GetValue<string>())))
                net.load(buffer);
            model.device = ResolveDevice(options.Device);
            net.to(model.device);
            net.eval();
            model.network = net;
            return model;
        }
        catch (Exception e) when (e is not KitDataException and not OutOfMemoryException)
        {
            // Malformed JSON values, bad base64, or weights whose shapes do not match the saved options.
            throw new KitDataException($"saved LSTM state is invalid: {e.Message}", "forecaster file", inner: e);
        }

        static JsonNode Required(JsonNode node, string name) =>
            node[name] ?? throw new KitDataException($"saved LSTM has no \"{name}\".", "forecaster file");
    }

    /// <summary>Releases the network's native tensors.</summary>
    public void Dispose()
    {
        network?.Dispose();
        network = null;
    }

    /// <inheritdoc />
    public override string ToString() => Describe();

    private double[][] ScaledFuture(int horizon, double[,]? future)
    {
        int k = tail![0].Length - 1;
        var rows = new double[horizon][];
        if (k == 0)
        {
            if (future is not null && future.GetLength(1) > 0)
                throw new KitDataException($"the LSTM was fitted without regressors but {future.GetLength(1)} future regressor column(s) were given; fit with TimeSeries.Exogenous to use them.", seriesName);
            for (int s = 0; s < horizon; s++) rows[s] = [];
            return rows;
        }
        var names = string.Join(", ", exogenousNames ?? []);
        if (future is null)
            throw new KitDataException($"the LSTM was fitted with regressors ({names}); pass their future values for {horizon} steps in ForecastOptions.FutureExogenous.", seriesName);
        if (future.GetLength(1) != k)
            throw new KitDataException($"ForecastOptions.FutureExogenous has {future.GetLength(1)} columns; expected {k} ({names}).", seriesName);
        if (future.GetLength(0) < horizon)
            throw new KitDataException($"ForecastOptions.FutureExogenous has {future.GetLength(0)} rows; expected at least the horizon, {horizon}.", seriesName);
        for (int s = 0; s < horizon; s++)
        {
            rows[s] = new double[k];
            for (int j = 0; j < k; j++)
            {
                if (!double.IsFinite(future[s, j]))
                    throw new KitDataException($"future regressor value {future[s, j]} is not finite.", seriesName, exogenousNames?[j], s);
                rows[s][j] = scaler!.Scale(future[s, j], 1 + j);
            }
        }
        return rows;
    }

    private static Device ResolveDevice(string? name) => name is null ? TorchRuntime.DefaultDevice : torch.device(name);

    private static Tensor WindowTensor(double[][] scaled, int lookback, int first, int count, Device device)
    {
        int features = scaled[0].Length;
        var data = new float[count * lookback * features];
        for (int w = 0; w < count; w++)
            for (int t = 0; t < lookback; t++)
                for (int f = 0; f < features; f++)
                    data[(w * lookback + t) * features + f] = (float)scaled[first + w + t][f];
        return tensor(data, [count, lookback, features], device: device);
    }

    private static Tensor FutureTensor(double[][] scaled, int lookback, int first, int count, int k, Device device)
    {
        var data = new float[count * k];
        for (int w = 0; w < count; w++)
            for (int j = 0; j < k; j++)
                data[w * k + j] = (float)scaled[first + w + lookback][1 + j];
        return tensor(data, [count, k], device: device);
    }

    private static Tensor TargetTensor(double[][] scaled, int lookback, int first, int count, Device device)
    {
        var data = new float[count];
        for (int w = 0; w < count; w++) data[w] = (float)scaled[first + w + lookback][0];
        return tensor(data, [count], device: device);
    }

    private static double MeanSquaredError(LstmNetwork net, Tensor windows, Tensor future, Tensor targets, int start, int count)
    {
        net.eval();
        using var grad = no_grad();
        using var scope = NewDisposeScope();
        var prediction = net.call(windows.narrow(0, start, count), future.narrow(0, start, count));
        return nn.functional.mse_loss(prediction, targets.narrow(0, start, count)).item<float>();
    }

    private static Dictionary<string, Tensor> CloneState(LstmNetwork net) =>
        net.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());

    private static void DisposeState(Dictionary<string, Tensor>? state)
    {
        if (state is null) return;
        foreach (var t in state.Values) t.Dispose();
    }
}
