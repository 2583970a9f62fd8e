namespace AdaptiveEtl.Kit.Kernel.Messaging;

/// <summary>
/// Remembers the signatures of recently accepted messages so that a captured, validly signed message sent again (a
/// replay) is refused instead of run twice — what jupyter_client's <c>Session</c> does with its <c>digest_history</c>
/// ("Duplicate Signature"). The window is bounded: after <see cref="Capacity"/> signatures the oldest is forgotten
/// (first in, first out; jupyter_client drops a random 10 % instead, the bound is what matters). A legitimate client
/// never repeats a signature: every message has a fresh <c>msg_id</c> and date in its signed header. Thread-safe
/// (shell and control are received on different threads).
/// </summary>
internal sealed class SignatureReplayGuard
{
    /// <summary>jupyter_client's default <c>Session.digest_history_size</c>.</summary>
    public const int DefaultCapacity = 1 << 16;

    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Lock _gate = new();

    /// <summary>Creates a guard remembering at most <paramref name="capacity"/> signatures.</summary>
    public SignatureReplayGuard(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>How many signatures are remembered at most.</summary>
    public int Capacity { get; }

    /// <summary>How many signatures are remembered now.</summary>
    public int Count { get { lock (_gate) return _seen.Count; } }

    /// <summary>
    /// Records <paramref name="signature"/> (hex, compared case-insensitively as the signer accepts either case) and
    /// returns true, or returns false when it was already seen within the window.
    /// </summary>
    public bool TryRecord(string signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var key = signature.ToLowerInvariant();
        lock (_gate)
        {
            if (!_seen.Add(key)) return false;
            _order.Enqueue(key);
            if (_order.Count > Capacity) _seen.Remove(_order.Dequeue());
            return true;
        }
    }
}
