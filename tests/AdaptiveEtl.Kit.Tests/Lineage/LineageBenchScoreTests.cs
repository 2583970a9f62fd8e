using System.Text.Json;
using AdaptiveEtl.Kit.Lineage;
using AdaptiveEtl.Kit.Lineage.Sql;
using AdaptiveEtl.Kit.Tests.Infrastructure;

namespace AdaptiveEtl.Kit.Tests.Lineage;

/// <summary>
/// Scores the parser against lineage-bench's reference column lineage (../shared/lineage-bench/expected/{tpch,tpcds}.json,
/// computed with sqlglot.lineage, see its README). Columns are matched by position; precision/recall are micro-averaged
/// over all (column, base column) pairs. Skips when ../shared is absent.
/// </summary>
public sealed class LineageBenchScoreTests(ITestOutputHelper output)
{
    /// <summary>Precision/recall counts of one set kind.</summary>
    internal sealed class Counts
    {
        public long Tp, Fp, Fn;
        public double Precision => Tp + Fp == 0 ? 1 : (double)Tp / (Tp + Fp);
        public double Recall => Tp + Fn == 0 ? 1 : (double)Tp / (Tp + Fn);
        public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
        public void Add(IEnumerable<string> expected, IEnumerable<string> actual)
        {
            var e = expected.ToHashSet(); var a = actual.ToHashSet();
            Tp += a.Count(e.Contains); Fp += a.Count(x => !e.Contains(x)); Fn += e.Count(x => !a.Contains(x));
        }
        public override string ToString() => $"P={Precision:F3} R={Recall:F3} F1={F1:F3}";
    }

    internal sealed record Score(string Corpus, int Queries, int Failed, int Columns, int ExactValue, int ExactIndirect, Counts Value, Counts Indirect);

    internal static Score Run(string corpus, Action<string>? log = null)
    {
        var bench = Path.Combine(RepoPaths.Shared!, "lineage-bench");
        var catalog = LineageCatalog.FromJsonFile(Path.Combine(bench, corpus, "schema.json"));
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(bench, "expected", corpus + ".json")));
        using var parser = new SqlLineageParser(catalog);
        var value = new Counts(); var indirect = new Counts();
        int queries = 0, failed = 0, columns = 0, exactValue = 0, exactIndirect = 0;
        foreach (var q in expected.RootElement.GetProperty("queries").EnumerateObject())
        {
            queries++;
            var sql = File.ReadAllText(Path.Combine(bench, corpus, q.Name + ".sql"));
            var expCols = q.Value.GetProperty("columns").EnumerateArray().ToList();
            if (!parser.TryParse(sql, 0, out var lineage, out var failure))
            {
                failed++;
                log?.Invoke($"{corpus}/{q.Name}: FAILED {failure!.Reason}");
                foreach (var c in expCols) { columns++; value.Add(Set(c, "value"), []); indirect.Add(Set(c, "indirect"), []); }
                continue;
            }
            for (int i = 0; i < expCols.Count; i++)
            {
                columns++;
                var ev = Set(expCols[i], "value"); var ei = Set(expCols[i], "indirect");
                var col = i < lineage!.Columns.Count ? lineage.Columns[i] : null;
                var av = col?.Value.Select(x => x.ToString()).ToList() ?? new List<string>();
                var ai = col?.Indirect.Keys.Select(x => x.ToString()).ToList() ?? new List<string>();
                value.Add(ev, av); indirect.Add(ei, ai);
                bool okV = ev.ToHashSet().SetEquals(av), okI = ei.ToHashSet().SetEquals(ai);
                if (okV) exactValue++;
                if (okI) exactIndirect++;
                if (!okV || !okI)
                    log?.Invoke($"{corpus}/{q.Name}[{i}] {expCols[i].GetProperty("name").GetString()}: " +
                                (okV ? "" : $"value -[{string.Join(",", ev.Except(av))}] +[{string.Join(",", av.Except(ev))}] ") +
                                (okI ? "" : $"indirect -[{string.Join(",", ei.Except(ai))}] +[{string.Join(",", ai.Except(ei))}]"));
            }
            if (lineage!.Columns.Count != expCols.Count) log?.Invoke($"{corpus}/{q.Name}: {lineage.Columns.Count} columns, expected {expCols.Count}");
        }
        return new Score(corpus, queries, failed, columns, exactValue, exactIndirect, value, indirect);

        static List<string> Set(JsonElement c, string name) =>
            c.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(x => x.GetString()!).ToList() : new List<string>();
    }

    // Floors: measured on 2026-11-24 (printed by this test): TPC-H value F1 1.000, indirect F1 1.000 (76/76 columns exact);
    // TPC-DS value F1 1.000, indirect F1 1.000 (608/608 exact). Floor = measured minus 0.01.
    [Theory]
    [InlineData("tpch", 0.99, 0.99)]
    [InlineData("tpcds", 0.99, 0.99)]
    public void Column_lineage_matches_the_reference(string corpus, double valueF1Floor, double indirectF1Floor)
    {
        if (RepoPaths.Shared is null || !Directory.Exists(Path.Combine(RepoPaths.Shared, "lineage-bench")))
            Assert.Skip("../shared/lineage-bench is not present beside the repository");
        var s = Run(corpus, output.WriteLine);
        output.WriteLine($"{corpus}: {s.Queries} queries ({s.Failed} failed), {s.Columns} columns; value {s.Value} exact {s.ExactValue}/{s.Columns}; indirect {s.Indirect} exact {s.ExactIndirect}/{s.Columns}");
        Assert.True(s.Value.F1 >= valueF1Floor, $"value F1 {s.Value.F1:F3} < {valueF1Floor}");
        Assert.True(s.Indirect.F1 >= indirectF1Floor, $"indirect F1 {s.Indirect.F1:F3} < {indirectF1Floor}");
    }
}
