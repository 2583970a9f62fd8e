namespace AdaptiveEtl.Kit.Scripting.Packages;

/// <summary>A package asked for by <c>#r "nuget: Id, Version"</c>.</summary>
/// <param name="Id">The package id.</param>
/// <param name="Version">The version (or NuGet version range); null = the latest stable version.</param>
public sealed record PackageRequest(string Id, string? Version)
{
    /// <summary><c>Id Version</c> or <c>Id (latest)</c>.</summary>
    public override string ToString() => Version is null ? $"{Id} (latest)" : $"{Id} {Version}";
}
