namespace AdaptiveEtl.Kit.Lineage.Graph;

/// <summary>What a <see cref="LineageNode"/> stands for.</summary>
public enum LineageNodeKind
{
    /// <summary>A table, view or file (OpenLineage dataset).</summary>
    Dataset,
    /// <summary>A column of a dataset (its <see cref="LineageNode.Parent"/> is the dataset).</summary>
    Column,
    /// <summary>Something that reads and writes data: an ETL job, a logged SQL statement, a pipeline run.</summary>
    Process,
    /// <summary>Who or what consumes data: a user, an application, a report.</summary>
    Consumer,
}
