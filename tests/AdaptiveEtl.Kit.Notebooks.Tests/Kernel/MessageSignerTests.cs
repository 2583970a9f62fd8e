using System.Text;
using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Kernel.Messaging;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Kernel;

public sealed class MessageSignerTests
{
    private static readonly byte[] Header = Encoding.UTF8.GetBytes("{\"msg_type\":\"kernel_info_request\"}");
    private static readonly byte[] Empty = "{}"u8.ToArray();

    // Reference: /usr/bin/python3 -c "import hmac,hashlib; h=hmac.new(b'secret-key', digestmod=hashlib.sha256);
    //   [h.update(p) for p in [b'{\"msg_type\":\"kernel_info_request\"}', b'{}', b'{}', b'{}']]; print(h.hexdigest())"
    private const string PythonHmac = "d17a518f90349ab4b45de23230479bdf374054dd63a38de80b2e81572e765d0f";

    [Fact]
    public void Signature_is_hmac_sha256_hex_over_the_four_frames()
    {
        var signer = new MessageSigner("secret-key");
        Assert.Equal(PythonHmac, signer.Sign(Header, Empty, Empty, Empty));
        Assert.True(signer.Verify(PythonHmac, Header, Empty, Empty, Empty));
    }

    [Fact]
    public void Tampered_frames_or_signatures_do_not_verify()
    {
        var signer = new MessageSigner("secret-key");
        Assert.False(signer.Verify(PythonHmac, Header, Empty, Empty, "{\"code\":\"1\"}"u8));
        Assert.False(signer.Verify(PythonHmac[..^1] + "0", Header, Empty, Empty, Empty));
        Assert.False(signer.Verify("", Header, Empty, Empty, Empty));
        Assert.False(new MessageSigner("other-key").Verify(PythonHmac, Header, Empty, Empty, Empty));
    }

    [Fact]
    public void Empty_key_disables_signing()
    {
        var signer = new MessageSigner("");
        Assert.Equal("", signer.Sign(Header, Empty, Empty, Empty));
        Assert.True(signer.Verify("anything", Header, Empty, Empty, Empty));
    }

    [Fact]
    public void Wire_format_round_trips_identities_parts_and_buffers()
    {
        var wire = new WireFormat(new MessageSigner("k"));
        var request = new JupyterMessage { Header = new JsonObject { ["msg_id"] = "r1", ["msg_type"] = "execute_request", ["session"] = "s" } };
        var reply = JupyterMessage.Create("execute_reply", new JsonObject { ["status"] = "ok" }, "kernel-session", request, identities: [[1, 2, 3]]);
        var frames = wire.Encode(reply);
        Assert.Equal([1, 2, 3], frames[0]);
        Assert.Equal("<IDS|MSG>", Encoding.ASCII.GetString(frames[1]));

        var decoded = wire.Decode(frames, out var rejection);
        Assert.Null(rejection);
        Assert.NotNull(decoded);
        Assert.Equal("execute_reply", decoded.MessageType);
        Assert.Equal("r1", (string?)decoded.ParentHeader["msg_id"]);
        Assert.Equal("5.3", (string?)decoded.Header["version"]);
        Assert.Equal("ok", decoded.ContentString("status"));
        Assert.Equal([1, 2, 3], decoded.Identities.Single());
    }

    [Fact]
    public void Wire_format_rejects_bad_signatures_and_malformed_messages()
    {
        var wire = new WireFormat(new MessageSigner("k"));
        var frames = wire.Encode(JupyterMessage.Create("status", new JsonObject(), "s", null));
        frames[1] = Encoding.ASCII.GetBytes(new string('0', 64));
        Assert.Null(wire.Decode(frames, out var bad));
        Assert.Equal("invalid HMAC signature", bad);

        Assert.Null(wire.Decode([Encoding.ASCII.GetBytes("no delimiter")], out var malformed));
        Assert.Contains("<IDS|MSG>", malformed);
    }

    [Fact]
    public void Cursor_positions_count_code_points_not_utf16_units()
    {
        const string code = "var s = \"😀\"; s.";
        // "😀" is one code point but two UTF-16 units: the code has 15 code points and 16 UTF-16 units.
        Assert.Equal(16, code.Length);
        Assert.Equal(16, CursorPosition.ToUtf16Index(code, 15));
        Assert.Equal(15, CursorPosition.ToCodePointOffset(code, 16));
        Assert.Equal(11, CursorPosition.ToUtf16Index(code, 10));
        Assert.Equal(16, CursorPosition.IdentifierStart(code + "Len", 19));
    }
}
