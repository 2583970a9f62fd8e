namespace AdaptiveEtl.Kit.Lineage.Graph;

/// <summary>A node of the lineage graph with when it was first/last seen and how often.</summary>
/// <param name="Id">Stable id, e.g. <c>dataset:staging.orders</c>, <c>column:staging.orders.amount</c>, <c>process:query:1a2b…</c>, <c>consumer:user:alice</c>.</param>
/// <param name="Kind">What the node stands for.</param>
/// <param name="Name">Display name (table name, column name, statement excerpt, user name).</param>
/// <param name="Parent">For columns the dataset node id; otherwise null.</param>
/// <param name="FirstSeen">First observation (UTC).</param>
/// <param name="LastSeen">Last observation (UTC).</param>
/// <param name="Count">Number of observations.</param>
public sealed record LineageNode(string Id, LineageNodeKind Kind, string Name, string? Parent, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, long Count)
{
    /// <summary>
    /// Id of the dataset node for an exact table name (as <see cref="LineageNames.Fold"/> gives it): <c>dataset:staging.orders</c>;
    /// a part with an upper-case letter (a quoted name that kept its case) is written quoted, <c>dataset:public."Users"</c>,
    /// as in column ids.
    /// </summary>
    public static string DatasetId(string table) => "dataset:" + LineageNames.WriteQualified(table);

    /// <summary>Id of the column node for a column.</summary>
    public static string ColumnId(ColumnRef column) => "column:" + column;

    /// <summary>Id of a user consumer node.</summary>
    public static string UserId(string user) => "consumer:user:" + user;

    /// <summary>Id of an application consumer node.</summary>
    public static string ApplicationId(string application) => "consumer:application:" + application;

    /// <summary>Id of a process node (job, statement) in a namespace, e.g. <c>ProcessId("job", "orders_daily")</c>.</summary>
    public static string ProcessId(string kind, string name) => "process:" + kind + ":" + name;

    /// <summary>For a column node, its <see cref="ColumnRef"/>; otherwise null.</summary>
    public ColumnRef? Column => Kind == LineageNodeKind.Column && Id.StartsWith("column:", StringComparison.Ordinal) ? ColumnRef.Parse(Id["column:".Length..]) : null;
}
