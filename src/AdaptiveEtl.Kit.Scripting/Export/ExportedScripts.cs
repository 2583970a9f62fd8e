namespace AdaptiveEtl.Kit.Scripting.Export;

/// <summary>The two scripts exported from one notebook (contents, and where they belong).</summary>
/// <param name="ScriptName">The notebook's <c>metadata.adaptive_etl_kit.script</c>.</param>
/// <param name="CsxPath">Full path of <c>&lt;out&gt;/&lt;name&gt;.csx</c>.</param>
/// <param name="CsxContent">The dotnet-script text.</param>
/// <param name="CsPath">Full path of <c>&lt;out&gt;/&lt;name&gt;.cs</c>.</param>
/// <param name="CsContent">The .NET 10 file-based app text.</param>
public sealed record ExportedScripts(string ScriptName, string CsxPath, string CsxContent, string CsPath, string CsContent);
