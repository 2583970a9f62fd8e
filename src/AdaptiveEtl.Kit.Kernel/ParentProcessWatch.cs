using System.Diagnostics;
using System.Globalization;

namespace AdaptiveEtl.Kit.Kernel;

/// <summary>
/// Stops the kernel when the process that started it dies, as ipykernel's ParentPoller does: Jupyter names its own
/// process in <c>JPY_PARENT_PID</c>; the watch checks it once a second and cancels when it has gone, so a killed notebook
/// server or VS Code does not leave kernels behind.
/// </summary>
internal static class ParentProcessWatch
{
    /// <summary>The environment variable Jupyter sets to its process id.</summary>
    public const string Variable = "JPY_PARENT_PID";

    /// <summary>The parent process id from <see cref="Variable"/>, or null when unset, not a number, or not above 1.</summary>
    public static int? ParentId(string? value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) && pid > 1 ? pid : null;

    /// <summary>True while the process <paramref name="pid"/> runs.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Cancels <paramref name="stop"/> once <paramref name="pid"/> has exited (checked every <paramref name="interval"/>).</summary>
    public static async Task WatchAsync(int pid, CancellationTokenSource stop, TimeSpan interval, TextWriter log)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(interval, stop.Token).ConfigureAwait(false);
                if (IsAlive(pid)) continue;
                log.WriteLine($"kit kernel: parent process {pid} ({Variable}) has exited; shutting down");
                await stop.CancelAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // the kernel stopped first
        }
    }
}
