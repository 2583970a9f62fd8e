using AdaptiveEtl.Kit.Data;

namespace AdaptiveEtl.Kit.Tests.Common;

public class SqlIdentifierTests
{
    [Theory]
    [InlineData("runs", "\"runs\"")]
    [InlineData("my \"table\"", "\"my \"\"table\"\"\"")]
    [InlineData("x\"; DROP TABLE t; --", "\"x\"\"; DROP TABLE t; --\"")]
    public void Quote_doubles_embedded_quotes(string name, string expected) => Assert.Equal(expected, SqlIdentifier.Quote(name));

    [Fact]
    public void Quote_rejects_empty_names() => Assert.Throws<ArgumentException>(() => SqlIdentifier.Quote(""));

    [Fact]
    public void Literal_doubles_single_quotes() => Assert.Equal("'it''s'", SqlIdentifier.Literal("it's"));
}
