namespace AdaptiveEtl.Kit.Scripting;

/// <summary>How a <see cref="ScriptSession"/> treats its submissions.</summary>
public enum ScriptMode
{
    /// <summary>Notebook cells (.NET Interactive syntax): each cell is one chained submission; trailing expressions are results.</summary>
    Notebook,

    /// <summary>A .csx script (dotnet-script semantics): <c>Args</c>, <c>#load</c>, exit code from <c>return &lt;int&gt;;</c> or <c>Environment.ExitCode</c>.</summary>
    Script,

    /// <summary>
    /// A .csx script checked as dotnet-script would check it: <see cref="Script"/> semantics, but directives dotnet-script does not know
    /// (<c>#i</c>, .NET Interactive magics, <c>#:</c>) are rejected with their line, only dotnet-script's default namespaces are
    /// imported (<see cref="Directives.DotnetScriptCompatibility.Imports"/>), the globals are only <c>Args</c> (no <c>display</c>), and
    /// top-level <c>using var</c> is not rewritten. Used to test that exported scripts run under dotnet-script.
    /// </summary>
    StrictDotnetScript,
}
