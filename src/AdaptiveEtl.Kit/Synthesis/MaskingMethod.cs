namespace AdaptiveEtl.Kit.Synthesis;

/// <summary>How <see cref="DataMasker"/> treats one column before it is used to train a generator.</summary>
public enum MaskingMethod
{
    /// <summary>Keep the values unchanged.</summary>
    Keep,
    /// <summary>Replace each value by a salted HMAC-SHA256 pseudonym (16 hex characters): equal values stay equal, the original cannot be recovered without the salt.</summary>
    Hash,
    /// <summary>Replace each distinct value by a random token (<c>tok_</c> + 12 hex characters), consistently within one masker.</summary>
    Tokenize,
    /// <summary>Coarsen: numbers to bins, date-times to the first day of their month, strings to a prefix.</summary>
    Generalize,
    /// <summary>Remove the column.</summary>
    Drop,
}
