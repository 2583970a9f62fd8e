using MathNet.Numerics.Distributions;
using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;

namespace AdaptiveEtl.Kit.SchemaEvolution.Degradation;

/// <summary>
/// A seeded synthetic workload history with known degradation onsets, for tests, notebooks and benchmarks until a
/// recorded workload is long enough. Half the families read tables that grow 1–3 % per period (the others 0–0.2 %);
/// a family's latency stays at its base until its table outgrows a knee (1.5–3 × the starting rows, where e.g. a sort or
/// hash spills or an index stops fitting in memory) and then rises linearly with the excess:
/// <c>latency = base × (1 + α × max(0, rows / knee − 1))</c>, α in [1, 2], times log-normal noise (σ = <c>noise</c>).
/// Usage counts are Poisson around a per-family mean that grows with the table; lineage depth is 0–4.
/// </summary>
public sealed class SyntheticDegradationSample
{
    private SyntheticDegradationSample(IReadOnlyList<FamilyPerformanceSeries> series, IReadOnlyDictionary<string, int?> onsets)
    {
        Series = series;
        NoiseFreeOnsets = onsets;
    }

    /// <summary>The families' histories.</summary>
    public IReadOnlyList<FamilyPerformanceSeries> Series { get; }

    /// <summary>
    /// Per family, the first period at which the noise-free latency exceeds threshold × base (from the closed form
    /// t &gt; ln(k · (1 + (θ − 1)/α)) / ln(1 + g)), or null when that happens after the last period.
    /// </summary>
    public IReadOnlyDictionary<string, int?> NoiseFreeOnsets { get; }

    /// <summary>Generates the sample.</summary>
    /// <param name="families">Number of query families (at least 2).</param>
    /// <param name="periods">Periods per family (at least 20).</param>
    /// <param name="seed">Seed: the same seed gives the same sample.</param>
    /// <param name="threshold">The degradation threshold the onsets are computed for.</param>
    /// <param name="noise">Standard deviation of the log-normal latency noise.</param>
    public static SyntheticDegradationSample Generate(int families = 16, int periods = 120, int seed = 42, double threshold = 1.5, double noise = 0.05)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(families, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(periods, 20);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(threshold, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(noise);
        var rng = new Random(seed);
        var series = new List<FamilyPerformanceSeries>();
        var onsets = new Dictionary<string, int?>(StringComparer.Ordinal);
        for (int f = 0; f < families; f++)
        {
            string name = $"family_{f:D2}";
            bool growing = f % 2 == 0;
            double baseMs = 20 + rng.NextDouble() * 180;
            double rows0 = 1e5 + rng.NextDouble() * 9e5;
            double growth = growing ? 0.01 + rng.NextDouble() * 0.02 : rng.NextDouble() * 0.002;
            double kneeFactor = 1.5 + rng.NextDouble() * 1.5;
            double alpha = 1 + rng.NextDouble();
            double usageMean = 5 + rng.NextDouble() * 45;
            int depth = rng.Next(0, 5);
            var latency = new double[periods];
            var rows = new double[periods];
            var usage = new double[periods];
            for (int t = 0; t < periods; t++)
            {
                rows[t] = Math.Round(rows0 * Math.Pow(1 + growth, t));
                double clean = baseMs * (1 + alpha * Math.Max(0, rows[t] / (kneeFactor * rows0) - 1));
                latency[t] = clean * Math.Exp(Normal.Sample(rng, 0, noise));
                usage[t] = Poisson.Sample(rng, usageMean * Math.Sqrt(rows[t] / rows0));
            }
            // Closed form of the noise-free crossing (rows are rounded, so this is exact up to the rounding of one row).
            double crossing = growth > 0 ? Math.Log(kneeFactor * (1 + (threshold - 1) / alpha)) / Math.Log(1 + growth) : double.PositiveInfinity;
            int? onset = crossing < periods - 1 ? (int)Math.Floor(crossing) + 1 : null;
            onsets[name] = onset;
            series.Add(new FamilyPerformanceSeries(name, latency, rows, usage, depth, [new QualifiedTable("mart", $"fact_{f:D2}")]));
        }
        return new SyntheticDegradationSample(series, onsets);
    }
}
