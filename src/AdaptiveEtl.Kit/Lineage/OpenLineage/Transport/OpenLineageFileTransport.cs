using System.Text;

namespace AdaptiveEtl.Kit.Lineage.OpenLineage.Transport;

/// <summary>
/// Appends events to a JSON-lines file (one event per line, UTF-8), as the OpenLineage clients' <c>file</c> transport
/// does with <c>append: true</c>; <see cref="OpenLineageEvent.ReadFile"/> reads it back. Each batch is appended
/// atomically: the whole batch is serialized first, written in one write under an exclusive lock on the file (other
/// writers, in this process or another, wait for it), flushed to disk, and cut off again if the write fails — so a reader
/// or another writer never sees half a batch, and batches never interleave.
/// </summary>
/// <example><code>
/// using var file = new OpenLineageFileTransport("work/openlineage.jsonl");
/// await file.SendAsync(OpenLineageGraph.ToEvents(graph));
/// </code></example>
public sealed class OpenLineageFileTransport : IOpenLineageTransport
{
    /// <summary>Creates the transport (the file and its folder are created on the first batch).</summary>
    /// <param name="path">The JSON-lines file.</param>
    /// <param name="lockTimeout">How long to wait for another writer's lock; default 30 s.</param>
    public OpenLineageFileTransport(string path, TimeSpan? lockTimeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        LockTimeout = lockTimeout ?? TimeSpan.FromSeconds(30);
    }

    /// <summary>The file events are appended to.</summary>
    public string Path { get; }

    /// <summary>How long a batch waits for another writer's lock before failing.</summary>
    public TimeSpan LockTimeout { get; }

    /// <inheritdoc />
    /// <exception cref="IOException">The file could not be locked within <see cref="LockTimeout"/> or written (nothing of the batch is left in it).</exception>
    public async Task SendAsync(IReadOnlyList<OpenLineageEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0) return;
        var text = new StringBuilder();
        foreach (var e in events) text.Append(e.ToJson()).Append('\n');
        var bytes = new UTF8Encoding(false).GetBytes(text.ToString());
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        await using var stream = await OpenLockedAsync(cancellationToken);
        long length = stream.Length;
        try
        {
            // A line left unterminated by a writer that died mid-write must not swallow the first event of this batch.
            if (length > 0)
            {
                stream.Seek(-1, SeekOrigin.End);
                if (stream.ReadByte() != '\n') bytes = [(byte)'\n', .. bytes];
            }
            stream.Seek(0, SeekOrigin.End);
            await stream.WriteAsync(bytes, CancellationToken.None);
            stream.Flush(flushToDisk: true);
        }
        catch
        {
            stream.SetLength(length);
            throw;
        }
    }

    /// <inheritdoc />
    public Task SendAsync(OpenLineageEvent ev, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ev);
        return SendAsync([ev], cancellationToken);
    }

    private async Task<FileStream> OpenLockedAsync(CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + LockTimeout;
        for (int wait = 5; ; wait = Math.Min(wait * 2, 200))
        {
            try
            {
                // FileShare.None takes an exclusive lock (flock on Unix), held until the stream is disposed.
                return new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.None);
            }
            catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(wait, ct);
            }
            catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
            {
                throw new IOException($"{Path}: could not lock the OpenLineage events file within {LockTimeout.TotalSeconds:0.#} s (another writer holds it): {e.Message}", e);
            }
        }
    }

    /// <summary>Nothing to release: the file is opened per batch.</summary>
    public void Dispose() { }
}
