using AdaptiveEtl.Kit.Cli.Commands;
using AdaptiveEtl.Kit.Lineage;
using AdaptiveEtl.Kit.Lineage.OpenLineage;
using AdaptiveEtl.Kit.Proactive;
using AdaptiveEtl.Kit.Proactive.Sources;
using AdaptiveEtl.Kit.Proactive.Staging;

namespace AdaptiveEtl.Kit.Cli.Watch;

/// <summary>
/// A watched pipeline whose every run (each trigger the proactive loop handles: from staged data, on demand, or both)
/// emits OpenLineage run events: START when the run begins, then COMPLETE or FAIL (the error as the <c>errorMessage</c>
/// run facet) or ABORT (interrupted), one fresh run id per run, the pipeline as the job. Inputs are the landing-zone
/// folder (<c>file</c> + its absolute path) and the staging table the rows pass through (<c>duckdb://</c> + staging
/// database + table); the output is the target table of the staging database. The run copies the source's columns by
/// name into the target, so COMPLETE's <c>columnLineage</c> facet maps each column of the source's accepted schema
/// to the same-named field of the landing zone and of the staging table (IDENTITY). Events only observe the run: an
/// unreachable backend is a warning (see <see cref="OpenLineageRunSender"/>), never a failed run.
/// </summary>
internal sealed class OpenLineageWorkload(IProactiveWorkload inner, OpenLineageRunSender sender, StagingStore staging, string landingFolder, string target) : IProactiveWorkload
{
    /// <inheritdoc />
    public string Pipeline => inner.Pipeline;

    /// <inheritdoc />
    public string Source => inner.Source;

    /// <inheritdoc />
    public SourceSpeed Speed => inner.Speed;

    /// <inheritdoc />
    public Task<FetchTicket?> FetchAsync(DateTimeOffset now, CancellationToken cancellationToken) => inner.FetchAsync(now, cancellationToken);

    /// <inheritdoc />
    public Task<(long Rows, long Bytes)> DiscardStagedAsync(CancellationToken cancellationToken) => inner.DiscardStagedAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<HybridRunOutcome> RunAsync(DateTimeOffset trigger, CancellationToken cancellationToken)
    {
        var runId = Guid.CreateVersion7().ToString();
        var landing = OpenLineageRunSender.File(landingFolder);
        var staged = OpenLineageRunSender.DuckDb(staging.DatabasePath, StagingStore.StagingTableName(Pipeline, Source));
        await sender.SendAsync(runId, Pipeline, "START", [landing, staged], [], null, cancellationToken).ConfigureAwait(false);
        HybridRunOutcome outcome;
        try { outcome = await inner.RunAsync(trigger, cancellationToken).ConfigureAwait(false); }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await sender.SendAsync(runId, Pipeline, "ABORT", [landing, staged], [], null, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch (Exception e)
        {
            await sender.SendAsync(runId, Pipeline, "FAIL", [landing, staged], [], e.Message, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        var schema = await staging.GetExpectedSchemaAsync(Pipeline, Source, cancellationToken).ConfigureAwait(false);
        var facet = new ColumnLineageFacet();
        foreach (var column in schema?.Columns ?? [])
            facet.Fields[column.Name] = new ColumnLineageField
            {
                InputFields = new[] { landing, staged }.Select(d => new ColumnLineageInputField
                {
                    Namespace = d.Namespace, Name = d.Name, Field = column.Name,
                    Transformations = [ColumnLineageTransformation.From(DependencyKind.DirectCopy)],
                }).ToList(),
            };
        var output = OpenLineageRunSender.DuckDb(staging.DatabasePath, target,
            facet.Fields.Count == 0 ? null : new OpenLineageDatasetFacets { ColumnLineage = facet });
        await sender.SendAsync(runId, Pipeline, "COMPLETE", [landing, staged], [output], null, cancellationToken).ConfigureAwait(false);
        return outcome;
    }
}
