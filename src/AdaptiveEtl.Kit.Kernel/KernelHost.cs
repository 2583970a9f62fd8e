namespace AdaptiveEtl.Kit.Kernel;

/// <summary>
/// Entry point of the kit's Jupyter kernel for C#: serves the Jupyter messaging protocol 5.3 on the sockets named by a
/// connection file, executing cells in one stateful <see cref="AdaptiveEtl.Kit.Scripting.ScriptSession"/>.
/// <c>kit kernel start --connection-file F</c> calls <see cref="RunAsync"/>.
/// </summary>
public static class KernelHost
{
    /// <summary>
    /// Runs the kernel until a client sends <c>shutdown_request</c>, <paramref name="cancellationToken"/> is cancelled, or
    /// the process named by <c>JPY_PARENT_PID</c> (Jupyter sets it to its own id) exits. Returns the process exit code (0).
    /// </summary>
    /// <param name="connectionFile">The JSON connection file Jupyter wrote for this kernel.</param>
    /// <param name="options">Optional package sources, working directory and log.</param>
    /// <param name="cancellationToken">Stops the kernel as a shutdown would.</param>
    /// <example><code>return await KernelHost.RunAsync("/run/user/0/jupyter/kernel-1234.json");</code></example>
    public static async Task<int> RunAsync(string connectionFile, KernelHostOptions? options = null, CancellationToken cancellationToken = default)
    {
        var connection = KernelConnectionInfo.Load(connectionFile);
        options ??= new KernelHostOptions();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watch = ParentProcessWatch.ParentId(Environment.GetEnvironmentVariable(ParentProcessWatch.Variable)) is { } parent
            ? ParentProcessWatch.WatchAsync(parent, stop, TimeSpan.FromSeconds(1), options.Log ?? Console.Error)
            : Task.CompletedTask;
        await using (var server = new KernelServer(connection, options))
            await server.RunAsync(stop.Token).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        await watch.ConfigureAwait(false);
        return 0;
    }
}
