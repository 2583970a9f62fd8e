using AdaptiveEtl.Kit.Schema;

namespace AdaptiveEtl.Kit.Synthesis;

/// <summary>
/// Per-column masking rules plus the secret salt for hashing. <see cref="FromSchema"/> derives the defaults from
/// <see cref="ColumnSchema.Sensitive"/>: sensitive text is dropped (free text/e-mails cannot be modelled and hashing
/// them leaves a useless unique key), sensitive categories/booleans are hashed, sensitive numbers and date-times
/// generalised; non-sensitive columns are kept.
/// </summary>
public sealed class MaskingPolicy
{
    private readonly Dictionary<string, MaskingRule> _rules = new(StringComparer.Ordinal);

    /// <summary>Creates an empty policy (every column kept) with the given HMAC salt (at least 16 bytes recommended).</summary>
    /// <exception cref="ArgumentException">The salt is empty.</exception>
    public MaskingPolicy(byte[] salt)
    {
        ArgumentNullException.ThrowIfNull(salt);
        if (salt.Length == 0) throw new ArgumentException("The HMAC salt must not be empty.", nameof(salt));
        Salt = salt.ToArray();
    }

    /// <summary>Secret key of the HMAC-SHA256 pseudonyms.</summary>
    public byte[] Salt { get; }

    /// <summary>Seed of the token generator for <see cref="MaskingMethod.Tokenize"/> (null: cryptographically random tokens).</summary>
    public int? TokenSeed { get; init; }

    /// <summary>The rules set explicitly, by column.</summary>
    public IReadOnlyDictionary<string, MaskingRule> Rules => _rules;

    /// <summary>Sets the rule of one column (replacing any earlier rule) and returns this policy.</summary>
    public MaskingPolicy Set(string column, MaskingRule rule)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(rule);
        _rules[column] = rule;
        return this;
    }

    /// <summary>The rule of a column: the explicit one, else <see cref="MaskingMethod.Keep"/>.</summary>
    public MaskingRule RuleFor(string column) => _rules.TryGetValue(column, out var r) ? r : new MaskingRule(MaskingMethod.Keep);

    /// <summary>Default policy for a schema: a rule for every sensitive column (see the class remarks).</summary>
    public static MaskingPolicy FromSchema(TableSchema schema, byte[] salt)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var policy = new MaskingPolicy(salt);
        foreach (var c in schema.Columns.Where(c => c.Sensitive))
            policy.Set(c.Name, new MaskingRule(c.Kind switch
            {
                ColumnKind.Text => MaskingMethod.Drop,
                ColumnKind.Categorical or ColumnKind.Boolean => MaskingMethod.Hash,
                _ => MaskingMethod.Generalize,
            }));
        return policy;
    }
}
