using System.Text.Json.Nodes;

namespace AdaptiveEtl.Kit.Proactive.Pipelines;

/// <summary>
/// A transformation pipeline: a DAG of <see cref="PipelineStep"/>s over declared source tables, each step writing one
/// table. Built fluently (every call returns a new definition) or read from a JSON or YAML file:
/// <code>
/// var orders = PipelineDefinition.Create("orders")
///     .Source("orders_raw")
///     .Sql("clean", inputs: ["orders_raw"], output: "orders_clean", mode: StepMode.RowWise,
///          sql: "SELECT order_id, lower(status) AS status, amount FROM {orders_raw} WHERE amount &gt; 0")
///     .Sql("daily", inputs: ["orders_clean"], output: "orders_daily",
///          sql: "SELECT status, count(*) AS n, sum(amount) AS amount FROM {orders_clean} GROUP BY status");
/// </code>
/// </summary>
public sealed partial class PipelineDefinition
{
    private PipelineDefinition(string name, IReadOnlyList<string> sources, IReadOnlyList<PipelineStep> steps)
    {
        Name = name;
        Sources = sources;
        Steps = steps;
    }

    /// <summary>Pipeline name (keys the recorded step costs).</summary>
    public string Name { get; }

    /// <summary>Declared source tables: the inputs that no step writes (staged data).</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>Steps in declaration order.</summary>
    public IReadOnlyList<PipelineStep> Steps { get; }

    /// <summary>Starts an empty pipeline.</summary>
    public static PipelineDefinition Create(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A pipeline needs a name.", nameof(name));
        return new PipelineDefinition(name, [], []);
    }

    /// <summary>Declares source tables (inputs no step writes).</summary>
    public PipelineDefinition Source(params string[] tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        foreach (var t in tables)
            if (string.IsNullOrWhiteSpace(t)) throw new ArgumentException($"pipeline '{Name}': a source table name is empty.", nameof(tables));
        return new PipelineDefinition(Name, [.. Sources, .. tables.Where(t => !Sources.Contains(t, StringComparer.Ordinal))], Steps);
    }

    /// <summary>Adds a SQL step: <paramref name="sql"/> is a DuckDB <c>SELECT</c> that references each input as <c>{input}</c>.</summary>
    /// <param name="name">Step name.</param>
    /// <param name="inputs">Input tables; for a row-wise step the first is the driving input.</param>
    /// <param name="output">Output table.</param>
    /// <param name="sql">The query.</param>
    /// <param name="mode">Row-wise or holistic (default: holistic, always correct).</param>
    public PipelineDefinition Sql(string name, IReadOnlyList<string> inputs, string output, string sql, StepMode mode = StepMode.Holistic)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return With(new PipelineStep(name, StepKind.Sql, mode, [.. inputs], output, sql, null, null, null, null));
    }

    /// <summary>Adds a C# step over batches of its one input.</summary>
    /// <param name="name">Step name.</param>
    /// <param name="input">The input table.</param>
    /// <param name="output">Output table.</param>
    /// <param name="columns">Output columns, in the order of the values the function returns.</param>
    /// <param name="transform">The function.</param>
    /// <param name="mode">Row-wise (called once per batch) or holistic (called once with every row).</param>
    /// <param name="version">Change it when the function's code changes (see <see cref="PipelineStep.Version"/>).</param>
    /// <param name="function">The name the function is registered under when the pipeline is written to a file (default: the step name).</param>
    public PipelineDefinition Step(string name, string input, string output, IReadOnlyList<StepColumn> columns, BatchTransform transform,
        StepMode mode = StepMode.RowWise, string? version = null, string? function = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(transform);
        return With(new PipelineStep(name, StepKind.CSharp, mode, [input], output, null, transform, [.. columns], function ?? name, version));
    }

    private PipelineDefinition With(PipelineStep step) => new(Name, Sources, [.. Steps, step]);

    /// <summary>The step named <paramref name="name"/>.</summary>
    public PipelineStep GetStep(string name) => Steps.FirstOrDefault(s => s.Name == name)
        ?? throw new ArgumentException($"pipeline '{Name}' has no step '{name}'; steps: {string.Join(", ", Steps.Select(s => s.Name))}.", nameof(name));

    /// <summary>The step that writes <paramref name="table"/>, or null for a source.</summary>
    public PipelineStep? Producer(string table) => Steps.FirstOrDefault(s => s.Output == table);

    /// <summary>The steps that read <paramref name="step"/>'s output.</summary>
    public IReadOnlyList<PipelineStep> Consumers(PipelineStep step) => Steps.Where(s => s.Inputs.Contains(step.Output, StringComparer.Ordinal)).ToList();

    /// <summary>The steps whose outputs <paramref name="step"/> reads.</summary>
    public IReadOnlyList<PipelineStep> Producers(PipelineStep step) =>
        step.Inputs.Select(Producer).OfType<PipelineStep>().Distinct().ToList();

    /// <summary>The source tables <paramref name="step"/> depends on, directly or through other steps, sorted.</summary>
    public IReadOnlyList<string> UpstreamSources(PipelineStep step)
    {
        var result = new SortedSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<PipelineStep>([step]);
        while (stack.Count > 0)
        {
            var s = stack.Pop();
            if (!seen.Add(s.Name)) continue;
            foreach (var input in s.Inputs)
                if (Producer(input) is { } p) stack.Push(p); else result.Add(input);
        }
        return [.. result];
    }

    /// <summary>
    /// Checks the DAG; throws on the first problem with a message naming the pipeline and step: duplicate step names or
    /// outputs, an input that is neither a declared source nor written by a step, a cycle, a SQL placeholder that is not a
    /// declared input (or an input the SQL never references), a C# step without exactly one input or without columns.
    /// </summary>
    /// <exception cref="KitDataException">The definition is invalid.</exception>
    public PipelineDefinition Validate()
    {
        if (Steps.Count == 0) throw new KitDataException("the pipeline has no steps.", Where());
        var names = new Dictionary<string, PipelineStep>(StringComparer.Ordinal);
        var outputs = new Dictionary<string, PipelineStep>(StringComparer.Ordinal);
        foreach (var s in Steps)
        {
            if (string.IsNullOrWhiteSpace(s.Name)) throw new KitDataException($"a step has an empty name (output '{s.Output}').", Where());
            if (!names.TryAdd(s.Name, s)) throw new KitDataException("two steps have this name; expected unique step names.", Where(s));
            if (string.IsNullOrWhiteSpace(s.Output)) throw new KitDataException("the step has no output table.", Where(s));
            if (outputs.TryGetValue(s.Output, out var other))
                throw new KitDataException($"steps '{other.Name}' and '{s.Name}' both write '{s.Output}'; expected each table to be written by one step.", Where(s));
            outputs.Add(s.Output, s);
            if (Sources.Contains(s.Output, StringComparer.Ordinal))
                throw new KitDataException($"the step writes '{s.Output}', which is a declared source table.", Where(s));
        }
        foreach (var s in Steps)
        {
            if (s.Inputs.Any(string.IsNullOrWhiteSpace)) throw new KitDataException("an input table name is empty.", Where(s));
            if (s.Inputs.Distinct(StringComparer.Ordinal).Count() != s.Inputs.Count) throw new KitDataException("an input is declared twice.", Where(s));
            foreach (var input in s.Inputs)
                if (!outputs.ContainsKey(input) && !Sources.Contains(input, StringComparer.Ordinal))
                    throw new KitDataException($"input '{input}' is missing: it is neither a declared source ({(Sources.Count == 0 ? "none declared" : string.Join(", ", Sources))}) nor the output of a step.", Where(s));
            if (s.Mode == StepMode.RowWise && s.Inputs.Count == 0)
                throw new KitDataException("a row-wise step needs a driving input (its first input).", Where(s));
            switch (s.Kind)
            {
                case StepKind.Sql:
                    if (string.IsNullOrWhiteSpace(s.Sql)) throw new KitDataException("the SQL step has no query.", Where(s));
                    var used = s.Placeholders();
                    foreach (var p in used)
                        if (!s.Inputs.Contains(p, StringComparer.Ordinal))
                            throw new KitDataException($"the SQL references {{{p}}}, which is not a declared input ({string.Join(", ", s.Inputs)}).", Where(s));
                    foreach (var input in s.Inputs)
                        if (!used.Contains(input, StringComparer.Ordinal))
                            throw new KitDataException($"input '{input}' is declared but the SQL never references {{{input}}}; write inputs as {{name}}.", Where(s));
                    break;
                case StepKind.CSharp:
                    if (s.Inputs.Count != 1) throw new KitDataException($"a C# step reads exactly one input; it declares {s.Inputs.Count}.", Where(s));
                    if (s.Columns.Count == 0) throw new KitDataException("a C# step must declare its output columns.", Where(s));
                    if (s.Transform is null) throw new KitDataException($"the C# step has no function (function '{s.Function}' was not supplied).", Where(s));
                    if (s.Columns.Select(c => c.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() != s.Columns.Count)
                        throw new KitDataException("two output columns have the same name.", Where(s));
                    foreach (var c in s.Columns)
                        if (string.IsNullOrWhiteSpace(c.Name) || !TypeName().IsMatch(c.SqlType ?? ""))
                            throw new KitDataException($"column type '{c.SqlType}' is not a DuckDB type name (letters, digits, spaces, commas, parentheses, brackets).", Where(s), c.Name);
                    break;
            }
        }
        var cycle = FindCycle();
        if (cycle is not null)
            throw new KitDataException($"the steps form a cycle: {string.Join(" -> ", cycle)}; expected a DAG.", Where(GetStep(cycle[0])));
        return this;
    }

    private List<string>? FindCycle()
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on the stack, 2 = done
        var path = new List<string>();
        List<string>? Visit(PipelineStep s)
        {
            state[s.Name] = 1;
            path.Add(s.Name);
            foreach (var c in Consumers(s))
            {
                var st = state.GetValueOrDefault(c.Name);
                if (st == 1) return [.. path.Skip(path.IndexOf(c.Name)), c.Name];
                if (st == 0 && Visit(c) is { } found) return found;
            }
            path.RemoveAt(path.Count - 1);
            state[s.Name] = 2;
            return null;
        }
        foreach (var s in Steps)
            if (state.GetValueOrDefault(s.Name) == 0 && Visit(s) is { } cycle) return cycle;
        return null;
    }

    /// <summary>The steps in a dependency order (producers before consumers; ties in declaration order).</summary>
    public IReadOnlyList<PipelineStep> TopologicalOrder()
    {
        Validate();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<PipelineStep>();
        while (order.Count < Steps.Count)
            foreach (var s in Steps)
                if (!done.Contains(s.Name) && Producers(s).All(p => done.Contains(p.Name)))
                {
                    order.Add(s);
                    done.Add(s.Name);
                }
        return order;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_ ,()\[\]]*$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex TypeName();

    private string Where(PipelineStep? step = null) => step is null ? $"pipeline '{Name}'" : $"pipeline '{Name}', step '{step.Name}'";

    // ---------------------------------------------------------------- files

    /// <summary>The definition as JSON (the format <see cref="FromJson"/> reads); C# steps are written by function name.</summary>
    public JsonObject ToJson() => PipelineFile.ToJson(this);

    /// <summary>
    /// Reads a definition from JSON text; C# steps name a function in <paramref name="functions"/>. The result is validated.
    /// </summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="functions">C# step functions by name.</param>
    /// <param name="sourceName">Names the input in errors (a file path).</param>
    /// <exception cref="KitDataException">Malformed JSON, a missing or mistyped field (named with the step), or an invalid DAG.</exception>
    public static PipelineDefinition FromJson(string json, IReadOnlyDictionary<string, BatchTransform>? functions = null, string sourceName = "pipeline JSON") =>
        PipelineFile.FromJson(json, functions, sourceName);

    /// <summary>Reads a definition from YAML text with the same fields as the JSON format (see <see cref="FromJson"/>).</summary>
    /// <exception cref="KitDataException">Malformed YAML, a missing or mistyped field (named with the step), or an invalid DAG.</exception>
    public static PipelineDefinition FromYaml(string yaml, IReadOnlyDictionary<string, BatchTransform>? functions = null, string sourceName = "pipeline YAML") =>
        PipelineFile.FromYaml(yaml, functions, sourceName);

    /// <summary>Reads a definition from a <c>.json</c>, <c>.yaml</c> or <c>.yml</c> file (see <see cref="FromJson"/>, <see cref="FromYaml"/>).</summary>
    public static PipelineDefinition Load(string path, IReadOnlyDictionary<string, BatchTransform>? functions = null)
    {
        if (!File.Exists(path)) throw new KitDataException("file not found; expected a pipeline definition (.json, .yaml or .yml).", path);
        var text = File.ReadAllText(path);
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".yaml" or ".yml" => FromYaml(text, functions, path),
            _ => FromJson(text, functions, path),
        };
    }

    /// <summary>Writes the definition as indented JSON.</summary>
    public void Save(string path) => File.WriteAllText(path, ToJson().ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));

    /// <inheritdoc />
    public override string ToString() => $"pipeline {Name}: {Steps.Count} step(s) over {string.Join(", ", Sources)}";

    internal static PipelineDefinition Build(string name, IReadOnlyList<string> sources, IReadOnlyList<PipelineStep> steps) => new(name, sources, steps);
}
