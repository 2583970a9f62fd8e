using AdaptiveEtl.Kit.Cli.Config;
using AdaptiveEtl.Kit.History;
using AdaptiveEtl.Kit.Lineage;
using AdaptiveEtl.Kit.Lineage.OpenLineage;
using Npgsql;

namespace AdaptiveEtl.Kit.Cli.Commands;

/// <summary>
/// The OpenLineage run of one <c>kit run</c> (kit.yaml's <c>openlineage</c> section): a START event when it begins and a
/// COMPLETE (the job ran, whatever it found: drift is a result), FAIL (bad input, with the message as the
/// <c>errorMessage</c> run facet) or ABORT (interrupted) event when it ends, one run id for all. Inputs are the config's
/// sources; outputs the run-history table of the work folder, with an identity column-lineage facet from the same-named
/// columns of every run-history source, and the HTML report and its JSON twin. Dataset names follow OpenLineage's naming
/// (openlineage.io/docs/spec/naming): files <c>file</c> + absolute path, PostgreSQL <c>postgres://host:port</c> +
/// <c>database.schema.table</c>, DuckDB <c>duckdb://</c> + database file + table. A backend that cannot be reached is a
/// warning on standard error: it never changes the run's exit code.
/// </summary>
internal sealed class KitRunLineage : IDisposable
{
    /// <summary>The job name of <c>kit run</c>.</summary>
    public const string JobName = "kit-run";

    private readonly OpenLineageRunSender _sender;
    private readonly List<OpenLineageDataset> _inputs;
    private readonly List<OpenLineageDataset> _outputs;

    private KitRunLineage(OpenLineageConfig config, List<OpenLineageDataset> inputs, List<OpenLineageDataset> outputs)
    {
        _inputs = inputs;
        _outputs = outputs;
        _sender = new OpenLineageRunSender(config, "kit run");
    }

    /// <summary>The run id (a UUID, time-ordered) every event of this run carries.</summary>
    public string RunId { get; } = Guid.CreateVersion7().ToString();

    /// <summary>The run of <paramref name="plan"/> in <paramref name="workDirectory"/>, or null when the config names no OpenLineage backend.</summary>
    public static KitRunLineage? For(KitConfig plan, string workDirectory, string reportPath)
    {
        if (plan.OpenLineage is not { } config) return null;
        var history = plan.History?.Sources.Select(Dataset).ToList() ?? [];
        var inputs = new List<OpenLineageDataset>();
        void Add(OpenLineageDataset d)
        {
            if (!inputs.Any(x => x.Namespace == d.Namespace && x.Name == d.Name)) inputs.Add(d);
        }
        foreach (var d in history) Add(d);
        foreach (var d in plan.Drift) { Add(Dataset(d.Reference)); Add(Dataset(d.Current)); }
        if (plan.Lineage is { } lineage)
        {
            foreach (var log in lineage.QueryLogs) Add(File(log));
            if (lineage.Catalog is { } catalog) Add(File(catalog));
        }
        if (plan.Schema is { } schema)
            foreach (var f in new[] { schema.WorkloadLog, schema.AccessLog, schema.Catalog, schema.Profiles }) Add(File(f));
        if (plan.History?.Holidays is { } holidays) Add(File(holidays));

        var outputs = new List<OpenLineageDataset>();
        if (history.Count > 0)
        {
            var facet = new ColumnLineageFacet();
            foreach (var column in RunHistoryStore.RunColumnNames)
                facet.Fields[column] = new ColumnLineageField
                {
                    InputFields = history.Select(h => new ColumnLineageInputField
                    {
                        Namespace = h.Namespace, Name = h.Name, Field = column,
                        Transformations = [ColumnLineageTransformation.From(DependencyKind.DirectCopy)],
                    }).ToList(),
                };
            outputs.Add(new OpenLineageDataset
            {
                Namespace = "duckdb://" + Path.Combine(Path.GetFullPath(workDirectory), "history.duckdb"), Name = RunHistoryStore.RunsTable,
                Facets = new OpenLineageDatasetFacets { ColumnLineage = facet },
            });
        }
        outputs.Add(File(reportPath));
        outputs.Add(File(RunCommand.JsonTwinPath(reportPath)));
        return new KitRunLineage(config, inputs, outputs);
    }

    /// <summary>Sends START (inputs only).</summary>
    public Task StartAsync(CancellationToken ct) => SendAsync("START", outputs: false, error: null, ct);

    /// <summary>Sends COMPLETE with inputs, outputs and the column lineage.</summary>
    public Task CompleteAsync(CancellationToken ct) => SendAsync("COMPLETE", outputs: true, error: null, ct);

    /// <summary>Sends FAIL with the message that ended the run.</summary>
    public Task FailAsync(string message, CancellationToken ct) => SendAsync("FAIL", outputs: false, message, ct);

    /// <summary>Sends ABORT (the run was interrupted; nothing half-written).</summary>
    public Task AbortAsync() => SendAsync("ABORT", outputs: false, error: null, CancellationToken.None);

    private Task SendAsync(string eventType, bool outputs, string? error, CancellationToken ct) =>
        _sender.SendAsync(RunId, JobName, eventType, _inputs, outputs ? _outputs : [], error, ct);

    private static OpenLineageDataset File(string path) => OpenLineageRunSender.File(path);

    private static OpenLineageDataset Dataset(TableSource source) => source.Kind switch
    {
        TableSourceKind.Csv or TableSourceKind.Parquet => File(source.Location),
        TableSourceKind.DuckDb => new() { Namespace = "duckdb://" + source.Location, Name = source.Table! },
        _ => Postgres(source),
    };

    private static OpenLineageDataset Postgres(TableSource source)
    {
        // never the connection string itself: it may hold a password
        var b = new NpgsqlConnectionStringBuilder(source.Location);
        var table = source.Table!.Contains('.', StringComparison.Ordinal) ? source.Table : "public." + source.Table;
        return new() { Namespace = $"postgres://{b.Host}:{b.Port}", Name = $"{b.Database}.{table}" };
    }

    /// <inheritdoc />
    public void Dispose() => _sender.Dispose();
}
