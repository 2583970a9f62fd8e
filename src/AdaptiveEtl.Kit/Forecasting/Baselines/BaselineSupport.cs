namespace AdaptiveEtl.Kit.Forecasting.Baselines;

/// <summary>Argument checks shared by the baseline forecasters.</summary>
internal static class BaselineSupport
{
    public static void CheckForecast(string model, bool fitted, int horizon)
    {
        if (horizon <= 0) throw new ArgumentOutOfRangeException(nameof(horizon), horizon, $"{model}: the forecast horizon must be positive.");
        if (!fitted) throw new InvalidOperationException($"{model}: call Fit before Forecast.");
    }
}
