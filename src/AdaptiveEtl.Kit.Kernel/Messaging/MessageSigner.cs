using System.Security.Cryptography;
using System.Text;

namespace AdaptiveEtl.Kit.Kernel.Messaging;

/// <summary>
/// Signs and verifies Jupyter messages: HMAC-SHA256 over the header, parent header, metadata and content frames, as a
/// lowercase hex string (https://jupyter-client.readthedocs.io/en/stable/messaging.html#the-wire-protocol).
/// An empty key means "no authentication": the signature is the empty string and every message is accepted.
/// </summary>
internal sealed class MessageSigner
{
    private readonly byte[] _key;

    /// <summary>Creates a signer for the connection file's key.</summary>
    public MessageSigner(string key) => _key = Encoding.UTF8.GetBytes(key);

    /// <summary>True when the key is empty and messages are not signed.</summary>
    public bool IsDisabled => _key.Length == 0;

    /// <summary>The hex signature of the four JSON frames.</summary>
    public string Sign(ReadOnlySpan<byte> header, ReadOnlySpan<byte> parentHeader, ReadOnlySpan<byte> metadata, ReadOnlySpan<byte> content)
    {
        if (IsDisabled) return "";
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        hmac.AppendData(header);
        hmac.AppendData(parentHeader);
        hmac.AppendData(metadata);
        hmac.AppendData(content);
        return Convert.ToHexStringLower(hmac.GetHashAndReset());
    }

    /// <summary>
    /// True when <paramref name="signature"/> is the correct signature of the frames; compared in constant time so that
    /// the time taken does not reveal how many leading characters were right.
    /// </summary>
    public bool Verify(string signature, ReadOnlySpan<byte> header, ReadOnlySpan<byte> parentHeader, ReadOnlySpan<byte> metadata, ReadOnlySpan<byte> content)
    {
        if (IsDisabled) return true;
        var expected = Encoding.ASCII.GetBytes(Sign(header, parentHeader, metadata, content));
        var actual = Encoding.ASCII.GetBytes(signature.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
