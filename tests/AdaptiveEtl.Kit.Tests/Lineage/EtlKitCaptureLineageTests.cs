using AdaptiveEtl.Kit.Lineage.Capture;
using AdaptiveEtl.Kit.Tests.Infrastructure;

namespace AdaptiveEtl.Kit.Tests.Lineage;

/// <summary><c>EtlKit.CaptureLineage</c>: one result object (no <c>out</c> parameter), one graph over several logs.</summary>
public class EtlKitCaptureLineageTests
{
    [Fact]
    public void Several_logs_are_captured_in_order_into_one_graph()
    {
        using var kit = EtlKit.InMemory();
        var log = RepoPaths.Sample("query_log.csv");
        var catalog = RepoPaths.Sample("warehouse_catalog.json");
        var (graph, report) = kit.CaptureLineage(log, catalog);
        var twice = kit.CaptureLineage([log, log], catalog);
        int entries = QueryLogReader.ReadCsv(log).Count;
        Assert.Equal(entries, report.Total);                         // every log entry is either parsed or listed as skipped
        Assert.Equal(2 * report.Statements.Count, twice.Report.Statements.Count);
        Assert.Equal(2 * report.Failures.Count, twice.Report.Failures.Count);
        // The same statements twice add no new column edges.
        Assert.Equal(graph.Nodes.Count, twice.Graph.Nodes.Count);
        Assert.Equal(graph.Edges.Count, twice.Graph.Edges.Count);
    }
}
