using AdaptiveEtl.Kit.Lineage.Sql;

namespace AdaptiveEtl.Kit.Lineage.OpenLineage;

/// <summary>
/// Builds the OpenLineage event a kit pipeline emits per run: inputs, outputs and the column mapping (the
/// <c>columnLineage</c> facet). Column names are <c>table.column</c> written as SQL writes them (unquoted parts fold to
/// lower case, quoted ones keep their case: <c>public."Users"."Order ID"</c>); tables become datasets in
/// <see cref="DatasetNamespace"/> under their exact names.
/// </summary>
/// <example><code>
/// var ev = new OpenLineageEventBuilder("adaptive-etl-kit", "orders_daily", "duckdb://warehouse")
///     .Input("raw.orders").Output("staging.orders")
///     .Map("staging.orders.amount", DependencyKind.Transformation, "raw.orders.amount", "raw.orders.discount")
///     .Build("COMPLETE", DateTimeOffset.UtcNow);
/// File.AppendAllText("events.jsonl", ev.ToJson() + "\n");
/// </code></example>
public sealed class OpenLineageEventBuilder
{
    private readonly List<string> _inputs = new();
    private readonly List<string> _outputs = new();
    private readonly Dictionary<ColumnRef, Dictionary<ColumnRef, SortedSet<DependencyKind>>> _columns = new();

    /// <summary>Starts an event for a job.</summary>
    /// <param name="jobNamespace">Job namespace (e.g. the kit's name or the scheduler).</param>
    /// <param name="jobName">Job (pipeline) name.</param>
    /// <param name="datasetNamespace">Namespace of the datasets (e.g. <c>duckdb://warehouse</c>).</param>
    public OpenLineageEventBuilder(string jobNamespace, string jobName, string datasetNamespace = "warehouse")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobNamespace);
        ArgumentException.ThrowIfNullOrWhiteSpace(jobName);
        JobNamespace = jobNamespace;
        JobName = jobName;
        DatasetNamespace = datasetNamespace;
    }

    /// <summary>Job namespace.</summary>
    public string JobNamespace { get; }

    /// <summary>Job name.</summary>
    public string JobName { get; }

    /// <summary>Namespace of the datasets.</summary>
    public string DatasetNamespace { get; }

    /// <summary>Adds an input dataset by its exact name (<c>public.Users</c> stays as given).</summary>
    public OpenLineageEventBuilder Input(string table) { Add(_inputs, table); return this; }

    /// <summary>Adds an output dataset by its exact name.</summary>
    public OpenLineageEventBuilder Output(string table) { Add(_outputs, table); return this; }

    /// <summary>
    /// Maps an output column to its input columns (adding their datasets as output/inputs). Mapping the same pair again
    /// with another kind adds that kind: an input that is both a value and an indirect source (a projected join key) gets
    /// a DIRECT and an INDIRECT transformation.
    /// </summary>
    /// <exception cref="KitDataException">A name is not <c>table.column</c>.</exception>
    public OpenLineageEventBuilder Map(string outputColumn, DependencyKind kind, params string[] inputColumns)
    {
        var output = ColumnRef.Parse(outputColumn);
        Output(output.Table);
        if (!_columns.TryGetValue(output, out var inputs)) _columns[output] = inputs = new();
        foreach (var i in inputColumns)
        {
            var input = ColumnRef.Parse(i);
            Input(input.Table);
            if (!inputs.TryGetValue(input, out var kinds)) inputs[input] = kinds = new();
            kinds.Add(kind);
        }
        return this;
    }

    /// <summary>Adds a parsed statement: its reads as inputs, its target as output, its column lineage as the mapping.</summary>
    public OpenLineageEventBuilder Statement(StatementLineage statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        foreach (var t in statement.Reads) Input(t);
        if (statement.Target is null) return this;
        Output(statement.Target);
        foreach (var e in statement.Edges) Map(e.Target.ToString(), e.Kind, e.Source.ToString());
        return this;
    }

    /// <summary>Builds the event.</summary>
    /// <param name="eventType">START, RUNNING, COMPLETE, ABORT, FAIL or OTHER.</param>
    /// <param name="eventTime">When.</param>
    /// <param name="runId">Run id; a new UUID when null.</param>
    public OpenLineageEvent Build(string eventType, DateTimeOffset eventTime, string? runId = null)
    {
        var e = new OpenLineageEvent
        {
            EventType = eventType,
            EventTime = eventTime,
            Run = new OpenLineageRun { RunId = runId ?? Guid.NewGuid().ToString() },
            Job = new OpenLineageJob { Namespace = JobNamespace, Name = JobName },
            Inputs = _inputs.Select(t => new OpenLineageDataset { Namespace = DatasetNamespace, Name = t }).ToList(),
        };
        foreach (var t in _outputs)
        {
            var facet = new ColumnLineageFacet();
            foreach (var (output, inputs) in _columns.Where(c => c.Key.Table == t).OrderBy(c => c.Key))
                facet.Fields[output.Column] = new ColumnLineageField
                {
                    InputFields = inputs.OrderBy(p => p.Key).Select(p => new ColumnLineageInputField
                    {
                        Namespace = DatasetNamespace, Name = p.Key.Table, Field = p.Key.Column,
                        Transformations = p.Value.Select(ColumnLineageTransformation.From).ToList(),
                    }).ToList(),
                };
            e.Outputs.Add(new OpenLineageDataset
            {
                Namespace = DatasetNamespace, Name = t,
                Facets = facet.Fields.Count == 0 ? null : new OpenLineageDatasetFacets { ColumnLineage = facet },
            });
        }
        return e;
    }

    private static void Add(List<string> list, string table)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        if (!list.Contains(table)) list.Add(table);
    }
}
