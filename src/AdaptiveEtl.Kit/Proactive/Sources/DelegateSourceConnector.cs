using AdaptiveEtl.Kit.Data;
using AdaptiveEtl.Kit.Proactive.SchemaChecks;
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
    protected override async Task<FetchResult> FetchCoreAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        var result = await _fetch(request.After, cancellationToken).ConfigureAwait(false);
        var types = _schema.Columns.Select(c => DuckDbTypes.StorageTypeOf(c.Kind)).ToArray();
        DuckDbSql.Execute(request.Connection, $"CREATE TABLE {SqlIdentifier.Quote(request.Table)} ({string.Join(", ", _schema.Columns.Select((c, i) => $"{SqlIdentifier.Quote(c.Name)} {types[i]}"))})");
        long rows = 0, bytes = 0;
        using (var appender = request.Connection.CreateAppender(request.Table))
        {
            foreach (var values in result.Rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (values.Length != types.Length)
                    throw new KitDataException($"row {rows} has {values.Length} value(s); expected {types.Length} ({string.Join(", ", _schema.Columns.Select(c => c.Name))}).", Name, row: rows);
                var row = appender.CreateRow();
                for (int i = 0; i < values.Length; i++) bytes += DuckDbAppend.Value(row, Normalize(values[i], _schema.Columns[i].Kind), types[i]);
                row.EndRow();
                rows++;
            }
        }
        var wm = request.After is null ? result.Watermark : request.After.Merge(result.Watermark);
        return new FetchResult(Name, rows, bytes, wm, TimeSpan.Zero, rows == 0 ? [] : [new FetchedPart(Name, rows, bytes)], []);
    }

    // The appender wants the column's own type: widen user values to BIGINT/DOUBLE as the schema declares.
    private static object? Normalize(object? v, ColumnKind kind) => v switch
    {
        null or DBNull => null,
        int or short or byte or sbyte or uint or ushort when kind == ColumnKind.Integer => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture),
        int or short or byte or long or float or decimal when kind == ColumnKind.Continuous => Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture),
        DateTimeOffset dto when kind == ColumnKind.DateTime => dto.UtcDateTime,
        _ when kind is ColumnKind.Text or ColumnKind.Categorical && v is not string => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture),
        _ => v,
    };
}
