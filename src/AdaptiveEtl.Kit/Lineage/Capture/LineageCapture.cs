using AdaptiveEtl.Kit.Lineage.Graph;
using AdaptiveEtl.Kit.Lineage.Sql;

namespace AdaptiveEtl.Kit.Lineage.Capture;

/// <summary>
/// The result of <see cref="EtlKit.CaptureLineage(string, string?)"/>: the column-level lineage graph and the parse report
/// (statements parsed, statements skipped with why). Deconstructs: <c>var (graph, report) = kit.CaptureLineage(...)</c>.
/// </summary>
/// <param name="Graph">The lineage graph of every parsed statement.</param>
/// <param name="Report">What parsed and what was skipped.</param>
public sealed record LineageCapture(LineageGraph Graph, LineageParseReport Report);
