using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AdaptiveEtl.Kit.Scripting.Notebooks;

/// <summary>
/// A papermill-style notebook parameter: one <c>var name = value;</c> (or <c>int name = value;</c>) assignment of the cell
/// tagged <c>parameters</c>. Supported types: string, int, long, double, bool.
/// </summary>
/// <param name="Name">The variable name (also the <c>--name</c> option of exported scripts).</param>
/// <param name="TypeName">The C# keyword of the type: <c>string</c>, <c>int</c>, <c>long</c>, <c>double</c> or <c>bool</c>.</param>
/// <param name="DefaultValue">The notebook's value.</param>
public sealed record NotebookParameter(string Name, string TypeName, object DefaultValue)
{
    /// <summary>The tag of the cell holding the parameters.</summary>
    public const string ParametersTag = "parameters";

    /// <summary>The tag of the cell the runner injects after it.</summary>
    public const string InjectedParametersTag = "injected-parameters";

    /// <summary>Reads the declarations of a parameters cell.</summary>
    /// <exception cref="FormatException">A statement is not a plain assignment of a supported literal; the message names it.</exception>
    public static IReadOnlyList<NotebookParameter> Parse(string parametersCell)
    {
        var tree = CSharpSyntaxTree.ParseText(parametersCell, ScriptSession.ScriptParseOptions);
        var list = new List<NotebookParameter>();
        foreach (var member in ((CompilationUnitSyntax)tree.GetRoot()).Members)
        {
            VariableDeclarationSyntax? declaration = member switch
            {
                FieldDeclarationSyntax f => f.Declaration,
                GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax l } => l.Declaration,
                _ => null,
            };
            var line = member.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
            if (declaration is null)
                throw new FormatException($"parameters cell line {line}: expected `var name = value;` but found `{member.ToString().Trim()}`");
            foreach (var v in declaration.Variables)
            {
                if (v.Initializer is null) throw new FormatException($"parameters cell line {line}: parameter '{v.Identifier.Text}' has no value");
                var declared = declaration.Type.IsVar ? null : declaration.Type.ToString();
                var (type, value) = ReadLiteral(v.Initializer.Value, declared)
                    ?? throw new FormatException($"parameters cell line {line}: parameter '{v.Identifier.Text}' must be a string, int, long, double or bool literal, not `{v.Initializer.Value}`");
                list.Add(new NotebookParameter(v.Identifier.Text, type, value));
            }
        }
        return list;
    }

    private static (string, object)? ReadLiteral(ExpressionSyntax e, string? declared)
    {
        var negative = false;
        if (e is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression } minus)
        {
            negative = true;
            e = minus.Operand;
        }
        if (e is not LiteralExpressionSyntax literal) return null;
        var value = literal.Token.Value;
        object? typed = (declared, value) switch
        {
            (null or "string" or "String", string s) when !negative => s,
            (null or "bool" or "Boolean", bool b) when !negative => b,
            (null or "int" or "Int32", int i) => negative ? -i : i,
            ("long" or "Int64", int i) => (long)(negative ? -i : i),
            (null or "long" or "Int64", long l) => negative ? -l : l,
            (null or "double" or "Double", double d) => negative ? -d : d,
            ("double" or "Double", int i) => (double)(negative ? -i : i),
            _ => null,
        };
        return typed is null ? null : (TypeNameOf(typed), typed);
    }

    private static string TypeNameOf(object value) => value switch
    {
        string => "string",
        bool => "bool",
        int => "int",
        long => "long",
        double => "double",
        _ => throw new ArgumentException($"unsupported parameter type {value.GetType()}"),
    };

    /// <summary>Converts a value given on a command line (or in code) to this parameter's type.</summary>
    /// <exception cref="FormatException">The text is not a valid value of the type; the message names the parameter.</exception>
    public object Convert(object? value)
    {
        try
        {
            return (TypeName, value) switch
            {
                (_, null) => throw new FormatException($"parameter '{Name}' ({TypeName}) cannot be null"),
                ("string", _) => System.Convert.ToString(value, CultureInfo.InvariantCulture)!,
                ("bool", string s) => bool.Parse(s),
                ("int", string s) => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture),
                ("long", string s) => long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture),
                ("double", string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
                ("bool", bool b) => b,
                ("int", _) => System.Convert.ToInt32(value, CultureInfo.InvariantCulture),
                ("long", _) => System.Convert.ToInt64(value, CultureInfo.InvariantCulture),
                ("double", _) => System.Convert.ToDouble(value, CultureInfo.InvariantCulture),
                _ => throw new FormatException($"parameter '{Name}' has unsupported type {TypeName}"),
            };
        }
        catch (Exception e) when (e is FormatException or OverflowException or InvalidCastException)
        {
            throw new FormatException($"parameter '{Name}' expects a {TypeName} but got '{value}'", e);
        }
    }

    /// <summary>A C# literal of <paramref name="value"/> (already of this parameter's type), invariant culture, round-trippable.</summary>
    public string ToLiteral(object value) => value switch
    {
        string s => SyntaxFactory.Literal(s).Text,
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        double d when double.IsNaN(d) => "double.NaN",
        double d when double.IsPositiveInfinity(d) => "double.PositiveInfinity",
        double d when double.IsNegativeInfinity(d) => "double.NegativeInfinity",
        double d => d.ToString("R", CultureInfo.InvariantCulture) is var r && (r.Contains('.') || r.Contains('E')) ? r : r + ".0",
        _ => throw new ArgumentException($"parameter '{Name}': unsupported value type {value.GetType()}"),
    };

    /// <summary>The C# declaration <c>var name = literal;</c> (typed explicitly for long/double so the type survives).</summary>
    public string Declaration(object value) => $"{(TypeName is "long" or "double" ? TypeName : "var")} {Name} = {ToLiteral(value)};";
}
