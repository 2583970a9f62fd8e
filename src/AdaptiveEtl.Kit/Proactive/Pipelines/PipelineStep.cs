using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace AdaptiveEtl.Kit.Proactive.Pipelines;

/// <summary>
/// One step of a <see cref="PipelineDefinition"/>: its declared input tables, the one table it writes, and what it runs —
/// a DuckDB <c>SELECT</c> (inputs referenced as <c>{input_name}</c>) or a C# <see cref="BatchTransform"/>.
/// </summary>
public sealed partial class PipelineStep
{
    internal PipelineStep(string name, StepKind kind, StepMode mode, IReadOnlyList<string> inputs, string output, string? sql,
        BatchTransform? transform, IReadOnlyList<StepColumn>? columns, string? function, string? version)
    {
        Name = name;
        Kind = kind;
        Mode = mode;
        Inputs = inputs;
        Output = output;
        Sql = sql;
        Transform = transform;
        Columns = columns ?? [];
        Function = function;
        Version = version;
    }

    /// <summary>Step name, unique in the pipeline.</summary>
    public string Name { get; }

    /// <summary>SQL or C#.</summary>
    public StepKind Kind { get; }

    /// <summary>Whether the step is row-wise (append-safe in its first input) or needs its whole inputs.</summary>
    public StepMode Mode { get; }

    /// <summary>Declared input tables (source tables or other steps' outputs); for a row-wise step the first is the driving input.</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>The table the step writes.</summary>
    public string Output { get; }

    /// <summary>The <c>SELECT</c> of a SQL step, inputs written as <c>{input_name}</c>; null for a C# step.</summary>
    public string? Sql { get; }

    /// <summary>The function of a C# step; null for a SQL step.</summary>
    public BatchTransform? Transform { get; }

    /// <summary>Output columns of a C# step (empty for a SQL step, whose columns are those of its query).</summary>
    public IReadOnlyList<StepColumn> Columns { get; }

    /// <summary>The name a C# step's function is registered under when the pipeline is read from or written to a file.</summary>
    public string? Function { get; }

    /// <summary>
    /// A user-chosen version of a C# step's function; change it when the code changes so that unchanged-input skipping
    /// re-runs the step (a delegate's code cannot be fingerprinted).
    /// </summary>
    public string? Version { get; }

    /// <summary>
    /// A hash of everything that determines the step's result apart from its input data: kind, mode, inputs, output and the
    /// SQL text (or function name, version and columns).
    /// </summary>
    public string DefinitionHash
    {
        get
        {
            var text = string.Join("\u001f", [Kind.ToString(), Mode.ToString(), string.Join(",", Inputs), Output, Sql ?? "",
                Function ?? "", Version ?? "", string.Join(",", Columns.Select(c => c.Name + " " + c.SqlType))]);
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
        }
    }

    /// <summary>The <c>{name}</c> placeholders of a SQL step's text, in order of first appearance.</summary>
    public IReadOnlyList<string> Placeholders() =>
        Sql is null ? [] : Placeholder().Matches(Sql).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The SQL text with every <c>{input}</c> replaced by the quoted table bound to that input.</summary>
    internal string BindSql(IReadOnlyDictionary<string, TableName> inputs) =>
        Placeholder().Replace(Sql ?? throw new InvalidOperationException($"step '{Name}' is not a SQL step."), m =>
            inputs.TryGetValue(m.Groups[1].Value, out var t)
                ? t.Quoted
                : throw new KitDataException($"the SQL references {{{m.Groups[1].Value}}}, which is not a declared input ({string.Join(", ", Inputs)}).", $"step '{Name}'"));

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Name} ({Kind}, {Mode}): {string.Join(", ", Inputs)} -> {Output}");
}
