namespace AdaptiveEtl.Kit.Proactive.Sources;

/// <summary>
/// Measures a connector's speed from its recent fetches: an ordinary least-squares fit of duration on bytes over the
/// last <see cref="Window"/> fetches (intercept = latency, 1/slope = bandwidth). Hand-written because it is two sums
/// over a few dozen points. Thread-safe.
/// </summary>
public sealed class SpeedMeter
{
    private readonly Queue<(long Bytes, double Seconds)> _samples = new();
    private readonly Lock _gate = new();

    /// <summary>Creates a meter over the last <paramref name="window"/> fetches.</summary>
    public SpeedMeter(int window = 32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        Window = window;
    }

    /// <summary>Number of recent fetches kept.</summary>
    public int Window { get; }

    /// <summary>Records one fetch.</summary>
    public void Record(long bytes, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        lock (_gate)
        {
            _samples.Enqueue((bytes, Math.Max(0, duration.TotalSeconds)));
            while (_samples.Count > Window) _samples.Dequeue();
        }
    }

    /// <summary>The current estimate (<see cref="SourceSpeed.Unknown"/> before the first fetch).</summary>
    public SourceSpeed Current
    {
        get
        {
            (long Bytes, double Seconds)[] s;
            lock (_gate) s = _samples.ToArray();
            if (s.Length == 0) return SourceSpeed.Unknown;
            double mx = s.Average(p => (double)p.Bytes), my = s.Average(p => p.Seconds);
            double sxx = s.Sum(p => (p.Bytes - mx) * (p.Bytes - mx)), sxy = s.Sum(p => (p.Bytes - mx) * (p.Seconds - my));
            if (s.Length >= 2 && sxx > 0 && sxy > 0)
            {
                double slope = sxy / sxx, intercept = my - slope * mx;
                if (intercept >= 0) return new SourceSpeed(TimeSpan.FromSeconds(intercept), 1 / slope, s.Length);
                // A negative intercept (noise): no measurable latency, the bandwidth of the whole transfer.
                return new SourceSpeed(TimeSpan.Zero, mx / Math.Max(my, 1e-9), s.Length);
            }
            // One sample or all the same size: attribute the fastest fetch to latency only when nothing was transferred.
            double totalBytes = s.Sum(p => (double)p.Bytes), totalSeconds = s.Sum(p => p.Seconds);
            if (totalBytes == 0) return new SourceSpeed(TimeSpan.FromSeconds(my), double.PositiveInfinity, s.Length);
            return new SourceSpeed(TimeSpan.Zero, totalSeconds > 0 ? totalBytes / totalSeconds : double.PositiveInfinity, s.Length);
        }
    }
}
