using System.Globalization;

namespace AdaptiveEtl.Kit.Forecasting.Arima;

/// <summary>
/// The orders of a seasonal ARIMA(p,d,q)(P,D,Q)[m] model, written as R prints them.
/// </summary>
/// <param name="P">Non-seasonal autoregressive order p.</param>
/// <param name="D">Number of first differences d.</param>
/// <param name="Q">Non-seasonal moving-average order q.</param>
/// <param name="SeasonalP">Seasonal autoregressive order P.</param>
/// <param name="SeasonalD">Number of seasonal differences D.</param>
/// <param name="SeasonalQ">Seasonal moving-average order Q.</param>
/// <param name="Period">Seasonal period m (1 for a non-seasonal model).</param>
public sealed record ArimaOrder(int P, int D, int Q, int SeasonalP = 0, int SeasonalD = 0, int SeasonalQ = 0, int Period = 1)
{
    /// <summary>True when the model has a seasonal part.</summary>
    public bool IsSeasonal => Period > 1 && SeasonalP + SeasonalD + SeasonalQ > 0;

    /// <summary>Total number of differences d + D.</summary>
    public int TotalDifferences => D + (Period > 1 ? SeasonalD : 0);

    /// <summary>Checks that the orders are non-negative and the period is at least 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An order is negative or the period is below 1.</exception>
    public void Validate()
    {
        if (P < 0 || D < 0 || Q < 0 || SeasonalP < 0 || SeasonalD < 0 || SeasonalQ < 0)
            throw new ArgumentOutOfRangeException(nameof(P), $"ARIMA orders must be non-negative, got {this}.");
        if (Period < 1) throw new ArgumentOutOfRangeException(nameof(Period), $"The seasonal period must be at least 1, got {Period}.");
    }

    /// <summary>"ARIMA(p,d,q)" or "ARIMA(p,d,q)(P,D,Q)[m]".</summary>
    public override string ToString() => IsSeasonal
        ? string.Create(CultureInfo.InvariantCulture, $"ARIMA({P},{D},{Q})({SeasonalP},{SeasonalD},{SeasonalQ})[{Period}]")
        : string.Create(CultureInfo.InvariantCulture, $"ARIMA({P},{D},{Q})");
}
