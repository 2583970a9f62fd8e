using NetMQ;
using NetMQ.Sockets;

namespace AdaptiveEtl.Kit.Kernel.Messaging;

/// <summary>
/// The five ZeroMQ sockets of a kernel, bound to the connection file's ports: shell, control and stdin (ROUTER), IOPub
/// (PUB) and heartbeat (REP). NetMQ sockets are not thread-safe, so every send goes through a lock per socket; each
/// socket is received from by exactly one thread.
/// </summary>
internal sealed class KernelSockets : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private readonly WireFormat _wire;
    private readonly Action<string> _log;

    /// <summary>Binds all five sockets.</summary>
    public KernelSockets(KernelConnectionInfo connection, Action<string> log)
    {
        _wire = new WireFormat(new MessageSigner(connection.Key));
        _log = log;
        Shell = Bind(new RouterSocket(), connection, connection.ShellPort);
        Control = Bind(new RouterSocket(), connection, connection.ControlPort);
        Stdin = Bind(new RouterSocket(), connection, connection.StdinPort);
        IOPub = Bind(new PublisherSocket(), connection, connection.IOPubPort);
        Heartbeat = Bind(new ResponseSocket(), connection, connection.HeartbeatPort);
    }

    /// <summary>The shell channel: requests from clients, processed in order.</summary>
    public RouterSocket Shell { get; }

    /// <summary>The control channel: interrupt and shutdown, served while a cell runs.</summary>
    public RouterSocket Control { get; }

    /// <summary>The stdin channel (bound; the kernel does not request input).</summary>
    public RouterSocket Stdin { get; }

    /// <summary>The IOPub broadcast channel.</summary>
    public PublisherSocket IOPub { get; }

    /// <summary>The heartbeat echo channel.</summary>
    public ResponseSocket Heartbeat { get; }

    /// <summary>Signs and sends a message on <paramref name="socket"/>.</summary>
    public void Send(NetMQSocket socket, JupyterMessage message)
    {
        var frames = _wire.Encode(message);
        var multipart = new NetMQMessage(frames.Count);
        foreach (var frame in frames) multipart.Append(frame);
        lock (socket) socket.SendMultipartMessage(multipart);
    }

    /// <summary>
    /// Waits up to the poll interval for a message on a ROUTER socket. Returns null on timeout and for messages with a
    /// bad signature or shape, which are logged and dropped without a reply.
    /// </summary>
    public JupyterMessage? TryReceive(NetMQSocket socket, string channel)
    {
        NetMQMessage? multipart = null;
        if (!socket.TryReceiveMultipartMessage(PollInterval, ref multipart) || multipart is null) return null;
        var frames = multipart.Select(f => f.ToByteArray()).ToArray();
        var message = _wire.Decode(frames, out var rejection);
        if (message is null) _log($"dropped a message on the {channel} channel: {rejection}");
        return message;
    }

    /// <summary>Echoes heartbeat frames until <paramref name="stopping"/> is cancelled.</summary>
    public void RunHeartbeat(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            NetMQMessage? ping = null;
            if (!Heartbeat.TryReceiveMultipartMessage(PollInterval, ref ping) || ping is null) continue;
            Heartbeat.SendMultipartMessage(ping);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var socket in new NetMQSocket[] { Shell, Control, Stdin, IOPub, Heartbeat })
        {
            socket.Options.Linger = TimeSpan.FromMilliseconds(500);
            socket.Dispose();
        }
    }

    private static T Bind<T>(T socket, KernelConnectionInfo connection, int port) where T : NetMQSocket
    {
        var endpoint = connection.Endpoint(port);
        try
        {
            socket.Bind(endpoint);
        }
        catch (NetMQException e)
        {
            socket.Dispose();
            throw new IOException($"The kernel cannot bind its {typeof(T).Name} to {endpoint} from the connection file: {e.Message}", e);
        }
        return socket;
    }
}
