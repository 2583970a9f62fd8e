using System.Globalization;
using System.Net;
using System.Text;
using AdaptiveEtl.Kit.Reporting;

namespace AdaptiveEtl.Kit.Forecasting.Ets;

/// <summary>
/// A fitted ETS model: its form, smoothing parameters, initial states and information criteria as R's <c>ets</c> reports
/// them (log-likelihood −½·(n·log Σe² + 2Σ log|ŷ|), i.e. without the constant terms).
/// </summary>
public sealed class EtsModel : IHtmlReportable
{
    internal EtsModel(EtsEstimator.Fit fit) => Fit = fit;

    internal EtsEstimator.Fit Fit { get; }

    /// <summary>The model form.</summary>
    public EtsSpec Spec => Fit.Spec;

    /// <summary>Level smoothing parameter α.</summary>
    public double Alpha => Fit.Parameters.Alpha;

    /// <summary>Trend smoothing parameter β (NaN without trend).</summary>
    public double Beta => Spec.Trend != EtsComponent.None ? Fit.Parameters.Beta : double.NaN;

    /// <summary>Seasonal smoothing parameter γ (NaN without season).</summary>
    public double Gamma => Spec.Season != EtsComponent.None ? Fit.Parameters.Gamma : double.NaN;

    /// <summary>Damping parameter φ (NaN when not damped).</summary>
    public double Phi => Spec.Damped ? Fit.Parameters.Phi : double.NaN;

    /// <summary>Initial states: level, growth (with trend), then m seasonal states newest first.</summary>
    public IReadOnlyList<double> InitialState => Fit.InitialState;

    /// <summary>Log-likelihood as R's ets reports it.</summary>
    public double LogLikelihood => -0.5 * Fit.Lik;

    /// <summary>Akaike's information criterion.</summary>
    public double Aic => Fit.Aic;

    /// <summary>AIC corrected for small samples (the selection criterion by default).</summary>
    public double Aicc => Fit.Aicc;

    /// <summary>Bayesian information criterion.</summary>
    public double Bic => Fit.Bic;

    /// <summary>Residual variance Σe² / (n − k) (relative errors for multiplicative-error models).</summary>
    public double Sigma2 => Fit.Sigma2;

    /// <summary>One-step in-sample forecasts.</summary>
    public IReadOnlyList<double> Fitted => Fit.Fitted;

    /// <inheritdoc />
    public string ToHtml()
    {
        var sb = new StringBuilder();
        sb.Append("<table style=\"border-collapse:collapse;font-family:sans-serif;font-size:12px\">");
        sb.Append(CultureInfo.InvariantCulture, $"<caption style=\"text-align:left;font-weight:bold\">{WebUtility.HtmlEncode(Spec.ToString())}</caption>");
        void Row(string name, double value) => sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{name}</td><td>{value:G6}</td></tr>");
        Row("alpha", Alpha);
        if (Spec.Trend != EtsComponent.None) Row("beta", Beta);
        if (Spec.Season != EtsComponent.None) Row("gamma", Gamma);
        if (Spec.Damped) Row("phi", Phi);
        Row("sigma^2", Sigma2);
        Row("log likelihood", LogLikelihood);
        Row("AIC", Aic);
        Row("AICc", Aicc);
        Row("BIC", Bic);
        sb.Append("</table>");
        return sb.ToString();
    }

    /// <summary>One paragraph: form, parameters, criteria.</summary>
    public override string ToString()
    {
        var parts = new List<string> { string.Create(CultureInfo.InvariantCulture, $"alpha = {Alpha:G4}") };
        if (Spec.Trend != EtsComponent.None) parts.Add(string.Create(CultureInfo.InvariantCulture, $"beta = {Beta:G4}"));
        if (Spec.Season != EtsComponent.None) parts.Add(string.Create(CultureInfo.InvariantCulture, $"gamma = {Gamma:G4}"));
        if (Spec.Damped) parts.Add(string.Create(CultureInfo.InvariantCulture, $"phi = {Phi:G4}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"{Spec}: {string.Join(", ", parts)}; sigma^2 = {Sigma2:G5}, log likelihood = {LogLikelihood:F2}, AIC = {Aic:F2}, AICc = {Aicc:F2}, BIC = {Bic:F2}.");
    }
}
