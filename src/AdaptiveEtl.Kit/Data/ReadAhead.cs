using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace AdaptiveEtl.Kit.Data;

/// <summary>
/// Enumerates a sequence on a background thread while the caller consumes it (issue 19: an import reads and validates
/// the CSV on one core while the other appends the rows to the store). The items travel in chunks through a bounded
/// queue, so the producer is at most <c>(chunks + 2) × chunkSize</c> items ahead of the consumer and memory stays bounded.
/// Order is kept, and an exception of the source is raised to the consumer at the place it occurred: after every item
/// before it was consumed, as a plain enumeration would. Disposing the consumer's enumerator early (the consumer threw)
/// stops the producer and waits for it, so the source (an open file) is closed when the enumeration ends.
/// </summary>
internal static class ReadAhead
{
    /// <param name="source">Enumerated once, entirely on the background thread.</param>
    /// <param name="chunkSize">Items per chunk handed over (at least 1).</param>
    /// <param name="chunks">Chunks the queue holds at most (at least 1).</param>
    public static IEnumerable<T> Enumerate<T>(IEnumerable<T> source, int chunkSize, int chunks)
    {
        ArgumentNullException.ThrowIfNull(source);
        chunkSize = Math.Max(1, chunkSize);
        using var queue = new BlockingCollection<T[]>(Math.Max(1, chunks));
        using var stop = new CancellationTokenSource();
        var producer = Task.Factory.StartNew(() => Produce(source, chunkSize, queue, stop.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            foreach (var chunk in queue.GetConsumingEnumerable())
                foreach (var item in chunk) yield return item;
            if (producer.Result is { } failure) ExceptionDispatchInfo.Throw(failure);
        }
        finally
        {
            stop.Cancel();
            producer.Wait(CancellationToken.None);
        }
    }

    /// <summary>Hands the source's items over chunk by chunk; returns the source's exception (after the items before it), or null.</summary>
    /// <remarks>
    /// Each chunk is filled in its own method, so no frame of the producer refers to a chunk once it is queued (a Debug
    /// build keeps a method's locals alive to its end).
    /// </remarks>
    private static Exception? Produce<T>(IEnumerable<T> source, int chunkSize, BlockingCollection<T[]> queue, CancellationToken stop)
    {
        try
        {
            using var items = source.GetEnumerator();
            while (true)
            {
                var (chunk, failure) = Fill(items, chunkSize);
                if (chunk.Length > 0) queue.Add(chunk, stop);
                if (failure is not null || chunk.Length < chunkSize) return failure;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { return null; } // the consumer stopped early
        catch (Exception e) { return e; }
        finally { queue.CompleteAdding(); }
    }

    /// <summary>The next chunk (shorter at the end of the source or before its exception) and the source's exception, if one was raised.</summary>
    private static (T[] Chunk, Exception? Failure) Fill<T>(IEnumerator<T> items, int chunkSize)
    {
        var chunk = new T[chunkSize];
        int count = 0;
        Exception? failure = null;
        try
        {
            while (count < chunkSize && items.MoveNext()) chunk[count++] = items.Current;
        }
        catch (Exception e) { failure = e; }
        if (count < chunkSize) Array.Resize(ref chunk, count);
        return (chunk, failure);
    }
}
