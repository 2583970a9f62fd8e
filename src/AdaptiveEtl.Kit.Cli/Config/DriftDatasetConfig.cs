namespace AdaptiveEtl.Kit.Cli.Config;

/// <summary>A drift check of a <c>kit.yaml</c>: a current batch compared with a reference batch.</summary>
/// <param name="Name">The dataset's name (report heading, <c>--json</c> key).</param>
/// <param name="Reference">The reference batch.</param>
/// <param name="Current">The current batch.</param>
/// <param name="Roles">Column roles.</param>
/// <param name="Origin">Where the dataset was declared, for error messages.</param>
public sealed record DriftDatasetConfig(string Name, TableSource Reference, TableSource Current, ColumnRoles Roles, string Origin);
