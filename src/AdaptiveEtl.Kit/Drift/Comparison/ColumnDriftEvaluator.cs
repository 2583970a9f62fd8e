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
            if (res.Status != DriftStatus.Ok) return res;
            return res with { Status = DriftStatus.Constant, Message = $"reference is constant ({k}); compared the shares of values below, equal to and above it." + (res.Message is null ? "" : " " + res.Message) };
        }
        var method = rule.Method == DriftMethod.Auto ? o.AutomaticMethod(kind, c.ReferenceCount, int.MaxValue) : rule.Method;
        double threshold = rule.Threshold ?? o.DefaultThreshold(method);
        double stat;
        double? p = null;
        string? note = null;
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
                var chi = ChiSquareTest.TestPooled(c.ReferenceBinCounts.Select(x => (double)x).ToArray(), c.CurrentBinCounts.Select(x => (double)x).ToArray(), o.ChiSquareMinimumExpected);
                stat = chi.Test.Statistic;
                p = chi.Test.PValue;
                if (chi.FisherExact) method = DriftMethod.FisherExact;
                note = PoolingNote(chi, chi.PooledCells.Select(i => psi.Bins[int.Parse(i, CultureInfo.InvariantCulture)].Label), o);
                break;
            case DriftMethod.Psi:
                stat = psi.Value;
                break;
            case DriftMethod.EnergyDistance:
                stat = EnergyDistance.FromIntegral(c.EnergyIntegral, c.ReferenceStdDev);
                break;
            case DriftMethod.CramerVonMises:
                var cvm = Statistics.CramerVonMises.FromU(c.CramerVonMisesU, c.ReferenceCount, c.CurrentCount);
                (stat, p) = (cvm.Statistic, cvm.PValue);
                break;
            case DriftMethod.MannWhitneyU:
                var mwu = Statistics.MannWhitneyU.FromRanks(c.ReferenceRankSum, c.ReferenceCount, c.CurrentCount, c.TieTerm, c.HasTies);
                (stat, p) = (mwu.Statistic, mwu.PValue);
                break;
            case DriftMethod.AndersonDarling:
                if (c.ReferenceCount + c.CurrentCount < 4)
                    return new ColumnDriftResult
                    {
                        Column = column, Kind = kind, Status = DriftStatus.InsufficientData, Method = method, Weight = rule.Weight, ReferenceCount = c.ReferenceCount, CurrentCount = c.CurrentCount,
                        Message = $"the Anderson–Darling test needs at least 4 values in all; got {c.ReferenceCount} reference and {c.CurrentCount} current.",
                    };
                var ad = Statistics.AndersonDarling.FromStatistic(c.AndersonDarlingA2kN, [c.ReferenceCount, c.CurrentCount]);
                (stat, p) = (ad.Statistic, ad.PValue);
                if (ad.Clipped) note = string.Create(CultureInfo.InvariantCulture, $"Anderson–Darling p-value clipped to {ad.PValue} (the interpolation covers 0.001–0.25).");
                break;
            default:
                return Skipped(column, kind, rule, $"method {method} needs a binary categorical column; '{column}' is {kind}.") with { ReferenceCount = c.ReferenceCount, CurrentCount = c.CurrentCount };
        }
        return Verdict(column, kind, method, stat, p, threshold, rule, psi, c.ReferenceCount, c.CurrentCount, o) with { Message = note };
    }

    /// <summary>
    /// Adds the missing/±∞ share comparison to a value comparison (the same rule on every path: DataFrame, DuckDB, stream).
    /// A column with no comparable value on a side (<see cref="DriftStatus.Empty"/>) is decided on the shift alone when the
    /// shift drifted (e.g. 0 % → 100 % null), and stays inconclusive otherwise (all missing on both sides). A column whose
    /// values were compared drifts when its values or its shares drifted. Skipped, mismatched and unreadable columns and
    /// a null shift (a side without rows) are returned unchanged.
    /// </summary>
    public static ColumnDriftResult WithMissingValues(ColumnDriftResult values, MissingValueShift? shift, DriftOptions o)
    {
        if (values.Status is DriftStatus.Skipped or DriftStatus.TypeMismatch or DriftStatus.Unreadable or DriftStatus.MissingInCurrent or DriftStatus.MissingInReference) return values;
        if (shift is null) return values;
        if (values.Status == DriftStatus.Empty)
        {
            if (!shift.Drifted) return values with { MissingValues = shift };
            double alpha = o.RuleFor(values.Column).Threshold ?? o.PValueThreshold;
            return values with
            {
                Status = DriftStatus.Ok, Method = DriftMethod.MissingRate, MissingValues = shift, Drifted = true, Signal = shift.Signal,
                PValue = Math.Min(shift.MissingPValue, shift.NonFinitePValue), Statistic = shift.CurrentMissingRate - shift.ReferenceMissingRate, Threshold = alpha,
                Message = values.Message + " Compared on missing values: " + shift.Describe() + ".",
            };
        }
        if (!shift.Drifted) return values with { MissingValues = shift };
        return values with
        {
            MissingValues = shift, Drifted = true, Signal = Math.Max(values.Signal, shift.Signal),
            Message = (values.Message is null ? "" : values.Message + " ") + "Missing values shifted: " + shift.Describe() + ".",
        };
    }

    public static ColumnDriftResult Categorical(string column, ColumnKind kind, IReadOnlyDictionary<string, long> reference, IReadOnlyDictionary<string, long> current, DriftOptions o, bool numericFallback = false)
    {
        var rule = o.RuleFor(column);
        long rn = reference.Values.Sum(), cn = current.Values.Sum();
        if (rn == 0 || cn == 0) return Empty(column, kind, rule, rn, cn);
        var psi = PopulationStabilityIndex.ComputeCategorical(reference, current, o.PsiEpsilon);
        int distinct = reference.Keys.Union(current.Keys).Count(k => reference.GetValueOrDefault(k) + current.GetValueOrDefault(k) > 0);
        var requested = rule.Method;
        if (numericFallback && requested is DriftMethod.KolmogorovSmirnov or DriftMethod.Wasserstein or DriftMethod.EnergyDistance or DriftMethod.AndersonDarling
            or DriftMethod.CramerVonMises or DriftMethod.MannWhitneyU) requested = DriftMethod.Auto;
        var method = requested == DriftMethod.Auto ? o.AutomaticMethod(ColumnKind.Categorical, rn, distinct) : requested;
        double threshold = rule.Threshold ?? o.DefaultThreshold(method);
        double stat;
        double? p = null;
        string? note = null;
        switch (method)
        {
            case DriftMethod.ChiSquare:
                var chi = ChiSquareTest.TestPooled(reference, current, o.ChiSquareMinimumExpected);
                (stat, p) = (chi.Test.Statistic, chi.Test.PValue);
                if (chi.FisherExact) method = DriftMethod.FisherExact;
                note = PoolingNote(chi, chi.PooledCells, o);
                break;
            case DriftMethod.FisherExact when distinct <= 2:
                var cells = reference.Keys.Union(current.Keys).Where(k => reference.GetValueOrDefault(k) + current.GetValueOrDefault(k) > 0).OrderBy(k => k, StringComparer.Ordinal).ToArray();
                var fisher = FisherExactTest.Test(reference.GetValueOrDefault(cells[0]), rn - reference.GetValueOrDefault(cells[0]), current.GetValueOrDefault(cells[0]), cn - current.GetValueOrDefault(cells[0]));
                (stat, p) = (fisher.Statistic, fisher.PValue);
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
                return Skipped(column, kind, rule, method is DriftMethod.ZTest or DriftMethod.FisherExact
                    ? $"the {(method == DriftMethod.ZTest ? "z-test" : "Fisher exact test")} needs a binary column; '{column}' has {distinct} categories."
                    : $"method {method} needs a numeric column; '{column}' is {kind}.") with { ReferenceCount = rn, CurrentCount = cn };
        }
        var result = Verdict(column, kind, method, stat, p, threshold, rule, psi, rn, cn, o) with { Message = note };
        var referenceCategories = reference.Where(kv => kv.Value > 0).Select(kv => kv.Key).ToArray();
        return referenceCategories.Length == 1 && !numericFallback
            ? result with { Status = DriftStatus.Constant, Message = $"the reference holds a single category ('{referenceCategories[0]}')." + (note is null ? "" : " " + note) }
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

    private static string? PoolingNote(ChiSquarePooledResult chi, IEnumerable<string> pooled, DriftOptions o)
    {
        var cells = pooled.ToArray();
        string list = string.Join(", ", cells.Take(5)) + (cells.Length > 5 ? ", …" : "");
        if (chi.FisherExact && cells.Length > 0)
            return string.Create(CultureInfo.InvariantCulture,
                $"χ² table too sparse (expected counts below {o.ChiSquareMinimumExpected} even after pooling): Fisher's exact test of the largest cell against the rest ({list}).");
        return cells.Length == 0 ? null : string.Create(CultureInfo.InvariantCulture,
            $"χ²: {cells.Length} sparse cell(s) with an expected count below {o.ChiSquareMinimumExpected} pooled ({list}).");
    }

    public static ColumnDriftResult Skipped(string column, ColumnKind? kind, ColumnDriftRule rule, string why) => new()
    {
        Column = column, Kind = kind, Status = DriftStatus.Skipped, Method = rule.Method, Weight = rule.Weight, Message = why,
    };
}
