using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;

namespace AdaptiveEtl.Kit.SchemaEvolution.Controller;

/// <summary>A change whose statements have run in a still open transaction: look at the catalog as the change sees it, before it commits.</summary>
public interface IPendingChange
{
    /// <summary>Describes <paramref name="table"/> inside the open transaction.</summary>
    Task<TableCatalog> DescribeAsync(QualifiedTable table, CancellationToken cancellationToken = default);

    /// <summary>True when a relation (table, view, materialised view or index) of that name exists inside the open transaction.</summary>
    Task<bool> ObjectExistsAsync(QualifiedTable name, CancellationToken cancellationToken = default);
}
