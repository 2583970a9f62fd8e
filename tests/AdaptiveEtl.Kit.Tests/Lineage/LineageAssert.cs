using AdaptiveEtl.Kit.Lineage;
using AdaptiveEtl.Kit.Lineage.Sql;

namespace AdaptiveEtl.Kit.Tests.Lineage;

/// <summary>Assertions shared by the statement-lineage tests (<c>using static</c>).</summary>
internal static class LineageAssert
{
    /// <summary>The column references are exactly <paramref name="expected"/> (as <c>table.column</c> text), in any order.</summary>
    public static void Same(string[] expected, IEnumerable<ColumnRef> actual) =>
        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Select(c => c.ToString()).Order(StringComparer.Ordinal));

    /// <summary>The one output column of <paramref name="s"/> named <paramref name="name"/>.</summary>
    public static ColumnLineage Col(StatementLineage s, string name) => Assert.Single(s.Columns, c => c.Name == name);
}
