namespace AdaptiveEtl.Kit.Proactive.Planning;

/// <summary>Where measured step runs are kept and step costs are learnt from (see <see cref="StepCostStore"/>).</summary>
public interface IStepCostStore : IDisposable
{
    /// <summary>"DuckDB" or "PostgreSQL".</summary>
    string Engine { get; }

    /// <summary>Appends step runs (one transaction).</summary>
    void Append(IEnumerable<StepRunRecord> records);

    /// <summary>Recorded runs of a pipeline (optionally one step), newest first, at most <paramref name="limit"/>.</summary>
    IReadOnlyList<StepRunRecord> GetRuns(string pipeline, string? step = null, int limit = 1000);

    /// <summary>
    /// Per step of <paramref name="pipeline"/>: cost per row and selectivity from its latest <paramref name="recentRuns"/>
    /// successful executions that did work (<c>full</c> or <c>delta</c>), and the latest input fingerprint.
    /// </summary>
    IReadOnlyDictionary<string, StepCost> GetCosts(string pipeline, int recentRuns = 20);
}
