using System.Text;
using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Kernel.Messaging;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Kernel;

/// <summary>
/// Issue 19: a captured, validly signed execute_request replayed to the shell socket ran twice. The wire format now
/// refuses a signature it has already accepted (as jupyter_client's Session does), within a bounded window.
/// </summary>
public sealed class ReplayProtectionTests
{
    private static List<byte[]> ExecuteRequest(WireFormat wire, string msgId, string code = "1 + 1")
    {
        var header = new JsonObject { ["msg_id"] = msgId, ["msg_type"] = "execute_request", ["session"] = "client", ["username"] = "u", ["version"] = "5.3", ["date"] = "2025-11-03T06:00:00Z" };
        var message = new JupyterMessage { Header = header, Content = new JsonObject { ["code"] = code, ["silent"] = false }, Identities = [[7, 7]] };
        return wire.Encode(message);
    }

    [Fact]
    public void A_replayed_signed_message_is_refused_the_second_time()
    {
        var wire = new WireFormat(new MessageSigner("secret-key"));
        var frames = ExecuteRequest(wire, "m1");
        Assert.NotNull(wire.Decode(frames, out var first));
        Assert.Null(first);
        Assert.Null(wire.Decode(frames, out var second));
        Assert.Contains("duplicate signature", second);
    }

    [Fact]
    public void The_same_signature_in_upper_case_is_still_a_replay()
    {
        // The signer accepts hex in either case, so the replay window must not tell them apart.
        var wire = new WireFormat(new MessageSigner("secret-key"));
        var frames = ExecuteRequest(wire, "m1");
        Assert.NotNull(wire.Decode(frames, out _));
        int signature = frames.FindIndex(f => f.AsSpan().SequenceEqual("<IDS|MSG>"u8)) + 1;
        var shouted = frames.ToList();
        shouted[signature] = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(frames[signature]).ToUpperInvariant());
        Assert.Null(wire.Decode(shouted, out var rejection));
        Assert.Contains("duplicate signature", rejection);
    }

    [Fact]
    public void Distinct_messages_with_the_same_code_are_all_accepted()
    {
        var wire = new WireFormat(new MessageSigner("secret-key"));
        for (int i = 0; i < 100; i++)
        {
            Assert.NotNull(wire.Decode(ExecuteRequest(wire, $"m{i}"), out var rejection));
            Assert.Null(rejection);
        }
    }

    [Fact]
    public void A_message_with_a_bad_signature_is_not_remembered()
    {
        var guard = new SignatureReplayGuard();
        var wire = new WireFormat(new MessageSigner("secret-key"), guard);
        var forged = ExecuteRequest(new WireFormat(new MessageSigner("other-key")), "m1");
        Assert.Null(wire.Decode(forged, out var rejection));
        Assert.Equal("invalid HMAC signature", rejection);
        Assert.Equal(0, guard.Count);
    }

    [Fact]
    public void Without_a_key_there_is_nothing_to_compare_and_nothing_is_remembered()
    {
        var guard = new SignatureReplayGuard();
        var wire = new WireFormat(new MessageSigner(""), guard);
        var frames = ExecuteRequest(wire, "m1");
        Assert.NotNull(wire.Decode(frames, out _));
        Assert.NotNull(wire.Decode(frames, out _));
        Assert.Equal(0, guard.Count);
    }

    [Fact]
    public void The_window_is_bounded_and_forgets_the_oldest_first()
    {
        var guard = new SignatureReplayGuard(capacity: 3);
        foreach (var s in new[] { "aa", "bb", "cc" }) Assert.True(guard.TryRecord(s));
        Assert.False(guard.TryRecord("BB"));
        Assert.True(guard.TryRecord("dd")); // evicts "aa"
        Assert.Equal(3, guard.Count);
        Assert.False(guard.TryRecord("bb"));
        Assert.False(guard.TryRecord("dd"));
        Assert.True(guard.TryRecord("aa")); // forgotten, so accepted again (and now evicts "bb")
        Assert.True(guard.TryRecord("bb"));
    }

    [Fact]
    public void The_default_window_is_jupyter_clients_digest_history_size()
    {
        // jupyter_client.session.Session.digest_history_size default: 2**16.
        Assert.Equal(65536, new SignatureReplayGuard().Capacity);
    }

    [Fact]
    public async Task Concurrent_receivers_accept_each_signature_exactly_once()
    {
        var guard = new SignatureReplayGuard();
        var signatures = Enumerable.Range(0, 2000).Select(i => i.ToString("x8")).ToArray();
        int accepted = 0;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            foreach (var s in signatures) if (guard.TryRecord(s)) Interlocked.Increment(ref accepted);
        }, TestContext.Current.CancellationToken)));
        Assert.Equal(signatures.Length, accepted);
    }
}
