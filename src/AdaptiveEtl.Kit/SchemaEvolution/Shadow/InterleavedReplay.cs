using System.Diagnostics;
using AdaptiveEtl.Kit.SchemaEvolution.Controller;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace AdaptiveEtl.Kit.SchemaEvolution.Shadow;

/// <summary>
/// Measures a change as a paired experiment on two identical shadow copies, one without it (control) and one with it
/// (treatment): each round times every affected family once on both copies, the order of the two copies alternating
/// from round to round, so load from elsewhere on the machine, cache warming and clock drift fall on both sides alike
/// instead of on "before" only (timing before, then after on one copy confounds the change with whatever the machine
/// did meanwhile). Rounds go on until the 95 % Student-t interval of the round gains is within
/// <see cref="InterleavedReplayOptions.Tolerance"/>, or a round or time limit is reached. The technique is the
/// interleaved A/B benchmark design: Kalibera &amp; Jones, "Rigorous Benchmarking in Reasonable Time" (ISMM 2013), and
/// Mytkowicz et al., "Producing Wrong Data Without Doing Anything Obviously Wrong!" (ASPLOS 2009) on measurement bias.
/// </summary>
public static class InterleavedReplay
{
    /// <summary>
    /// Runs the rounds. <paramref name="constant"/> are families the change cannot affect: they are not re-timed, and
    /// their weighted time (timed once by the caller) counts the same on both sides of every round and the result.
    /// </summary>
    /// <param name="control">The copy without the change.</param>
    /// <param name="controlWorkload">The affected families as they run on <paramref name="control"/>.</param>
    /// <param name="treatment">The copy with the change applied.</param>
    /// <param name="treatmentWorkload">The same families as they run once the change is applied (same order and count).</param>
    /// <param name="constant">Timings of the unaffected families (may be empty).</param>
    /// <param name="replay">Warm-up runs and query timeout (each round times each family once).</param>
    /// <param name="options">Round limits and the stopping tolerance.</param>
    /// <param name="cancellationToken">Stops between queries.</param>
    /// <param name="decisionThreshold">
    /// The gain a decision is made against, or null. After <see cref="InterleavedReplayOptions.MinRounds"/> the rounds also
    /// stop ("decided") once the whole interval lies below it, or above both it and zero: more rounds could not change
    /// the verdict, only sharpen a figure nobody acts on.
    /// </param>
    public static async Task<InterleavedComparison> CompareAsync(ISchemaChangeStore control, IReadOnlyList<WorkloadQuery> controlWorkload,
        ISchemaChangeStore treatment, IReadOnlyList<WorkloadQuery> treatmentWorkload, IReadOnlyList<QueryTiming> constant,
        ReplayOptions replay, InterleavedReplayOptions options, CancellationToken cancellationToken = default, double? decisionThreshold = null)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(treatment);
        ArgumentNullException.ThrowIfNull(controlWorkload);
        ArgumentNullException.ThrowIfNull(treatmentWorkload);
        ArgumentNullException.ThrowIfNull(constant);
        ArgumentNullException.ThrowIfNull(replay);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (controlWorkload.Count == 0) throw new ArgumentException("no family to time", nameof(controlWorkload));
        if (treatmentWorkload.Count != controlWorkload.Count)
            throw new ArgumentException($"the treatment workload has {treatmentWorkload.Count} families, the control {controlWorkload.Count}", nameof(treatmentWorkload));

        // Warm both copies the same way before the first timed round.
        if (replay.WarmUpRuns > 0)
        {
            var warm = new ReplayOptions(replay.WarmUpRuns - 1, 1, replay.QueryTimeout);
            await control.ReplayAsync(controlWorkload, warm, cancellationToken);
            await treatment.ReplayAsync(treatmentWorkload, warm, cancellationToken);
        }
        var once = new ReplayOptions(0, 1, replay.QueryTimeout);
        double constantMs = constant.Sum(q => q.WeightedMilliseconds);
        int n = controlWorkload.Count;
        var before = Enumerable.Range(0, n).Select(_ => new List<double>()).ToArray();
        var after = Enumerable.Range(0, n).Select(_ => new List<double>()).ToArray();
        var gains = new List<double>();
        var clock = Stopwatch.StartNew();
        string stop = "max rounds";
        double low = double.NegativeInfinity, high = double.PositiveInfinity;
        for (int round = 0; round < options.MaxRounds; round++)
        {
            WorkloadTiming b, a;
            if (round % 2 == 0)
            {
                b = await control.ReplayAsync(controlWorkload, once, cancellationToken);
                a = await treatment.ReplayAsync(treatmentWorkload, once, cancellationToken);
            }
            else
            {
                a = await treatment.ReplayAsync(treatmentWorkload, once, cancellationToken);
                b = await control.ReplayAsync(controlWorkload, once, cancellationToken);
            }
            for (int i = 0; i < n; i++)
            {
                before[i].Add(b.Queries[i].MedianMilliseconds);
                after[i].Add(a.Queries[i].MedianMilliseconds);
            }
            double totalBefore = b.TotalMilliseconds + constantMs, totalAfter = a.TotalMilliseconds + constantMs;
            gains.Add(totalBefore <= 0 ? 0 : 1 - totalAfter / totalBefore);
            if (gains.Count >= 2) (low, high) = Interval(gains);
            if (gains.Count >= options.MinRounds)
            {
                if ((high - low) / 2 <= options.Tolerance) { stop = "converged"; break; }
                if (decisionThreshold is { } t && (high < t || low > Math.Max(t, 0))) { stop = "decided"; break; }
                if (clock.Elapsed >= options.EffectiveBudget) { stop = "time budget"; break; }
            }
        }
        var beforeTiming = new WorkloadTiming([.. controlWorkload.Select((q, i) => new QueryTiming(q, Statistics.Median(before[i]), before[i])), .. constant]);
        var afterTiming = new WorkloadTiming([.. treatmentWorkload.Select((q, i) => new QueryTiming(q, Statistics.Median(after[i]), after[i])), .. constant]);
        return new InterleavedComparison(new ReplayComparison(beforeTiming, afterTiming), gains, low, high, stop);
    }

    /// <summary>95 % Student-t interval of the mean: mean ± t(0.975, n − 1) · s / √n.</summary>
    internal static (double Low, double High) Interval(IReadOnlyList<double> values)
    {
        double mean = values.Mean(), sd = values.StandardDeviation();
        double half = StudentT.InvCDF(0, 1, values.Count - 1, 0.975) * sd / Math.Sqrt(values.Count);
        return (mean - half, mean + half);
    }
}
