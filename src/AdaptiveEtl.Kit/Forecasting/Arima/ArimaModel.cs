using System.Globalization;
using System.Net;
using System.Text;
using AdaptiveEtl.Kit.Reporting;

namespace AdaptiveEtl.Kit.Forecasting.Arima;

/// <summary>
/// A fitted regression with ARIMA errors: orders, named coefficients (R's names: ar1, ma1, sar1, sma1, intercept, drift,
/// regressors) and information criteria computed as <c>forecast::Arima</c> reports them.
/// </summary>
public sealed class ArimaModel : IHtmlReportable
{
    internal ArimaModel(ArimaEstimator.Fit fit, IReadOnlyList<string> coefficientNames, ArimaConstant constant, int seriesLength)
    {
        Fit = fit;
        Order = fit.Order;
        Constant = constant;
        Coefficients = coefficientNames.Zip(fit.Coefficients, (k, v) => new KeyValuePair<string, double>(k, v)).ToArray();
        LogLikelihood = fit.LogLikelihood;
        int nstar = seriesLength - fit.Order.D - (fit.Order.Period > 1 ? fit.Order.SeasonalD * fit.Order.Period : 0);
        int npar = fit.Coefficients.Length + 1;
        Aic = fit.Aic ?? double.NaN;
        Bic = Aic + npar * (Math.Log(nstar) - 2);
        Aicc = Aic + 2.0 * npar * (npar + 1) / (nstar - npar - 1);
        double ss = 0;
        foreach (var e in fit.StandardizedResiduals) ss += e * e;
        Sigma2 = ss / (nstar - npar + 1);
        EffectiveLength = nstar;
    }

    internal ArimaEstimator.Fit Fit { get; }

    internal int EffectiveLength { get; }

    /// <summary>The model orders.</summary>
    public ArimaOrder Order { get; }

    /// <summary>Whether the model has an intercept (no differencing), a drift (one difference) or neither.</summary>
    public ArimaConstant Constant { get; }

    /// <summary>Estimated coefficients in R's order and naming.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Coefficients { get; }

    /// <summary>The coefficient called <paramref name="name"/> (e.g. "ma1", "sma1", "drift").</summary>
    /// <exception cref="KeyNotFoundException">The model has no such coefficient; the message lists those it has.</exception>
    public double Coefficient(string name) =>
        Coefficients.FirstOrDefault(kv => kv.Key == name) is { Key: not null } kv ? kv.Value
        : throw new KeyNotFoundException($"{Order} has no coefficient '{name}'; it has: {string.Join(", ", Coefficients.Select(c => c.Key))}.");

    /// <summary>Exact Gaussian log-likelihood (of the differenced data, as R reports it).</summary>
    public double LogLikelihood { get; }

    /// <summary>Akaike's information criterion −2 log L + 2(k + 1).</summary>
    public double Aic { get; }

    /// <summary>AIC corrected for small samples.</summary>
    public double Aicc { get; }

    /// <summary>Bayesian information criterion.</summary>
    public double Bic { get; }

    /// <summary>Innovation variance Σe² / (n* − k), as <c>forecast::Arima</c> reports it and uses for intervals.</summary>
    public double Sigma2 { get; }

    /// <summary>The value of an information criterion.</summary>
    public double Criterion(InformationCriterion ic) => ic switch
    {
        InformationCriterion.Aic => Aic,
        InformationCriterion.Bic => Bic,
        _ => Aicc,
    };

    /// <summary>R-style name, e.g. "ARIMA(0,1,1)(0,1,1)[12]" or "ARIMA(2,0,2) with non-zero mean".</summary>
    public string Name => Constant switch
    {
        ArimaConstant.Intercept => $"{Order} with non-zero mean",
        ArimaConstant.Drift => $"{Order} with drift",
        _ => Order.ToString(),
    };

    /// <inheritdoc />
    public string ToHtml()
    {
        var sb = new StringBuilder();
        sb.Append("<table style=\"border-collapse:collapse;font-family:sans-serif;font-size:12px\">");
        sb.Append(CultureInfo.InvariantCulture, $"<caption style=\"text-align:left;font-weight:bold\">{WebUtility.HtmlEncode(Name)}</caption>");
        sb.Append("<tr><th style=\"text-align:left\">coefficient</th><th>estimate</th></tr>");
        foreach (var c in Coefficients)
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{WebUtility.HtmlEncode(c.Key)}</td><td>{c.Value:G6}</td></tr>");
        sb.Append(CultureInfo.InvariantCulture, $"<tr><td>sigma^2</td><td>{Sigma2:G6}</td></tr><tr><td>log likelihood</td><td>{LogLikelihood:F2}</td></tr>");
        sb.Append(CultureInfo.InvariantCulture, $"<tr><td>AIC</td><td>{Aic:F2}</td></tr><tr><td>AICc</td><td>{Aicc:F2}</td></tr><tr><td>BIC</td><td>{Bic:F2}</td></tr>");
        sb.Append("</table>");
        return sb.ToString();
    }

    /// <summary>One paragraph: name, coefficients, σ², log-likelihood and information criteria.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(Name);
        sb.Append(": ");
        sb.AppendJoin(", ", Coefficients.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} = {c.Value:G5}")));
        if (Coefficients.Count == 0) sb.Append("no coefficients");
        sb.Append(CultureInfo.InvariantCulture, $"; sigma^2 = {Sigma2:G5}, log likelihood = {LogLikelihood:F2}, AIC = {Aic:F2}, AICc = {Aicc:F2}, BIC = {Bic:F2}.");
        return sb.ToString();
    }
}
