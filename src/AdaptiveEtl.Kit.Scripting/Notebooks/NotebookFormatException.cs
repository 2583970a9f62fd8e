namespace AdaptiveEtl.Kit.Scripting.Notebooks;

/// <summary>Thrown when a file is not a readable nbformat 4 notebook; the message names the file and what was expected.</summary>
public sealed class NotebookFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NotebookFormatException(string message, Exception? inner = null) : base(message, inner) { }
}
