namespace AdaptiveEtl.Kit.Kernel;

/// <summary>
/// Entry point of the kit's Jupyter kernel for C#: serves the Jupyter messaging protocol 5.3 on the sockets named by a
/// connection file, executing cells in one stateful <see cref="AdaptiveEtl.Kit.Scripting.ScriptSession"/>.
/// <c>kit kernel start --connection-file F</c> calls <see cref="RunAsync"/>.
/// </summary>
public static class KernelHost
{
    /// <summary>
    /// Runs the kernel until a client sends <c>shutdown_request</c> or <paramref name="cancellationToken"/> is cancelled.
    /// Returns the process exit code (0).
    /// </summary>
    /// <param name="connectionFile">The JSON connection file Jupyter wrote for this kernel.</param>
    /// <param name="options">Optional package sources, working directory and log.</param>
    /// <param name="cancellationToken">Stops the kernel as a shutdown would.</param>
    /// <example><code>return await KernelHost.RunAsync("/run/user/0/jupyter/kernel-1234.json");</code></example>
    public static async Task<int> RunAsync(string connectionFile, KernelHostOptions? options = null, CancellationToken cancellationToken = default)
    {
        var connection = KernelConnectionInfo.Load(connectionFile);
        await using var server = new KernelServer(connection, options ?? new KernelHostOptions());
        await server.RunAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
