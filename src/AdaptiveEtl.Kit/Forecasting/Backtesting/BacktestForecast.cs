namespace AdaptiveEtl.Kit.Forecasting.Backtesting;

/// <summary>One out-of-sample forecast of a backtest.</summary>
/// <param name="Origin">Training observations before the forecast (the forecast is for index Origin + Step − 1).</param>
/// <param name="Step">Horizon step, 1-based.</param>
/// <param name="Actual">The value that occurred.</param>
/// <param name="Forecast">Point forecast.</param>
/// <param name="Lower">Lower bound of the scored interval.</param>
/// <param name="Upper">Upper bound of the scored interval.</param>
/// <param name="Scale">MASE scale of the training window (in-sample seasonal naive MAE).</param>
public sealed record BacktestForecast(int Origin, int Step, double Actual, double Forecast, double Lower, double Upper, double Scale)
{
    /// <summary>Actual − forecast.</summary>
    public double Residual => Actual - Forecast;
}
