using System.Globalization;
using AdaptiveEtl.Kit.Forecasting;
using AdaptiveEtl.Kit.Forecasting.Arima;
using AdaptiveEtl.Kit.Forecasting.Conformal;
using AdaptiveEtl.Kit.Forecasting.Ets;

/// <summary>
/// Interval coverage on the hold-outs of the classic series (issue 20): the share of held-out points inside the 80 % and
/// 95 % intervals of AutoARIMA and ETS with their analytic intervals, with split-conformal intervals
/// (<see cref="ConformalForecaster"/>, h = the hold-out, as many windows as the history
/// allows up to 20) with absolute scores per step and with studentized scores (errors over the model's own σ̂, pooled over the
/// steps: <see cref="ConformalScore.Studentized"/>), and of R's auto.arima/ets on the same training data when R ran. Pooled
/// over every held-out point; with absolute scores a series whose history leaves fewer than 19 windows gets no calibrated
/// 95 % interval (it would be infinite) and is counted apart.
/// </summary>
internal static class IntervalCoverage
{
    private const int MaxWindows = 20;

    public static void Run((string Name, int Frequency)[] series, Func<string, double[]> load, Func<int, int> horizon, RResults? r)
    {
        Console.WriteLine();
        Console.WriteLine("Interval coverage on the same hold-outs (share of held-out points inside the interval; nominal 0.80 / 0.95)");
        var models = new (string Name, Func<IForecaster> Create)[] { ("AutoARIMA", () => new AutoArimaForecaster()), ("ETS", () => new EtsForecaster()) };
        var options = new ForecastOptions { Levels = [0.8, 0.95] };
        // pooled counts: [model][analytic|conformal|studentized][80|95] inside, and the points they were counted over
        var inside = new int[2, 3, 2];
        var points = new int[2, 3, 2];
        var width = new double[2, 3, 2];
        var counted = new int[2, 3, 2];
        var perSeries = new List<(int Inside, int Points)>[2, 3, 2];
        foreach (var idx in Enumerable.Range(0, 12)) perSeries[idx / 6, idx / 2 % 3, idx % 2] = [];
        int rInside80A = 0, rInside95A = 0, rInside80E = 0, rInside95E = 0, rPoints = 0;
        Console.WriteLine($"{"series",-15} {"h",3} {"win",4}  {"ARIMA 80/95",12} {"+conf",10} {"+stud",10} {"R 80/95",10}  {"ETS 80/95",12} {"+conf",10} {"+stud",10} {"R 80/95",10}");
        foreach (var (name, freq) in series)
        {
            var all = load(name);
            int h = horizon(freq);
            var train = all[..^h];
            var test = all[^h..];
            var ts = new TimeSeries(name, train, freq);
            // the earliest calibration origin keeps at least max(3 seasons, 16) points for the refit
            int windows = Math.Min(MaxWindows, train.Length - h + 1 - Math.Max(3 * freq, 16));
            var cells = new List<string>();
            for (int m = 0; m < models.Length; m++)
            {
                var analytic = models[m].Create().Fit(ts).Forecast(h, options);
                string Count(ForecastResult f, int kind, bool with95)
                {
                    int c80 = Inside(f, 0.8, test), c95 = with95 ? Inside(f, 0.95, test) : 0;
                    inside[m, kind, 0] += c80; points[m, kind, 0] += h; width[m, kind, 0] += RelativeWidth(f, 0.8, test); counted[m, kind, 0]++; perSeries[m, kind, 0].Add((c80, h));
                    if (with95) { inside[m, kind, 1] += c95; points[m, kind, 1] += h; width[m, kind, 1] += RelativeWidth(f, 0.95, test); counted[m, kind, 1]++; perSeries[m, kind, 1].Add((c95, h)); }
                    return $"{c80 / (double)h:F2}/{(with95 ? (c95 / (double)h).ToString("F2", CultureInfo.InvariantCulture) : "  - ")}";
                }
                cells.Add(Count(analytic, 0, true));
                if (windows >= 4)
                {
                    var calibrated = new ConformalForecaster(models[m].Create, new ConformalIntervalOptions(Horizon: h, Windows: windows)).Fit(ts).Forecast(h, options);
                    cells.Add(Count(calibrated, 1, windows >= 19));
                    var studentized = new ConformalForecaster(models[m].Create, new ConformalIntervalOptions(Horizon: h, Windows: windows, Score: ConformalScore.Studentized)).Fit(ts).Forecast(h, options);
                    cells.Add(Count(studentized, 2, true));
                }
                else { cells.Add("  -  "); cells.Add("  -  "); }
                var rr = r?.Rows.GetValueOrDefault(name);
                cells.Add(rr is null ? "-" : m == 0 ? $"{rr.ArimaIn80 / (double)h:F2}/{rr.ArimaIn95 / (double)h:F2}" : $"{rr.EtsIn80 / (double)h:F2}/{rr.EtsIn95 / (double)h:F2}");
            }
            if (r?.Rows.GetValueOrDefault(name) is { } row)
            {
                rInside80A += row.ArimaIn80; rInside95A += row.ArimaIn95; rInside80E += row.EtsIn80; rInside95E += row.EtsIn95; rPoints += h;
            }
            Console.WriteLine($"{name,-15} {h,3} {(windows >= 4 ? windows.ToString(CultureInfo.InvariantCulture) : "-"),4}  {cells[0],12} {cells[1],10} {cells[2],10} {cells[3],10}  {cells[4],12} {cells[5],10} {cells[6],10} {cells[7],10}");
        }
        // pooled coverage ± its standard error clustered by series (the points of one hold-out share one origin, so they are
        // not independent): sqrt(k/(k−1) Σ (cᵢ − p hᵢ)²) / Σ hᵢ, the ratio estimator's linearised variance
        string Pooled(int m, int kind, int level)
        {
            if (points[m, kind, level] == 0) return "-";
            double p = inside[m, kind, level] / (double)points[m, kind, level];
            var rows = perSeries[m, kind, level];
            double se = rows.Count < 2 ? double.NaN : Math.Sqrt(rows.Count / (rows.Count - 1.0) * rows.Sum(x => Math.Pow(x.Inside - p * x.Points, 2))) / points[m, kind, level];
            return string.Create(CultureInfo.InvariantCulture, $"{p:F3} ± {se:F3}");
        }
        // mean over series of the interval width relative to the mean |actual| of the hold-out
        string Width(int m, int kind, int level) => counted[m, kind, level] == 0 ? "-" : (width[m, kind, level] / counted[m, kind, level]).ToString("F3", CultureInfo.InvariantCulture);
        for (int m = 0; m < models.Length; m++)
            Console.WriteLine($"pooled {models[m].Name}: analytic 80 % {Pooled(m, 0, 0)} / 95 % {Pooled(m, 0, 1)} ({points[m, 0, 0]} points; relative width {Width(m, 0, 0)} / {Width(m, 0, 1)}); "
                + $"conformal 80 % {Pooled(m, 1, 0)} ({points[m, 1, 0]} points) / 95 % {Pooled(m, 1, 1)} ({points[m, 1, 1]} points, series with ≥ 19 windows); "
                + $"studentized conformal 80 % {Pooled(m, 2, 0)} / 95 % {Pooled(m, 2, 1)} ({points[m, 2, 0]} points; relative width {Width(m, 2, 0)} / {Width(m, 2, 1)})");
        if (rPoints > 0)
            Console.WriteLine($"pooled R: auto.arima 80 % {rInside80A / (double)rPoints:F3} / 95 % {rInside95A / (double)rPoints:F3}; ets 80 % {rInside80E / (double)rPoints:F3} / 95 % {rInside95E / (double)rPoints:F3} ({rPoints} points)");
    }

    // mean interval width over the hold-out, relative to the mean |actual| there (comparable across series)
    private static double RelativeWidth(ForecastResult f, double level, double[] actual)
    {
        var interval = f.Interval(level);
        double w = 0;
        for (int k = 0; k < actual.Length; k++) w += interval.Upper[k] - interval.Lower[k];
        return w / actual.Sum(Math.Abs);
    }

    private static int Inside(ForecastResult f, double level, double[] actual)
    {
        var interval = f.Interval(level);
        int count = 0;
        for (int k = 0; k < actual.Length; k++) if (actual[k] >= interval.Lower[k] && actual[k] <= interval.Upper[k]) count++;
        return count;
    }
}
