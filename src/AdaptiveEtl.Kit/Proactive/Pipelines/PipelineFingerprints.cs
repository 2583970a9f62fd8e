using System.Security.Cryptography;
using System.Text;

namespace AdaptiveEtl.Kit.Proactive.Pipelines;

/// <summary>
/// Input fingerprints of steps: a step's output is fully determined by the data of the sources upstream of it and the
/// definitions of the step and its ancestors (and where it is written). Equal fingerprints mean the step would write
/// the same table again, so it can be skipped (steps must be deterministic: no <c>random()</c>, <c>now()</c>).
/// </summary>
public static class PipelineFingerprints
{
    /// <summary>The input fingerprint of every step.</summary>
    /// <param name="definition">The pipeline.</param>
    /// <param name="sources">Current fingerprint of every source table.</param>
    /// <param name="targetSchema">The schema the outputs are written to.</param>
    /// <exception cref="ArgumentException">A source has no fingerprint.</exception>
    public static IReadOnlyDictionary<string, string> ForSteps(PipelineDefinition definition, IReadOnlyDictionary<string, TableFingerprint> sources, string targetSchema)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(sources);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var topo = definition.TopologicalOrder();
        foreach (var step in topo)
        {
            var text = new StringBuilder().Append("schema=").Append(targetSchema).Append('\n');
            var ancestors = Ancestors(definition, step);
            foreach (var a in topo.Where(s => ancestors.Contains(s.Name)))
                text.Append("step ").Append(a.Name).Append(' ').Append(a.DefinitionHash).Append('\n');
            foreach (var s in definition.UpstreamSources(step))
            {
                if (!sources.TryGetValue(s, out var fp)) throw new ArgumentException($"no fingerprint for source '{s}' of step '{step.Name}'.", nameof(sources));
                text.Append("source ").Append(s).Append(' ').Append(fp.Rows).Append(' ').Append(fp.HashSum).Append('\n');
            }
            result[step.Name] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
        }
        return result;
    }

    private static HashSet<string> Ancestors(PipelineDefinition definition, PipelineStep step)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<PipelineStep>([step]);
        while (stack.Count > 0)
        {
            var s = stack.Pop();
            if (!seen.Add(s.Name)) continue;
            foreach (var p in definition.Producers(s)) stack.Push(p);
        }
        return seen;
    }
}
