using AdaptiveEtl.Kit.Lineage;
using AdaptiveEtl.Kit.Lineage.Capture;
using AdaptiveEtl.Kit.Lineage.Graph;
using AdaptiveEtl.Kit.Lineage.Sql;
using AdaptiveEtl.Kit.SchemaEvolution.Profiling;
using MathNet.Numerics;
using MathNet.Numerics.Statistics;

namespace AdaptiveEtl.Kit.SchemaEvolution.Usage;

/// <summary>The aggregation behind <see cref="WorkloadModel.Build"/>.</summary>
internal sealed class WorkloadModelBuilder(SqlLineageParser parser, IReadOnlyList<TableProfile> profiles, LineageGraph? lineage)
{
    private sealed class Family
    {
        public required string Fingerprint;
        public required string Normalized;
        public required string Source;
        public readonly Dictionary<string, long> Texts = new(StringComparer.Ordinal);
        public readonly List<QueryExecution> Runs = [];
        public StatementLineage? Lineage;
        public readonly Dictionary<ColumnRef, HashSet<ColumnRole>> Roles = [];
        public readonly Dictionary<ColumnRef, (PredicateKind Kind, double SelSum, long SelN)> Predicates = [];
        public IReadOnlyList<string> Reads = [];
        public string? Target;
    }

    public WorkloadModel Build(IEnumerable<QueryLogEntry> queryLog, IEnumerable<AccessLogEntry> accessLog)
    {
        var families = new Dictionary<string, Family>(StringComparer.Ordinal);
        foreach (var e in queryLog)
        {
            var normalized = SqlFingerprint.Normalize(e.QueryText);
            var id = SqlFingerprint.IdOf(normalized);
            if (!families.TryGetValue(id, out var f)) families[id] = f = new Family { Fingerprint = id, Normalized = normalized, Source = "sql" };
            long calls = Math.Max(1, e.Calls);
            f.Texts[e.QueryText] = f.Texts.GetValueOrDefault(e.QueryText) + calls;
            f.Runs.Add(new QueryExecution(e.Timestamp, id, e.DurationMs / calls, e.Rows is { } r ? r / calls : null, calls, e.User, e.Application));
        }
        int parsed = 0, unparsed = 0;
        foreach (var f in families.Values)
        {
            // One parse per family: every text of a family has the same shape (only literals differ).
            if (parser.TryParse(f.Texts.Keys.First(), 0, out var lineageOfFamily, out _) && lineageOfFamily is not null)
            {
                parsed++;
                f.Lineage = lineageOfFamily;
                f.Reads = lineageOfFamily.Reads;
                f.Target = lineageOfFamily.Target;
                CollectRoles(f, lineageOfFamily);
                CollectPredicates(f);
            }
            else unparsed++;
        }
        foreach (var a in accessLog)
        {
            var dataset = a.Dataset.ToLowerInvariant();
            var cols = a.Columns.Select(c => c.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal).ToArray();
            var filters = a.FilterColumns.Select(c => c.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal).ToArray();
            var normalized = $"read {dataset}({string.Join(", ", cols)})" + (filters.Length > 0 ? " where " + string.Join(", ", filters) : "");
            var id = SqlFingerprint.IdOf(normalized);
            if (!families.TryGetValue(id, out var f))
            {
                families[id] = f = new Family { Fingerprint = id, Normalized = normalized, Source = "access", Reads = [dataset] };
                foreach (var c in cols) Role(f, new ColumnRef(dataset, c), ColumnRole.Projection);
                foreach (var c in filters) Role(f, new ColumnRef(dataset, c), ColumnRole.Filter);
            }
            f.Runs.Add(new QueryExecution(a.Timestamp, id, a.LatencyMs, a.Rows, 1, a.User, a.Application));
        }

        var executions = families.Values.SelectMany(f => f.Runs).OrderBy(r => r.Timestamp).ThenBy(r => r.Fingerprint, StringComparer.Ordinal).ToList();
        var weeks = Weeks(executions);
        var upstream = Upstream(families.Values);
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        int Depth(string table) => DepthOf(table, upstream, depth, []);

        var familyRecords = families.Values.Select(f => ToRecord(f, weeks, f.Target is { } t ? Depth(t) : f.Reads.Select(Depth).DefaultIfEmpty(0).Max())).ToList();
        var columns = Columns(families.Values, weeks);
        var tables = Tables(families.Values, weeks, upstream, Depth);
        var consumers = Consumers(families.Values);
        return new WorkloadModel(columns, tables, familyRecords, consumers, executions, upstream, parsed, unparsed, profiles);
    }

    private static void Role(Family f, ColumnRef c, ColumnRole role)
    {
        if (!f.Roles.TryGetValue(c, out var set)) f.Roles[c] = set = [];
        set.Add(role);
    }

    private static ColumnRole RoleOf(DependencyKind kind) => kind switch
    {
        DependencyKind.Filter => ColumnRole.Filter,
        DependencyKind.JoinKey => ColumnRole.Join,
        DependencyKind.GroupKey => ColumnRole.Group,
        DependencyKind.Sort => ColumnRole.Order,
        _ => ColumnRole.Projection,
    };

    private static void CollectRoles(Family f, StatementLineage s)
    {
        foreach (var col in s.Columns)
        {
            foreach (var v in col.Value) Role(f, v, ColumnRole.Projection);
            foreach (var (c, k) in col.Indirect) Role(f, c, RoleOf(k));
        }
        foreach (var (c, k) in s.RowFilter) Role(f, c, RoleOf(k));
    }

    private void CollectPredicates(Family f)
    {
        var filterColumns = f.Roles.Where(p => p.Value.Contains(ColumnRole.Filter)).Select(p => p.Key).ToList();
        if (filterColumns.Count == 0) return;
        foreach (var (text, calls) in f.Texts)
        {
            // Several predicates on one column in one text (a range written as two comparisons) multiply (independence).
            var perText = new Dictionary<ColumnRef, (PredicateKind Kind, double Sel)>();
            foreach (var p in FilterPredicate.Extract(text))
            {
                var candidates = filterColumns.Where(c => c.Column == p.Column).ToList();
                if (candidates.Count > 1 && p.Qualifier is { } q)
                    candidates = candidates.Where(c => c.Table == q || c.Table.EndsWith("." + q, StringComparison.Ordinal)).ToList();
                if (candidates.Count != 1) continue;
                var column = candidates[0];
                var profile = WorkloadModel.FindProfile(profiles, column.Table)?.Column(column.Column);
                double sel = SelectivityEstimator.Estimate(p, profile);
                perText[column] = perText.TryGetValue(column, out var old) ? (Stronger(old.Kind, p.Kind), old.Sel * sel) : (p.Kind, sel);
            }
            foreach (var (column, (kind, sel)) in perText)
                f.Predicates[column] = f.Predicates.TryGetValue(column, out var acc)
                    ? (Stronger(acc.Kind, kind), acc.SelSum + sel * calls, acc.SelN + calls)
                    : (kind, sel * calls, calls);
        }
    }

    // Equality beats IN beats range beats <> for deciding index column order.
    private static PredicateKind Stronger(PredicateKind a, PredicateKind b) => (PredicateKind)Math.Min((int)a, (int)b);

    private static List<DateOnly> Weeks(List<QueryExecution> executions)
    {
        if (executions.Count == 0) return [];
        var first = WeekOf(executions[0].Timestamp);
        var last = WeekOf(executions[^1].Timestamp);
        var weeks = new List<DateOnly>();
        for (var w = first; w <= last; w = w.AddDays(7)) weeks.Add(w);
        return weeks;
    }

    internal static DateOnly WeekOf(DateTimeOffset t)
    {
        var d = DateOnly.FromDateTime(t.UtcDateTime);
        return d.AddDays(-(((int)d.DayOfWeek + 6) % 7));
    }

    internal static double Slope(IReadOnlyList<double> y)
    {
        if (y.Count < 2) return 0;
        var x = Enumerable.Range(0, y.Count).Select(i => (double)i).ToArray();
        return Fit.Line(x, y.ToArray()).B;
    }

    private static double[] WeeklyCounts(IEnumerable<QueryExecution> runs, List<DateOnly> weeks)
    {
        var counts = new double[weeks.Count];
        if (weeks.Count == 0) return counts;
        foreach (var r in runs) counts[(WeekOf(r.Timestamp).DayNumber - weeks[0].DayNumber) / 7] += r.Calls;
        return counts;
    }

    private static QueryFamily ToRecord(Family f, List<DateOnly> weeks, int depth)
    {
        long executions = f.Runs.Sum(r => r.Calls);
        var timed = f.Runs.Where(r => r.DurationMs is not null).ToList();
        double total = timed.Sum(r => r.DurationMs!.Value * r.Calls);
        long timedCalls = timed.Sum(r => r.Calls);
        var rows = f.Runs.Where(r => r.Rows is not null).ToList();
        var weekly = weeks.Select(w =>
        {
            var inWeek = f.Runs.Where(r => WeekOf(r.Timestamp) == w).ToList();
            var t = inWeek.Where(r => r.DurationMs is not null).ToList();
            long calls = t.Sum(r => r.Calls);
            return new WeeklyPoint(w, inWeek.Sum(r => r.Calls), calls == 0 ? null : t.Sum(r => r.DurationMs!.Value * r.Calls) / calls);
        }).ToList();
        var timedWeeks = weekly.Where(w => w.MeanDurationMs is not null).ToList();
        double durationSlope = timedWeeks.Count < 2 ? 0
            : Fit.Line(timedWeeks.Select(w => (double)(w.WeekStart.DayNumber - weeks[0].DayNumber) / 7).ToArray(), timedWeeks.Select(w => w.MeanDurationMs!.Value).ToArray()).B;
        var roles = f.Roles;
        List<ColumnRef> With(ColumnRole role) => roles.Where(p => p.Value.Contains(role)).Select(p => p.Key).Order().ToList();
        var filters = With(ColumnRole.Filter).Select(c => f.Predicates.TryGetValue(c, out var p)
            ? new FilteredColumn(c, p.Kind, p.SelN == 0 ? null : p.SelSum / p.SelN) : new FilteredColumn(c, null, null)).ToList();
        return new QueryFamily(f.Fingerprint, f.Normalized,
            f.Source == "sql" ? f.Texts.OrderByDescending(p => p.Value).First().Key : null, f.Source, f.Lineage?.Kind, executions, f.Texts.Count,
            total, timedCalls == 0 ? 0 : total / timedCalls,
            timed.Count == 0 ? 0 : Statistics.Quantile(timed.Select(r => r.DurationMs!.Value), 0.95),
            rows.Count == 0 ? null : (double)rows.Sum(r => r.Rows!.Value * r.Calls) / rows.Sum(r => r.Calls),
            f.Runs.Min(r => r.Timestamp), f.Runs.Max(r => r.Timestamp), f.Reads, f.Target,
            ConsumersOf(f.Runs).Order(StringComparer.Ordinal).ToList(), filters, With(ColumnRole.Join), With(ColumnRole.Group), With(ColumnRole.Order),
            weekly, Slope(WeeklyCounts(f.Runs, weeks)), durationSlope, depth, With(ColumnRole.Projection));
    }

    private static IEnumerable<string> ConsumersOf(IEnumerable<QueryExecution> runs) =>
        runs.SelectMany(r => new[] { r.User is null ? null : "user:" + r.User, r.Application is null ? null : "application:" + r.Application })
            .OfType<string>().Distinct(StringComparer.Ordinal);

    private static List<ColumnUsage> Columns(IEnumerable<Family> families, List<DateOnly> weeks)
    {
        var all = families.ToList();
        var result = new List<ColumnUsage>();
        foreach (var column in all.SelectMany(f => f.Roles.Keys).Distinct())
        {
            var users = all.Where(f => f.Roles.ContainsKey(column)).ToList();
            long Count(ColumnRole role) => users.Where(f => f.Roles[column].Contains(role)).Sum(f => f.Runs.Sum(r => r.Calls));
            long eq = 0, range = 0, selN = 0;
            double selSum = 0;
            foreach (var f in users)
                if (f.Predicates.TryGetValue(column, out var p))
                {
                    long calls = f.Runs.Sum(r => r.Calls);
                    if (p.Kind is PredicateKind.Equality or PredicateKind.InList) eq += calls;
                    else if (p.Kind == PredicateKind.Range) range += calls;
                    selSum += p.SelSum;
                    selN += p.SelN;
                }
            double filterTime = users.Where(f => f.Roles[column].Contains(ColumnRole.Filter) || f.Roles[column].Contains(ColumnRole.Join))
                .Sum(f => f.Runs.Where(r => r.DurationMs is not null).Sum(r => r.DurationMs!.Value * r.Calls));
            long access = users.Where(f => f.Source == "access").Sum(f => f.Runs.Sum(r => r.Calls));
            result.Add(new ColumnUsage(column, users.Sum(f => f.Runs.Sum(r => r.Calls)), Count(ColumnRole.Projection), Count(ColumnRole.Filter),
                Count(ColumnRole.Join), Count(ColumnRole.Group), Count(ColumnRole.Order), eq, range, selN == 0 ? null : selSum / selN, filterTime, access,
                ConsumersOf(users.SelectMany(f => f.Runs)).Count(), Slope(WeeklyCounts(users.SelectMany(f => f.Runs), weeks))));
        }
        return result;
    }

    private static List<TableUsage> Tables(IEnumerable<Family> families, List<DateOnly> weeks, Dictionary<string, IReadOnlyList<string>> upstream, Func<string, int> depth)
    {
        var all = families.ToList();
        var names = all.SelectMany(f => f.Reads.Concat(f.Target is null ? [] : [f.Target])).Concat(upstream.Keys).Distinct(StringComparer.Ordinal);
        return names.Select(t =>
        {
            var readers = all.Where(f => f.Reads.Contains(t, StringComparer.Ordinal)).ToList();
            var runs = readers.SelectMany(f => f.Runs).ToList();
            return new TableUsage(t, runs.Sum(r => r.Calls), all.Where(f => f.Target == t).Sum(f => f.Runs.Sum(r => r.Calls)),
                readers.Where(f => f.Source == "access").Sum(f => f.Runs.Sum(r => r.Calls)),
                runs.Where(r => r.DurationMs is not null).Sum(r => r.DurationMs!.Value * r.Calls), ConsumersOf(runs).Count(),
                depth(t), upstream.GetValueOrDefault(t, []), Slope(WeeklyCounts(runs, weeks)));
        }).ToList();
    }

    private static List<ConsumerUsage> Consumers(IEnumerable<Family> families)
    {
        var runs = families.SelectMany(f => f.Runs.Select(r => (f, r))).ToList();
        IEnumerable<ConsumerUsage> Of(string kind, Func<QueryExecution, string?> key) =>
            runs.Where(p => key(p.r) is not null).GroupBy(p => key(p.r)!, StringComparer.Ordinal).Select(g => new ConsumerUsage(kind, g.Key,
                g.Sum(p => p.r.Calls), g.Where(p => p.r.DurationMs is not null).Sum(p => p.r.DurationMs!.Value * p.r.Calls),
                g.SelectMany(p => p.f.Reads).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()));
        return Of("user", r => r.User).Concat(Of("application", r => r.Application)).ToList();
    }

    private Dictionary<string, IReadOnlyList<string>> Upstream(IEnumerable<Family> families)
    {
        var deps = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        void Add(string target, string source)
        {
            if (target == source) return;
            if (!deps.TryGetValue(target, out var set)) deps[target] = set = new SortedSet<string>(StringComparer.Ordinal);
            set.Add(source);
        }
        foreach (var f in families)
            if (f.Target is { } t) foreach (var r in f.Reads) Add(t, r);
        if (lineage is not null)
            foreach (var dataset in lineage.Nodes.Where(n => n.Kind == LineageNodeKind.Dataset))
                foreach (var write in lineage.Incoming(dataset.Id).Where(e => e.Kind == LineageEdgeKind.Transforms))
                    foreach (var read in lineage.Incoming(write.Source).Where(e => e.Kind == LineageEdgeKind.Uses && lineage.Find(e.Source)?.Kind == LineageNodeKind.Dataset))
                        Add(dataset.Name, lineage[read.Source].Name);
        return deps.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.ToList(), StringComparer.Ordinal);
    }

    private static int DepthOf(string table, Dictionary<string, IReadOnlyList<string>> upstream, Dictionary<string, int> memo, HashSet<string> visiting)
    {
        if (memo.TryGetValue(table, out var d)) return d;
        if (!upstream.TryGetValue(table, out var ups) || !visiting.Add(table)) return 0; // a cycle counts as a source
        d = 1 + ups.Select(u => DepthOf(u, upstream, memo, visiting)).DefaultIfEmpty(0).Max();
        visiting.Remove(table);
        return memo[table] = d;
    }
}
