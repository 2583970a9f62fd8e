using AdaptiveEtl.Kit.SchemaEvolution.Controller;
using AdaptiveEtl.Kit.SchemaEvolution.Ddl;
using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;
using AdaptiveEtl.Kit.SchemaEvolution.Shadow;

namespace AdaptiveEtl.Kit.Tests.SchemaEvolution.Shadow;

/// <summary>
/// The paired, interleaved measurement on two shadows, on simulated stores whose "time" is a formula: each replay of a
/// family reports base × speed × machine load, and the load grows with every replay on either copy (a neighbour
/// starting up). Timing before, then after, charges the whole load ramp to the change; alternating does not.
/// </summary>
public sealed class InterleavedReplayTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly WorkloadQuery[] Families = [new("a", "SELECT 1", 2), new("b", "SELECT 2", 1)];

    [Fact]
    public void The_interval_is_the_student_t_interval_of_the_round_gains()
    {
        // scipy: t.ppf(0.975, 2) = 4.302652729911275; mean 0.2 ± 4.3027 · 0.1 / √3 →
        // (-0.048413771184375204, 0.4484137711843753)
        var (low, high) = InterleavedReplay.Interval([0.1, 0.2, 0.3]);
        // (MathNet's inverse t CDF agrees with SciPy's to about 1e-11.)
        Assert.Equal(-0.048413771184375204, low, 9);
        Assert.Equal(0.4484137711843753, high, 9);
    }

    [Fact]
    public async Task A_load_ramp_falls_on_both_sides_so_the_true_gain_is_measured()
    {
        var machine = new Machine(loadStepPerReplay: 0.05);
        var control = new SimulatedStore(machine, speed: 1.0);
        var treatment = new SimulatedStore(machine, speed: 0.8); // the change saves 20 % of every affected family

        var r = await InterleavedReplay.CompareAsync(control, Families, treatment, Families, [], new ReplayOptions(0, 1),
            new InterleavedReplayOptions(MinRounds: 6, MaxRounds: 6), Ct);

        // True gain 1 − 0.8 = 0.2. Rounds alternate the order, so the ramp (two replays of +5 % per side and round) lands on
        // one side in one round and on the other in the next: round gains 1 − 0.8·1.05² ≈ 0.118 and 1 − 0.8/1.05² ≈ 0.274
        // straddle 0.2, and so do the per-family medians.
        Assert.Equal(6, r.Rounds);
        Assert.InRange(r.Gain, 0.18, 0.22);
        Assert.True(r.GainLow < 0.2 && 0.2 < r.GainHigh, $"interval {r.GainLow} … {r.GainHigh}");
        Assert.True(r.SignificantlyFaster);
        Assert.Equal(6, control.Replays); // six rounds, one replay of both families per copy and round, no warm-up
        Assert.Equal(6, treatment.Replays);

        // The sequential design on the same machine: all "before" rounds, then all "after" rounds. The later replays
        // run under more load, so the same 20 % change measures as a slowdown: what interleaving fixes.
        var sequentialMachine = new Machine(loadStepPerReplay: 0.05);
        var before = await new SimulatedStore(sequentialMachine, 1.0).ReplayAsync(Families, new ReplayOptions(0, 6), Ct);
        var after = await new SimulatedStore(sequentialMachine, 0.8).ReplayAsync(Families, new ReplayOptions(0, 6), Ct);
        Assert.True(new ReplayComparison(before, after).Gain < 0.1, $"sequential gain {new ReplayComparison(before, after).Gain}");
    }

    [Fact]
    public async Task Without_noise_the_rounds_stop_at_the_minimum_and_constant_families_dilute_the_gain()
    {
        var machine = new Machine(loadStepPerReplay: 0);
        var constant = new QueryTiming(new WorkloadQuery("c", "SELECT 3", 1), 30, [30]);

        var r = await InterleavedReplay.CompareAsync(new SimulatedStore(machine, 1.0), Families, new SimulatedStore(machine, 0.5), Families, [constant],
            new ReplayOptions(1, 1), new InterleavedReplayOptions(MinRounds: 3, MaxRounds: 30), Ct);

        // Weighted: affected before 10·2 + 10·1 = 30 ms, after 15 ms; constant 30 ms on both sides → 1 − 45/60 = 0.25.
        Assert.Equal("converged", r.StopReason);
        Assert.Equal(3, r.Rounds);
        Assert.Equal(0.25, r.Gain, 12);
        Assert.Equal(0.25, r.GainLow, 12);
        Assert.Equal(3, r.Comparison.Queries.Count);
    }

    [Fact]
    public async Task Noise_wider_than_the_tolerance_runs_to_the_round_limit()
    {
        var machine = new Machine(loadStepPerReplay: 0, jitter: 0.5);
        var r = await InterleavedReplay.CompareAsync(new SimulatedStore(machine, 1.0), Families, new SimulatedStore(machine, 1.0), Families, [],
            new ReplayOptions(0, 1), new InterleavedReplayOptions(MinRounds: 3, MaxRounds: 8, Tolerance: 0.001), Ct);
        Assert.Equal("max rounds", r.StopReason);
        Assert.Equal(8, r.Rounds);
        Assert.True(r.GainLow < 0 && 0 < r.GainHigh, $"the same speed on both copies: the interval must hold 0, got {r.GainLow} … {r.GainHigh}");
        Assert.False(r.SignificantlyFaster);
    }

    [Fact]
    public async Task Rounds_stop_once_the_interval_clears_or_misses_the_decision_threshold()
    {
        // ±20 % jitter: the interval never gets within ±0.1 points in 30 rounds, but a halving is clearly above a 5 %
        // threshold, and no change is clearly below a 50 % one, after the minimum rounds.
        var tight = new InterleavedReplayOptions(MinRounds: 4, MaxRounds: 30, Tolerance: 0.001);
        var m1 = new Machine(0, 0.2);
        var faster = await InterleavedReplay.CompareAsync(new SimulatedStore(m1, 1.0), Families, new SimulatedStore(m1, 0.5), Families, [],
            new ReplayOptions(0, 1), tight, Ct, decisionThreshold: 0.05);
        Assert.Equal("decided", faster.StopReason);
        Assert.True(faster.Rounds < 30 && faster.GainLow > 0.05, $"{faster.Rounds} rounds, interval {faster.GainLow} … {faster.GainHigh}");
        var m2 = new Machine(0, 0.2);
        var same = await InterleavedReplay.CompareAsync(new SimulatedStore(m2, 1.0), Families, new SimulatedStore(m2, 1.0), Families, [],
            new ReplayOptions(0, 1), tight, Ct, decisionThreshold: 0.5);
        Assert.Equal("decided", same.StopReason);
        Assert.True(same.GainHigh < 0.5);
        var m3 = new Machine(0, 0.2);
        var undecided = await InterleavedReplay.CompareAsync(new SimulatedStore(m3, 1.0), Families, new SimulatedStore(m3, 1.0), Families, [],
            new ReplayOptions(0, 1), tight with { MaxRounds = 8 }, Ct, decisionThreshold: 0.0);
        Assert.Equal("max rounds", undecided.StopReason); // the interval straddles 0: keep measuring
    }

    [Fact]
    public async Task Mismatched_workloads_and_bad_limits_are_refused()
    {
        var m = new Machine(0);
        await Assert.ThrowsAsync<ArgumentException>(() => InterleavedReplay.CompareAsync(new SimulatedStore(m, 1), Families, new SimulatedStore(m, 1), Families[..1], [],
            ReplayOptions.Default, InterleavedReplayOptions.Default, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => InterleavedReplay.CompareAsync(new SimulatedStore(m, 1), Families, new SimulatedStore(m, 1), Families, [],
            ReplayOptions.Default, new InterleavedReplayOptions(MinRounds: 1), Ct));
    }

    /// <summary>The shared machine: its load rises by a step on every replay, with optional seeded jitter.</summary>
    private sealed class Machine(double loadStepPerReplay, double jitter = 0)
    {
        private readonly Random _random = new(7);
        private double _load = 1;

        public double NextLoad()
        {
            var load = _load * (1 + (jitter == 0 ? 0 : (_random.NextDouble() * 2 - 1) * jitter));
            _load *= 1 + loadStepPerReplay;
            return load;
        }
    }

    /// <summary>A store whose replay reports 10 ms × speed × the machine's load for each run of each family (no database involved).</summary>
    private sealed class SimulatedStore(Machine machine, double speed) : ISchemaChangeStore
    {
        public int Replays { get; private set; }
        public string Engine => "simulated";
        public DdlDialect Dialect => DdlDialect.DuckDb;
        public bool IsShadow => true;

        public Task<WorkloadTiming> ReplayAsync(IReadOnlyList<WorkloadQuery> workload, ReplayOptions options, CancellationToken cancellationToken = default)
        {
            Replays++;
            var timings = new List<QueryTiming>();
            foreach (var q in workload)
            {
                var runs = Enumerable.Range(0, options.WarmUpRuns + options.Repeats).Select(_ => 10 * speed * machine.NextLoad()).Skip(options.WarmUpRuns).ToList();
                timings.Add(new QueryTiming(q, MathNet.Numerics.Statistics.Statistics.Median(runs), runs));
            }
            return Task.FromResult(new WorkloadTiming(timings));
        }

        public Task<TableCatalog> DescribeAsync(QualifiedTable table, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<bool> ObjectExistsAsync(QualifiedTable name, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<IReadOnlyList<string>> DependentViewsAsync(QualifiedTable table, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ISchemaChangeStore> CreateShadowAsync(IReadOnlyCollection<QualifiedTable> tables, ShadowOptions options, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<WhatIfResult> WhatIfIndexAsync(string createIndexStatement, IReadOnlyList<WorkloadQuery> workload, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task ExecuteChangeAsync(IReadOnlyList<string> statements, Func<IPendingChange, CancellationToken, Task>? beforeCommit, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
