using AdaptiveEtl.Kit.SchemaEvolution.Usage;

namespace AdaptiveEtl.Kit.Tests.SchemaEvolution.Usage;

public class SqlFingerprintTests
{
    [Theory]
    // Expected texts written by hand from the rules: literals → ?, typed literals → ?, IN lists → in (?), words lower-cased, whitespace/comments collapsed.
    [InlineData("SELECT  *  FROM Orders WHERE id = 42", "select * from orders where id = ?")]
    [InlineData("select a FROM t WHERE name='O''Brien' -- who\n AND d >= DATE '2025-01-01'", "select a from t where name = ? and d >= ?")]
    [InlineData("SELECT x FROM t WHERE k IN (1, 2,3) AND s IN ('a')", "select x from t where k in (?) and s in (?)")]
    [InlineData("SELECT x FROM t WHERE v > -5 AND w = a - 5", "select x from t where v > ? and w = a - ?")]
    [InlineData("SELECT \"Mixed Case\".\"Col\" FROM \"Mixed Case\" /* c */ WHERE ts < TIMESTAMP '2025-01-01 00:00:00'",
        "select \"Mixed Case\".\"Col\" from \"Mixed Case\" where ts < ?")]
    [InlineData("SELECT f(a, 1.5e3) FROM t WHERE k IN (SELECT id FROM u)", "select f (a, ?) from t where k in (select id from u)")]
    public void Normalizes_as_written_by_hand(string sql, string expected) => Assert.Equal(expected, SqlFingerprint.Normalize(sql));

    [Fact]
    public void Same_shape_with_other_literals_has_the_same_id_and_other_shapes_differ()
    {
        var a = SqlFingerprint.Of("SELECT * FROM t WHERE id = 1 AND c IN (1,2)");
        var b = SqlFingerprint.Of("select *\n  from T where ID = 987 and c in (5, 6, 7, 8)");
        var c = SqlFingerprint.Of("SELECT * FROM t WHERE id > 1 AND c IN (1,2)");
        var quoted = SqlFingerprint.Of("SELECT * FROM \"T\" WHERE id = 1 AND c IN (1,2)");
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.NotEqual(a, quoted); // quoted identifiers are case-sensitive
        Assert.Matches("^[0-9a-f]{16}$", a);
    }
}
