namespace AdaptiveEtl.Kit.Scripting.Export;

/// <summary>The two scripts exported from one notebook (contents, and where they belong), and the NuGet.Config they need, if any.</summary>
/// <param name="ScriptName">The notebook's <c>metadata.adaptive_etl_kit.script</c>.</param>
/// <param name="CsxPath">Full path of <c>&lt;out&gt;/&lt;name&gt;.csx</c>.</param>
/// <param name="CsxContent">The dotnet-script text.</param>
/// <param name="CsPath">Full path of <c>&lt;out&gt;/&lt;name&gt;.cs</c>.</param>
/// <param name="CsContent">The .NET 10 file-based app text.</param>
/// <param name="NuGetConfigPath">
/// Full path of <c>&lt;out&gt;/NuGet.Config</c> when it must be (re)written to carry package sources of the notebook's <c>#i</c>
/// lines (dotnet-script has no <c>#i</c>); null when the NuGet.Config files the scripts see already declare them.
/// </param>
/// <param name="NuGetConfigContent">The NuGet.Config text to write at <paramref name="NuGetConfigPath"/> (null with it).</param>
public sealed record ExportedScripts(string ScriptName, string CsxPath, string CsxContent, string CsPath, string CsContent,
    string? NuGetConfigPath = null, string? NuGetConfigContent = null);
