using AdaptiveEtl.Kit.Schema;

namespace AdaptiveEtl.Kit.Proactive.Sources;

/// <summary>
/// A connector made of functions, for a source of one's own in a notebook cell: give the schema and a function that
/// returns the rows after a watermark; the connector writes them into DuckDB (column types from the schema's kinds:
/// Integer → BIGINT, Continuous → DOUBLE, Boolean → BOOLEAN, DateTime → TIMESTAMP, text kinds → VARCHAR).
/// </summary>
/// <example><code>
/// var api = new DelegateSourceConnector("api", schema, async (since, ct) =>
/// {
///     var rows = await client.GetOrdersAfterAsync(since?.Integer ?? 0, ct);
///     return new SourceRows(rows.Select(o => new object?[] { o.Id, o.Amount }), Watermark.OfInteger(rows.Max(o => o.Id)));
/// });
/// </code></example>
public sealed class DelegateSourceConnector : SourceConnectorBase
{
    private readonly TableSchema _schema;
    private readonly Func<Watermark?, CancellationToken, Task<SourceRows>> _fetch;
    private readonly Func<Watermark?, CancellationToken, Task<SourceEstimate>>? _estimate;

    /// <summary>Creates the connector.</summary>
    /// <param name="name">Source name.</param>
    /// <param name="schema">Columns of the rows.</param>
    /// <param name="fetch">Returns the rows after a watermark (null: all).</param>
    /// <param name="estimate">Optional estimate of what is new; without it the estimate is one part of unknown size.</param>
    public DelegateSourceConnector(string name, TableSchema schema, Func<Watermark?, CancellationToken, Task<SourceRows>> fetch,
        Func<Watermark?, CancellationToken, Task<SourceEstimate>>? estimate = null)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(fetch);
        if (schema.Columns.Count == 0) throw new KitDataException("a source needs at least one column.", name);
        _schema = schema;
        _fetch = fetch;
        _estimate = estimate;
    }

    /// <inheritdoc />
    public override Task<TableSchema> DescribeAsync(CancellationToken cancellationToken = default) => Task.FromResult(_schema);

    /// <inheritdoc />
    public override Task<SourceEstimate> EstimateNewAsync(Watermark? since, CancellationToken cancellationToken = default) =>
        _estimate?.Invoke(since, cancellationToken) ?? Task.FromResult(new SourceEstimate(Name, 0, 0, false, [new SourcePart(Name, 0, null, null)]));

    /// <inheritdoc />
    protected override Task<FetchResult> FetchCoreAsync(FetchRequest request, CancellationToken cancellationToken) => throw new NotImplementedException();
}
