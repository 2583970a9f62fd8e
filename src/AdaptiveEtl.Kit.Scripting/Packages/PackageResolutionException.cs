namespace AdaptiveEtl.Kit.Scripting.Packages;

/// <summary>Thrown when <c>#r "nuget:"</c> packages cannot be restored; the message names the packages and the sources tried.</summary>
internal sealed class PackageResolutionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PackageResolutionException(string message) : base(message) { }

    /// <summary>Creates the exception with a cause.</summary>
    public PackageResolutionException(string message, Exception inner) : base(message, inner) { }
}
