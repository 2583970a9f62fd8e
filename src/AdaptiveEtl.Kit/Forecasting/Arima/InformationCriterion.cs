namespace AdaptiveEtl.Kit.Forecasting.Arima;

/// <summary>Information criterion that automatic model selection minimises.</summary>
public enum InformationCriterion
{
    /// <summary>Akaike's criterion corrected for small samples (the default of R's auto.arima and ets).</summary>
    Aicc,

    /// <summary>Akaike's information criterion.</summary>
    Aic,

    /// <summary>Schwarz's Bayesian information criterion.</summary>
    Bic,
}
