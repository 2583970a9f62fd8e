namespace AdaptiveEtl.Kit.Scripting.Export;

/// <summary>A notebook cannot be exported: names the notebook, the cell and what is wrong.</summary>
public sealed class ScriptExportException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ScriptExportException(string message, Exception? inner = null) : base(message, inner) { }
}
