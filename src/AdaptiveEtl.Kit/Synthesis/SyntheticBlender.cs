using AdaptiveEtl.Kit.Drift;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Synthesis;

/// <summary>
/// Blends synthetic rows from an <see cref="ISyntheticSource"/> into a batch. The number of synthetic rows grows with
/// the drift signal (<see cref="BlendingPolicy"/>); the budget goes first to the slices the drift monitor reports as
/// under-represented (each filled up to its reference share, proportionally cut when the budget is smaller), the rest
/// to unconditional samples. Every row gets the provenance column (default <c>_synthetic</c>): false for real, true
/// for synthetic rows, so lineage and downstream users can tell them apart.
/// </summary>
public sealed class SyntheticBlender
{
    private readonly ISyntheticSource _source;

    /// <summary>Creates a blender over a fitted source.</summary>
    public SyntheticBlender(ISyntheticSource source, BlendingPolicy? policy = null)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        Policy = policy ?? new BlendingPolicy();
    }

    /// <summary>The ratio policy.</summary>
    public BlendingPolicy Policy { get; }

    /// <summary>Name of the boolean provenance column added to blended batches.</summary>
    public string ProvenanceColumn { get; init; } = "_synthetic";

    /// <summary>
    /// Rows needed so that a slice with current share c of <paramref name="batchRows"/> rows reaches its reference share r
    /// once the rows are added: ⌈(r − c)·n / (1 − r)⌉ (0 when not under-represented; each slice considered on its own).
    /// </summary>
    public static int Deficit(DriftSlice slice, int batchRows)
    {
        ArgumentNullException.ThrowIfNull(slice);
        if (!slice.IsUnderRepresented || batchRows <= 0) return 0;
        var r = Math.Min(slice.ReferenceShare, 0.99);
        return (int)Math.Ceiling((r - slice.CurrentShare) * batchRows / (1 - r) - 1e-9);
    }

    /// <summary>Blends at the ratio the policy gives for <paramref name="driftSignal"/>, prioritising under-represented slices.</summary>
    /// <exception cref="KitDataException">The batch already has the provenance column or lacks a source column.</exception>
    public BlendResult Blend(DataFrame batch, IReadOnlyList<DriftSlice> slices, double driftSignal, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var ratio = Policy.RatioFor(driftSignal);
        var budget = (int)Math.Round(ratio * batch.Rows.Count);
        return Compose(batch, slices ?? [], budget, ratio, seed);
    }

    /// <summary>Fills every under-represented slice up to its reference share (no ratio cap) and adds no other synthetic rows.</summary>
    public BlendResult FillGaps(DataFrame batch, IReadOnlyList<DriftSlice> slices, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(slices);
        var n = (int)batch.Rows.Count;
        var budget = slices.Sum(s => Deficit(s, n));
        return Compose(batch, slices, budget, n == 0 ? 0 : (double)budget / n, seed, unconditionalRemainder: false);
    }

    private BlendResult Compose(DataFrame batch, IReadOnlyList<DriftSlice> slices, int budget, double ratio, int seed, bool unconditionalRemainder = true)
    {
        if (batch.Columns.Any(c => c.Name == ProvenanceColumn))
            throw new KitDataException($"the batch already has the provenance column '{ProvenanceColumn}'; blend an unblended batch or choose another ProvenanceColumn.", _source.Schema.Name, ProvenanceColumn);
        var n = (int)batch.Rows.Count;
        var under = slices.Where(s => s.IsUnderRepresented).Select(s => (Slice: s, Need: Deficit(s, n))).Where(x => x.Need > 0).ToList();
        var allocation = Allocate(under.Select(x => x.Need).ToArray(), budget);
        var real = TabularData.FromFrame(batch, _source.Schema);
        var combined = real;
        var perSlice = new Dictionary<string, int>();
        var synthetic = 0;
        for (var i = 0; i < under.Count; i++)
        {
            if (allocation[i] == 0) continue;
            var rows = _source.SampleSlice(under[i].Slice, allocation[i], seed + 1 + i);
            combined = combined.Concat(TabularData.FromFrame(rows, _source.Schema));
            perSlice[under[i].Slice.ToString()] = allocation[i];
            synthetic += allocation[i];
        }
        var rest = budget - synthetic;
        if (unconditionalRemainder && rest > 0)
        {
            combined = combined.Concat(TabularData.FromFrame(_source.Sample(rest, seed), _source.Schema));
            synthetic += rest;
        }
        var frame = combined.ToFrame();
        frame.Columns.Add(new BooleanDataFrameColumn(ProvenanceColumn, Enumerable.Range(0, n + synthetic).Select(i => i >= n)));
        return new BlendResult(frame, n, synthetic, ratio, perSlice);
    }

    /// <summary>Splits a budget over needs: everything when it suffices, else proportionally (largest remainders first).</summary>
    internal static int[] Allocate(int[] needs, int budget)
    {
        var total = needs.Sum();
        if (total <= budget) return needs.ToArray();
        var exact = needs.Select(x => (double)x * budget / total).ToArray();
        var result = exact.Select(x => (int)Math.Floor(x)).ToArray();
        var left = budget - result.Sum();
        foreach (var i in Enumerable.Range(0, needs.Length).OrderByDescending(i => exact[i] - result[i]).ThenBy(i => i).Take(left)) result[i]++;
        return result;
    }
}
