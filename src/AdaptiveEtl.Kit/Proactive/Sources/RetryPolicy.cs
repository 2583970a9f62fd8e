using System.Net.Sockets;
using Npgsql;

namespace AdaptiveEtl.Kit.Proactive.Sources;

/// <summary>
/// Retries a source that is down with exponential backoff: attempt <c>k</c> (1-based) waits
/// <c>min(InitialDelay × Multiplier^(k-1), MaxDelay)</c> before attempt <c>k+1</c>. Only transient failures are retried
/// (<see cref="IsTransient"/>); the result is always a <see cref="RetryOutcome{T}"/>, never an exception, except for
/// cancellation of the caller's token.
/// </summary>
/// <param name="MaxAttempts">Attempts in total (1 = no retry).</param>
/// <param name="InitialDelay">Wait after the first failure.</param>
/// <param name="Multiplier">Growth of the wait per failure (≥ 1).</param>
/// <param name="MaxDelay">Cap of one wait.</param>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan InitialDelay, double Multiplier, TimeSpan MaxDelay)
{
    /// <summary>4 attempts, waiting 0.5 s, 1 s, 2 s (capped at 30 s).</summary>
    public static RetryPolicy Default { get; } = new(4, TimeSpan.FromMilliseconds(500), 2.0, TimeSpan.FromSeconds(30));

    /// <summary>One attempt, no retry.</summary>
    public static RetryPolicy None { get; } = new(1, TimeSpan.Zero, 1.0, TimeSpan.Zero);

    /// <summary>
    /// Decides whether a failure is worth retrying. Default: I/O, socket and timeout errors, and Npgsql errors that are
    /// transient or have no SQL state (connection failures) anywhere in the exception chain; not bad input
    /// (<see cref="KitDataException"/>), SQL errors or programming errors.
    /// </summary>
    public Func<Exception, bool> IsTransient { get; init; } = DefaultIsTransient;

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        double ms = InitialDelay.TotalMilliseconds * Math.Pow(Math.Max(1.0, Multiplier), attempt - 1);
        return TimeSpan.FromMilliseconds(Math.Min(ms, MaxDelay.TotalMilliseconds));
    }

    /// <summary>Runs <paramref name="action"/> (given the 1-based attempt number) until it succeeds, fails permanently or the attempts are used up.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<RetryOutcome<T>> ExecuteAsync<T>(Func<int, CancellationToken, Task<T>> action, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttempts, 1);
        var errors = new List<string>();
        var waited = TimeSpan.Zero;
        for (int attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var value = await action(attempt, cancellationToken).ConfigureAwait(false);
                return new RetryOutcome<T>(true, value, attempt, errors, waited, null);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                errors.Add($"attempt {attempt}: {e.GetType().Name}: {e.Message}");
                bool transient = IsTransient(e);
                if (!transient || attempt >= MaxAttempts)
                    return new RetryOutcome<T>(false, default, attempt, errors, waited, e) { GaveUpBecause = transient ? $"still failing after {attempt} attempt(s)" : "not a transient failure; not retried" };
                var delay = DelayAfter(attempt);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                waited += delay;
            }
        }
    }

    /// <summary>The default transient-failure test (see <see cref="IsTransient"/>).</summary>
    public static bool DefaultIsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case KitDataException: return false;
                case PostgresException pg: return pg.IsTransient;
                case NpgsqlException n when n.IsTransient: return true;
                case IOException or SocketException or TimeoutException: return true;
            }
        }
        return exception is NpgsqlException { SqlState: null };
    }
}
