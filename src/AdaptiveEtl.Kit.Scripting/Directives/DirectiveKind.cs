namespace AdaptiveEtl.Kit.Scripting.Directives;

/// <summary>The kinds of cell directives the engine understands.</summary>
public enum DirectiveKind
{
    /// <summary><c>#r "nuget: Id, Version"</c> or <c>#r "nuget: Id"</c>.</summary>
    NuGetReference,

    /// <summary><c>#i "nuget: &lt;folder or url&gt;"</c>: an extra package source.</summary>
    PackageSource,

    /// <summary><c>#r "path/to/assembly.dll"</c>.</summary>
    AssemblyReference,

    /// <summary><c>#load "other.csx"</c>.</summary>
    Load,
}
