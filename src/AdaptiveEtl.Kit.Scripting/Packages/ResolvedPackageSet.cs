namespace AdaptiveEtl.Kit.Scripting.Packages;

/// <summary>The published (flattened) output of a set of packages: managed assemblies with native libraries beside them.</summary>
/// <param name="Directory">The folder holding the managed assemblies and the native libraries.</param>
/// <param name="ManagedAssemblies">Full paths of the managed assemblies to reference.</param>
/// <param name="FromCache">True when an earlier restore of the same package set and feed contents was reused.</param>
internal sealed record ResolvedPackageSet(string Directory, IReadOnlyList<string> ManagedAssemblies, bool FromCache);
