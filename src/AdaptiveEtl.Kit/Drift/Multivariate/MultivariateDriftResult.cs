using System.Globalization;
using System.Net;
using AdaptiveEtl.Kit.Reporting;

namespace AdaptiveEtl.Kit.Drift.Multivariate;

/// <summary>Outcome of the PCA data-reconstruction drift detector on one batch.</summary>
/// <param name="ReconstructionError">Mean Euclidean reconstruction error of the current batch (standardized feature space).</param>
/// <param name="ReferenceMean">Mean of the reference chunks' mean reconstruction errors.</param>
/// <param name="ReferenceStdDev">Standard deviation of the reference chunks' mean errors.</param>
/// <param name="Lower">Lower alert bound, mean − 3σ.</param>
/// <param name="Upper">Upper alert bound, mean + 3σ.</param>
/// <param name="Drifted">True when the current error falls outside [Lower, Upper].</param>
/// <param name="Components">Principal components kept.</param>
/// <param name="ExplainedVariance">Share of the standardized reference variance those components explain.</param>
/// <param name="Features">Input features after one-hot encoding (e.g. <c>age</c>, <c>country=DE</c>).</param>
public sealed record MultivariateDriftResult(double ReconstructionError, double ReferenceMean, double ReferenceStdDev, double Lower, double Upper,
    bool Drifted, int Components, double ExplainedVariance, IReadOnlyList<string> Features) : IHtmlReportable
{
    /// <inheritdoc />
    public string ToHtml()
    {
        string color = Drifted ? "#b71c1c" : "#1b5e20";
        return string.Create(CultureInfo.InvariantCulture,
            $"<div style=\"font-family:system-ui,sans-serif;font-size:13px;padding:8px 12px;border-left:6px solid {color}\"><b style=\"color:{color}\">{(Drifted ? "Multivariate drift" : "No multivariate drift")}</b> — "
            + $"mean reconstruction error {ReconstructionError:F4}, reference band [{Lower:F4}, {Upper:F4}] (mean {ReferenceMean:F4} ± 3σ, σ = {ReferenceStdDev:F4}); "
            + $"PCA with {Components} of {Features.Count} features' components, {ExplainedVariance:P0} of the variance. "
            + $"<div style=\"color:#666;font-size:11px\">features: {WebUtility.HtmlEncode(string.Join(", ", Features))}</div></div>");
    }

    /// <summary>Signal in [0, 1]: ½·|error − mean| / 3σ clamped, so 0.5 sits on the alert bound.</summary>
    public double Signal => ReferenceStdDev > 0
        ? Math.Clamp(0.5 * Math.Abs(ReconstructionError - ReferenceMean) / (3 * ReferenceStdDev), 0, 1)
        : (ReconstructionError == ReferenceMean ? 0 : 1);
}
