using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AdaptiveEtl.Kit.Kernel.Messaging;

/// <summary>
/// Converts between <see cref="JupyterMessage"/> and ZeroMQ frames:
/// <c>[identities…] &lt;IDS|MSG&gt; signature header parent_header metadata content [buffers…]</c>.
/// Received messages must be validly signed and, when signing is on, carry a signature not seen before (a replayed
/// message is refused, see <see cref="SignatureReplayGuard"/>).
/// </summary>
/// <param name="signer">Signs and verifies with the connection key.</param>
/// <param name="replayGuard">Window of accepted signatures; a default-sized one when null.</param>
internal sealed class WireFormat(MessageSigner signer, SignatureReplayGuard? replayGuard = null)
{
    private readonly SignatureReplayGuard _replayGuard = replayGuard ?? new SignatureReplayGuard();

    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    /// <summary>The frames of a message, signed.</summary>
    public List<byte[]> Encode(JupyterMessage message)
    {
        var header = Serialize(message.Header);
        var parent = Serialize(message.ParentHeader);
        var metadata = Serialize(message.Metadata);
        var content = Serialize(message.Content);
        var frames = new List<byte[]>(message.Identities.Count + 6 + message.Buffers.Count);
        frames.AddRange(message.Identities);
        frames.Add(KernelProtocol.Delimiter);
        frames.Add(Encoding.ASCII.GetBytes(signer.Sign(header, parent, metadata, content)));
        frames.Add(header);
        frames.Add(parent);
        frames.Add(metadata);
        frames.Add(content);
        frames.AddRange(message.Buffers);
        return frames;
    }

    /// <summary>
    /// Parses received frames. Returns null and a reason when the message is malformed or its signature is wrong; the
    /// caller drops such messages without replying.
    /// </summary>
    public JupyterMessage? Decode(IReadOnlyList<byte[]> frames, out string? rejection)
    {
        var delimiter = -1;
        for (var i = 0; i < frames.Count; i++)
        {
            if (frames[i].AsSpan().SequenceEqual(KernelProtocol.Delimiter)) { delimiter = i; break; }
        }
        if (delimiter < 0 || frames.Count < delimiter + 6)
        {
            rejection = $"malformed message: {frames.Count} frames without '<IDS|MSG>' followed by signature, header, parent_header, metadata and content";
            return null;
        }
        var signature = Encoding.ASCII.GetString(frames[delimiter + 1]);
        byte[] header = frames[delimiter + 2], parent = frames[delimiter + 3], metadata = frames[delimiter + 4], content = frames[delimiter + 5];
        if (!signer.Verify(signature, header, parent, metadata, content))
        {
            rejection = "invalid HMAC signature";
            return null;
        }
        try
        {
            var message = new JupyterMessage
            {
                Identities = frames.Take(delimiter).ToArray(),
                Header = ParseObject(header, "header"),
                ParentHeader = ParseObject(parent, "parent_header"),
                Metadata = ParseObject(metadata, "metadata"),
                Content = ParseObject(content, "content"),
                Buffers = frames.Skip(delimiter + 6).ToArray(),
            };
            // Recorded only once the message is known to be well formed; without a key there are no signatures to compare.
            if (!signer.IsDisabled && !_replayGuard.TryRecord(signature))
            {
                rejection = "duplicate signature: a message already received was sent again (replay)";
                return null;
            }
            rejection = null;
            return message;
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            rejection = "malformed message: " + e.Message;
            return null;
        }
    }

    private static byte[] Serialize(JsonObject node) => JsonSerializer.SerializeToUtf8Bytes(node, Compact);

    private static JsonObject ParseObject(byte[] frame, string part) =>
        JsonNode.Parse(frame.Length == 0 ? "{}"u8 : frame) as JsonObject
        ?? throw new InvalidDataException($"the {part} frame is not a JSON object");
}
