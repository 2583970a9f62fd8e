using System.Globalization;
using System.Net;
using System.Text;
using AdaptiveEtl.Kit.Reporting;

namespace AdaptiveEtl.Kit.DeepLearning.Forecasting;

/// <summary>
/// The per-epoch losses of one <see cref="LstmForecaster"/> training run, for loss-curve charts and to judge over-fitting.
/// </summary>
public sealed class LstmTrainingHistory : IHtmlReportable
{
    /// <summary>Creates a history from its epochs.</summary>
    public LstmTrainingHistory(IEnumerable<LstmEpochProgress> epochs, bool stoppedEarly)
    {
        Epochs = epochs.ToArray();
        StoppedEarly = stoppedEarly;
    }

    /// <summary>The epochs in order.</summary>
    public IReadOnlyList<LstmEpochProgress> Epochs { get; }

    /// <summary>True when early stopping ended training before the configured number of epochs.</summary>
    public bool StoppedEarly { get; }

    /// <summary>The epoch whose weights the model kept: lowest validation loss, or the last epoch without a validation split.</summary>
    public int BestEpoch => Epochs.LastOrDefault(e => e.IsBest)?.Epoch ?? Epochs.LastOrDefault()?.Epoch ?? 0;

    /// <summary>Training losses in epoch order.</summary>
    public IReadOnlyList<double> TrainLoss => Epochs.Select(e => e.TrainLoss).ToArray();

    /// <summary>Validation losses in epoch order (NaN where there was no validation split).</summary>
    public IReadOnlyList<double> ValidationLoss => Epochs.Select(e => e.ValidationLoss ?? double.NaN).ToArray();

    /// <inheritdoc />
    public string ToHtml()
    {
        var sb = new StringBuilder();
        sb.Append("<table style=\"border-collapse:collapse;font-family:sans-serif;font-size:12px\">");
        sb.Append(CultureInfo.InvariantCulture, $"<caption style=\"text-align:left;font-weight:bold\">LSTM training: {Epochs.Count} epochs, best epoch {BestEpoch}{(StoppedEarly ? " (stopped early)" : "")}</caption>");
        sb.Append("<tr><th>epoch</th><th>train MSE</th><th>validation MSE</th><th></th></tr>");
        foreach (var e in Epochs)
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{e.Epoch}</td><td>{e.TrainLoss:G5}</td><td>{(e.ValidationLoss is { } v ? v.ToString("G5", CultureInfo.InvariantCulture) : "")}</td><td>{(e.Epoch == BestEpoch ? WebUtility.HtmlEncode("← kept") : "")}</td></tr>");
        sb.Append("</table>");
        return sb.ToString();
    }
}
