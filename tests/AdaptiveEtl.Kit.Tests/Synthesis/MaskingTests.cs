using AdaptiveEtl.Kit.Schema;
using AdaptiveEtl.Kit.Synthesis;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Tests.Synthesis;

public class MaskingTests
{
    private static readonly byte[] Salt = "kit-salt"u8.ToArray();

    private static DataFrame Frame() => new(
        new StringDataFrameColumn("email", ["kai.smith1@example.org", "omar@example.org", "kai.smith1@example.org"]),
        new StringDataFrameColumn("country", ["US", "DE", "US"]),
        new DoubleDataFrameColumn("income", [23_500.0, 67_250, null]),
        new DateTimeDataFrameColumn("signup", [new DateTime(2023, 9, 26, 0, 0, 0, DateTimeKind.Utc), new DateTime(2022, 11, 1, 0, 0, 0, DateTimeKind.Utc), null]));

    [Fact]
    public void HashIsTheSaltedHmacSha256()
    {
        var masker = new DataMasker(new MaskingPolicy(Salt));
        // python3: hmac.new(b'kit-salt', b'kai.smith1@example.org', hashlib.sha256).hexdigest()[:16] = 40e0ad35bc4c914d
        Assert.Equal("40e0ad35bc4c914d", masker.Hash("kai.smith1@example.org"));
    }

    [Fact]
    public void RulesApplyPerColumn()
    {
        var frame = Frame();
        var schema = new TableSchema("customers", [
            new ColumnSchema("email", ColumnKind.Text), new ColumnSchema("country", ColumnKind.Categorical),
            new ColumnSchema("income", ColumnKind.Continuous), new ColumnSchema("signup", ColumnKind.DateTime)]);
        var policy = new MaskingPolicy(Salt) { TokenSeed = 1 }
            .Set("email", new MaskingRule(MaskingMethod.Tokenize))
            .Set("country", new MaskingRule(MaskingMethod.Hash))
            .Set("income", new MaskingRule(MaskingMethod.Generalize, BinWidth: 10_000))
            .Set("signup", new MaskingRule(MaskingMethod.Generalize));
        var masked = new DataMasker(policy).Mask(frame, schema);
        var email = masked.Frame.Columns["email"];
        Assert.StartsWith("tok_", (string)email[0]!);
        Assert.Equal(email[0], email[2]);
        Assert.NotEqual(email[0], email[1]);
        Assert.Equal(new DataMasker(policy).Hash("US"), masked.Frame.Columns["country"][0]);
        Assert.Equal("[20000, 30000)", masked.Frame.Columns["income"][0]);
        Assert.Equal("[60000, 70000)", masked.Frame.Columns["income"][1]);
        Assert.Null(masked.Frame.Columns["income"][2]);
        Assert.Equal(ColumnKind.Categorical, masked.Schema["income"].Kind);
        Assert.Equal(new DateTime(2023, 9, 1), masked.Frame.Columns["signup"][0]);
    }

    [Fact]
    public void DefaultsFollowTheSensitiveFlag()
    {
        var schema = TableSchema.Infer(Frame(), "customers").WithKind("email", ColumnKind.Text).WithSensitive("email", "income");
        var masked = new DataMasker(MaskingPolicy.FromSchema(schema, Salt)).Mask(Frame(), schema);
        Assert.DoesNotContain(masked.Frame.Columns, c => c.Name == "email");
        Assert.Equal("US", masked.Frame.Columns["country"][0]);
        // Income range 43 750 → a tenth is 4 375 → nice width 5 000.
        Assert.Equal("[20000, 25000)", masked.Frame.Columns["income"][0]);
        Assert.False(masked.Schema["income"].Sensitive);
    }

    [Fact]
    public void UnknownColumnInARuleIsAClearError()
    {
        var schema = TableSchema.Infer(Frame(), "customers");
        var policy = new MaskingPolicy(Salt).Set("phone", new MaskingRule(MaskingMethod.Drop));
        var e = Assert.Throws<KitDataException>(() => new DataMasker(policy).Mask(Frame(), schema));
        Assert.Contains("phone", e.Message);
    }
}
