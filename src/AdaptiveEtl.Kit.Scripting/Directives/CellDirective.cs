namespace AdaptiveEtl.Kit.Scripting.Directives;

/// <summary>One directive found at the start of a line of a cell.</summary>
/// <param name="Kind">What the directive does.</param>
/// <param name="Value">The package id, the source, the assembly path or the loaded file (as written).</param>
/// <param name="Version">The package version for <see cref="DirectiveKind.NuGetReference"/>; null = latest.</param>
/// <param name="Line">Zero-based line of the directive in the cell.</param>
/// <param name="Text">The directive line as written.</param>
public sealed record CellDirective(DirectiveKind Kind, string Value, string? Version, int Line, string Text)
{
    /// <summary>The directive in .NET Interactive syntax.</summary>
    public override string ToString() => Text;
}
