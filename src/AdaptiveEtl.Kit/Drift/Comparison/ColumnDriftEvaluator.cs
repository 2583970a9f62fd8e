using System.Globalization;
using AdaptiveEtl.Kit.Drift.Statistics;
using AdaptiveEtl.Kit.Schema;

namespace AdaptiveEtl.Kit.Drift.Comparison;

/// <summary>
/// Turns a gathered comparison (numeric or categorical) into a <see cref="ColumnDriftResult"/>: picks the method, applies
/// the threshold, maps the signal, computes PSI alongside and lists the slices. Shared by the DataFrame, DuckDB and
/// streaming paths so that all three give the same verdicts on the same data.
/// </summary>
internal static class ColumnDriftEvaluator
{
    public static ColumnDriftResult Numeric(string column, ColumnKind kind, NumericComparison c, DriftOptions o)
    {
        var rule = o.RuleFor(column);
        if (c.ReferenceCount == 0 || c.CurrentCount == 0) return Empty(column, kind, rule, c.ReferenceCount, c.CurrentCount);
        var psi = BinLabels.Relabel(PopulationStabilityIndex.FromCounts(c.Edges, c.ReferenceBinCounts, c.CurrentBinCounts, o.PsiEpsilon), kind);
        if (c.ReferenceMin == c.ReferenceMax)
        {
            // A constant reference has no spread: KS/Wasserstein-by-std are meaningless. Compare the share of values equal
            // to the constant (and below/above it) as three categories instead.
            string k = c.ReferenceMin.ToString("G6", CultureInfo.InvariantCulture);
            var r = new Dictionary<string, long> { ["< " + k] = c.ReferenceBinCounts[0], ["= " + k] = c.ReferenceBinCounts[1], ["> " + k] = c.ReferenceBinCounts[2] };
            var cu = new Dictionary<string, long> { ["< " + k] = c.CurrentBinCounts[0], ["= " + k] = c.CurrentBinCounts[1], ["> " + k] = c.CurrentBinCounts[2] };
            var res = Categorical(column, kind, r, cu, o, numericFallback: true);
            return res with { Status = res.Status == DriftStatus.Ok ? DriftStatus.Constant : res.Status, Message = $"reference is constant ({k}); compared the shares of values below, equal to and above it." };
        }
        var method = rule.Method == DriftMethod.Auto ? o.AutomaticMethod(kind, c.ReferenceCount, int.MaxValue) : rule.Method;
        double threshold = rule.Threshold ?? o.DefaultThreshold(method);
        double stat;
        double? p = null;
        switch (method)
        {
            case DriftMethod.KolmogorovSmirnov:
                stat = c.KsStatistic;
                p = KolmogorovDistribution.TwoSampleSurvival(c.ReferenceCount, c.CurrentCount, c.KsStatistic).P;
                break;
            case DriftMethod.Wasserstein:
                stat = c.Wasserstein / Math.Max(c.ReferenceStdDev, 0.001);
                break;
            case DriftMethod.JensenShannon:
                stat = JensenShannon.Distance(c.ReferenceBinCounts.Select(x => (double)x).ToArray(), c.CurrentBinCounts.Select(x => (double)x).ToArray());
                break;
            case DriftMethod.ChiSquare:
                var chi = ChiSquareTest.Test(c.ReferenceBinCounts.Select(x => (double)x).ToArray(), c.CurrentBinCounts.Select(x => (double)x).ToArray());
                stat = chi.Statistic;
                p = chi.PValue;
                break;
            case DriftMethod.Psi:
                stat = psi.Value;
                break;
            default:
                return Skipped(column, kind, rule, $"method {method} needs a binary categorical column; '{column}' is {kind}.") with { ReferenceCount = c.ReferenceCount, CurrentCount = c.CurrentCount };
        }
        return Verdict(column, kind, method, stat, p, threshold, rule, psi, c.ReferenceCount, c.CurrentCount, o);
    }

    public static ColumnDriftResult Categorical(string column, ColumnKind kind, IReadOnlyDictionary<string, long> reference, IReadOnlyDictionary<string, long> current, DriftOptions o, bool numericFallback = false)
    {
        var rule = o.RuleFor(column);
        long rn = reference.Values.Sum(), cn = current.Values.Sum();
        if (rn == 0 || cn == 0) return Empty(column, kind, rule, rn, cn);
        var psi = PopulationStabilityIndex.ComputeCategorical(reference, current, o.PsiEpsilon);
        int distinct = reference.Keys.Union(current.Keys).Count(k => reference.GetValueOrDefault(k) + current.GetValueOrDefault(k) > 0);
        var requested = rule.Method;
        if (numericFallback && requested is DriftMethod.KolmogorovSmirnov or DriftMethod.Wasserstein) requested = DriftMethod.Auto;
        var method = requested == DriftMethod.Auto ? o.AutomaticMethod(ColumnKind.Categorical, rn, distinct) : requested;
        double threshold = rule.Threshold ?? o.DefaultThreshold(method);
        double stat;
        double? p = null;
        switch (method)
        {
            case DriftMethod.ChiSquare:
                var chi = ChiSquareTest.Test(reference, current);
                (stat, p) = (chi.Statistic, chi.PValue);
                break;
            case DriftMethod.ZTest when distinct <= 2:
                var positive = reference.Keys.Union(current.Keys).Where(k => reference.GetValueOrDefault(k) + current.GetValueOrDefault(k) > 0).OrderBy(k => k, StringComparer.Ordinal).Last();
                var z = TwoProportionZTest.Test(reference.GetValueOrDefault(positive), rn, current.GetValueOrDefault(positive), cn);
                (stat, p) = (z.Statistic, z.PValue);
                break;
            case DriftMethod.JensenShannon:
                stat = JensenShannon.Distance(reference, current);
                break;
            case DriftMethod.Psi:
                stat = psi.Value;
                break;
            default:
                return Skipped(column, kind, rule, method == DriftMethod.ZTest
                    ? $"the z-test needs a binary column; '{column}' has {distinct} categories."
                    : $"method {method} needs a numeric column; '{column}' is {kind}.") with { ReferenceCount = rn, CurrentCount = cn };
        }
        var result = Verdict(column, kind, method, stat, p, threshold, rule, psi, rn, cn, o);
        var referenceCategories = reference.Where(kv => kv.Value > 0).Select(kv => kv.Key).ToArray();
        return referenceCategories.Length == 1 && !numericFallback
            ? result with { Status = DriftStatus.Constant, Message = $"the reference holds a single category ('{referenceCategories[0]}')." }
            : result;
    }

    private static ColumnDriftResult Verdict(string column, ColumnKind kind, DriftMethod method, double stat, double? p, double threshold,
        ColumnDriftRule rule, PsiResult psi, long rn, long cn, DriftOptions o)
    {
        bool isTest = ColumnDriftResult.IsTest(method);
        bool drifted = isTest ? p!.Value < threshold : method == DriftMethod.Psi ? stat >= threshold : stat > threshold;
        double signal = isTest ? DriftSignal.FromPValue(p!.Value, threshold) : DriftSignal.FromDistance(stat, threshold);
        return new ColumnDriftResult
        {
            Column = column, Kind = kind, Status = DriftStatus.Ok, Method = method, Statistic = stat, PValue = p,
            Threshold = threshold, Drifted = drifted, Signal = signal, Psi = psi, ReferenceCount = rn, CurrentCount = cn,
            Weight = rule.Weight, Slices = SlicesOf(column, psi, o.MinimumSliceChange),
        };
    }

    /// <summary>PSI bins turned into slices, those whose share moved by at least <paramref name="minChange"/>, largest first.</summary>
    public static IReadOnlyList<DriftSlice> SlicesOf(string column, PsiResult psi, double minChange) =>
        psi.Bins.Where(b => Math.Abs(b.CurrentShare - b.ReferenceShare) >= minChange)
            .Select(b => new DriftSlice(column, b.Lower is null ? b.Label : null, b.Lower, b.Upper, b.ReferenceShare, b.CurrentShare))
            .OrderByDescending(s => Math.Abs(s.ShareChange)).ThenBy(s => s.Category, StringComparer.Ordinal).ThenBy(s => s.Lower)
            .ToArray();

    public static ColumnDriftResult Empty(string column, ColumnKind? kind, ColumnDriftRule rule, long rn, long cn) => new()
    {
        Column = column, Kind = kind, Status = DriftStatus.Empty, Weight = rule.Weight, ReferenceCount = rn, CurrentCount = cn,
        Message = rn == 0 && cn == 0 ? "no non-missing values on either side." : rn == 0 ? "the reference has no non-missing values." : "the current data has no non-missing values.",
    };

    public static ColumnDriftResult Skipped(string column, ColumnKind? kind, ColumnDriftRule rule, string why) => new()
    {
        Column = column, Kind = kind, Status = DriftStatus.Skipped, Method = rule.Method, Weight = rule.Weight, Message = why,
    };
}
