using System.Globalization;
using System.Net;
using System.Text;
using AdaptiveEtl.Kit.Forecasting.Conformal;
using AdaptiveEtl.Kit.Reporting;

namespace AdaptiveEtl.Kit.Forecasting.Backtesting;

/// <summary>
/// The result of backtesting several models on one series: a leaderboard ranked by the selection metric (failed models
/// last), the chosen model, and every out-of-sample forecast (whose residuals calibrate conformal intervals).
/// </summary>
public sealed class BacktestReport : IHtmlReportable
{
    private readonly IReadOnlyDictionary<string, IReadOnlyList<BacktestForecast>> _forecasts;

    internal BacktestReport(string series, BacktestOptions options, IReadOnlyList<ModelScore> scores,
        IReadOnlyDictionary<string, IReadOnlyList<BacktestForecast>> forecasts)
    {
        Series = series;
        Options = options;
        // Stable sort: ties keep the candidates' order, so the choice is deterministic.
        Leaderboard = scores.Select((s, i) => (s, i))
            .OrderBy(z => z.s.Succeeded ? 0 : 1).ThenBy(z => z.s.Succeeded ? z.s.Metric(options.SelectBy) : 0).ThenBy(z => z.i)
            .Select(z => z.s).ToArray();
        _forecasts = forecasts;
    }

    /// <summary>Name of the series.</summary>
    public string Series { get; }

    /// <summary>Settings the backtest ran with.</summary>
    public BacktestOptions Options { get; }

    /// <summary>Models ranked by <see cref="BacktestOptions.SelectBy"/>, best first; failed models last.</summary>
    public IReadOnlyList<ModelScore> Leaderboard { get; }

    /// <summary>The best model, or null when every candidate failed.</summary>
    public ModelScore? Best => Leaderboard.FirstOrDefault(s => s.Succeeded);

    /// <summary>The score of a model by name.</summary>
    public ModelScore Score(string model) => Leaderboard.FirstOrDefault(s => s.Model == model)
        ?? throw new ArgumentException($"no model '{model}' in the backtest of {Series}; models: {string.Join(", ", Leaderboard.Select(s => s.Model))}.", nameof(model));

    /// <summary>Out-of-sample forecasts of a model, ordered by origin then step.</summary>
    public IReadOnlyList<BacktestForecast> Forecasts(string model) => _forecasts.TryGetValue(model, out var f) ? f
        : throw new ArgumentException($"no model '{model}' in the backtest of {Series}.", nameof(model));

    /// <summary>A split-conformal calibrator built from a model's out-of-sample residuals, one set per horizon step.</summary>
    /// <exception cref="KitDataException">The model failed or produced no forecast.</exception>
    public SplitConformalCalibrator Calibrator(string model)
    {
        var score = Score(model);
        var f = Forecasts(model);
        if (!score.Succeeded || f.Count == 0) throw new KitDataException($"model {model} has no backtest residuals to calibrate with ({score.Error ?? "no forecasts"}).", Series);
        return new SplitConformalCalibrator(Enumerable.Range(1, Options.Horizon)
            .Select(h => (IReadOnlyList<double>)f.Where(x => x.Step == h).Select(x => x.Residual).ToArray()).ToArray());
    }

    /// <inheritdoc />
    public string ToHtml()
    {
        var sb = new StringBuilder();
        sb.Append("<table style=\"border-collapse:collapse;font-family:sans-serif;font-size:12px\">");
        sb.Append(CultureInfo.InvariantCulture, $"<caption style=\"text-align:left;font-weight:bold\">Backtest of {WebUtility.HtmlEncode(Series)}: horizon {Options.Horizon}, step {Options.Step}, refit every {Options.RefitEvery}, ranked by {Options.SelectBy}</caption>");
        sb.Append(CultureInfo.InvariantCulture, $"<tr><th>#</th><th>model</th><th>MASE</th><th>MAE</th><th>RMSE</th><th>sMAPE %</th><th>coverage {Options.Level:P0}</th><th>width</th><th>Winkler</th><th>forecasts</th><th>fits</th><th>note</th></tr>");
        int rank = 1;
        foreach (var s in Leaderboard)
        {
            string style = s == Best ? " style=\"font-weight:bold;background:#eef6ee\"" : "";
            sb.Append(CultureInfo.InvariantCulture, $"<tr{style}><td>{(s.Succeeded ? rank++.ToString(CultureInfo.InvariantCulture) : "–")}</td><td>{WebUtility.HtmlEncode(s.Model)}</td>");
            foreach (var v in new[] { s.Mase, s.Mae, s.Rmse, s.Smape }) sb.Append(CultureInfo.InvariantCulture, $"<td>{v:G4}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td>{s.Coverage:P1}</td><td>{s.MeanWidth:G4}</td><td>{s.Winkler:G4}</td><td>{s.Forecasts}</td><td>{s.Fits}</td><td>{WebUtility.HtmlEncode(s.Error ?? "")}</td></tr>");
        }
        sb.Append("</table>");
        return sb.ToString();
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"Backtest of {Series}: best {Best?.Model ?? "none"} ({Options.SelectBy} {Best?.Metric(Options.SelectBy).ToString("G4", CultureInfo.InvariantCulture) ?? "n/a"})";
}
