namespace AdaptiveEtl.Kit.Scripting;

/// <summary>How a <see cref="ScriptSession"/> treats its submissions.</summary>
public enum ScriptMode
{
    /// <summary>Notebook cells (.NET Interactive syntax): each cell is one chained submission; trailing expressions are results.</summary>
    Notebook,

    /// <summary>A .csx script (dotnet-script semantics): <c>Args</c>, <c>#load</c>, exit code from <c>return &lt;int&gt;;</c> or <c>Environment.ExitCode</c>.</summary>
    Script,
}
