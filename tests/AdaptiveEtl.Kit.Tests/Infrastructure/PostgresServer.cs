using System.Net;
using System.Net.Sockets;

namespace AdaptiveEtl.Kit.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL 15 server for tests: installed with apt when missing, started on a free loopback port in a
/// temporary data directory, stopped and deleted on dispose. Use as an xunit class/collection fixture; tests call
/// <see cref="SkipIfUnavailable"/> first, which skips with one clear message only where the server cannot be had.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string BinDir = "/usr/lib/postgresql/15/bin";
    private string? _dataDir;
    private bool _started;

    /// <summary>Why the server is not available (null when it runs).</summary>
    public string? UnavailableReason { get; private set; }

    /// <summary>Why the HypoPG extension (Debian postgresql-15-hypopg) is not installed, or null when <c>CREATE EXTENSION hypopg</c> works.</summary>
    public string? HypoPgUnavailableReason { get; private set; }

    /// <summary>Loopback port the server listens on.</summary>
    public int Port { get; private set; }

    /// <summary>Connection string to the <c>postgres</c> database as superuser <c>postgres</c> (trust auth on loopback).</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false";

    /// <summary>Connection string to another database of this server (create it with <see cref="CreateDatabaseAsync"/>).</summary>
    public string ConnectionStringFor(string database) => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=false";

    /// <summary>Skips the calling test (xunit v3 dynamic skip) when the server could not be installed or started.</summary>
    public void SkipIfUnavailable()
    {
        if (UnavailableReason is not null) Assert.Skip("PostgreSQL 15 tests skipped: " + UnavailableReason);
    }

    /// <summary>Creates an empty database with a fresh unique name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "t")
    {
        SkipIfUnavailable();
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(40, prefix.Length + 33)];
        await using var conn = new Npgsql.NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = $"CREATE DATABASE \"{name}\"";
        await cmd.ExecuteNonQueryAsync();
        return ConnectionStringFor(name);
    }

    /// <inheritdoc />
    public ValueTask InitializeAsync()
    {
        UnavailableReason = ProcessRunner.EnsureAptPackages(() => File.Exists(Path.Combine(BinDir, "initdb")), "postgresql-15");
        if (UnavailableReason is not null) return ValueTask.CompletedTask;
        HypoPgUnavailableReason = ProcessRunner.EnsureAptPackages(() => File.Exists("/usr/share/postgresql/15/extension/hypopg.control"), "postgresql-15-hypopg");
        try
        {
            _dataDir = Path.Combine(Path.GetTempPath(), "aek-pg-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_dataDir);
            Port = FreePort();
            // initdb and postgres refuse to run as root: run them as the 'postgres' user the package creates.
            var asUser = ProcessRunner.IsRoot ? new[] { "runuser", "-u", "postgres", "--" } : Array.Empty<string>();
            if (ProcessRunner.IsRoot) ProcessRunner.Run("chown", ["postgres:postgres", _dataDir]).EnsureSuccess("chown data directory");
            Exec(asUser, Path.Combine(BinDir, "initdb"), "-D", _dataDir, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync").EnsureSuccess("initdb");
            Exec(asUser, Path.Combine(BinDir, "pg_ctl"), "-D", _dataDir, "-l", Path.Combine(_dataDir, "server.log"), "-w", "-t", "60",
                "-o", $"-p {Port} -k {_dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off", "start").EnsureSuccess("pg_ctl start");
            _started = true;
        }
        catch (Exception e)
        {
            UnavailableReason = "could not start a PostgreSQL 15 server: " + e.Message;
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (_dataDir is null) return ValueTask.CompletedTask;
        if (_started)
        {
            var asUser = ProcessRunner.IsRoot ? new[] { "runuser", "-u", "postgres", "--" } : Array.Empty<string>();
            try { Exec(asUser, Path.Combine(BinDir, "pg_ctl"), "-D", _dataDir, "-m", "immediate", "-w", "stop"); }
            catch (Exception) { /* best effort */ }
        }
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return ValueTask.CompletedTask;
    }

    private static ProcessRunner.Result Exec(string[] prefix, string program, params string[] args)
    {
        var all = prefix.Concat(new[] { program }).Concat(args).ToArray();
        return ProcessRunner.Run(all[0], all.Skip(1), TimeSpan.FromMinutes(2));
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
