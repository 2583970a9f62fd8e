using System.Diagnostics;
using AdaptiveEtl.Kit.History;
using AdaptiveEtl.Kit.Lineage.Store;
using AdaptiveEtl.Kit.Tests.Infrastructure;

namespace AdaptiveEtl.Kit.Tests.History;

/// <summary>
/// Issue 19: <c>kit run</c> on a work folder whose store another process holds printed a stack trace. Opening a locked
/// store is now one <see cref="KitDataException"/> naming the file and the holder. The holder here is a real second
/// process taking the same POSIX record lock DuckDB takes (fcntl F_SETLK through Python's <c>fcntl.lockf</c>).
/// </summary>
public sealed class LockedStoreTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "aek-locked-" + Guid.NewGuid().ToString("N"));

    public void Dispose() { if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true); }

    /// <summary>Starts a process holding an exclusive lock on <paramref name="path"/> until its stdin closes; returns once the lock is held.</summary>
    private static Process HoldLock(string path)
    {
        if (!ProcessRunner.Exists("python3")) Assert.Skip("python3 is needed to hold a file lock from a second process");
        var psi = new ProcessStartInfo("python3", ["-c", "import fcntl,sys; f=open(sys.argv[1],'r+b'); fcntl.lockf(f, fcntl.LOCK_EX); print('locked', flush=True); sys.stdin.read()", path])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        var p = Process.Start(psi)!;
        Assert.Equal("locked", p.StandardOutput.ReadLine());
        return p;
    }

    private static void Release(Process p)
    {
        p.StandardInput.Close();
        if (!p.WaitForExit(10_000)) p.Kill();
        p.Dispose();
    }

    [Fact]
    public void A_history_store_locked_by_another_process_is_one_clear_error_naming_the_holder()
    {
        var path = Path.Combine(_dir, "history.duckdb");
        RunHistoryStore.OpenDuckDb(path).Dispose();
        var holder = HoldLock(path);
        try
        {
            var e = Assert.Throws<KitDataException>(() => RunHistoryStore.OpenDuckDb(path));
            Assert.Equal(path, e.Location);
            Assert.Contains($"locked by process {holder.Id} (", e.Message);
            Assert.Contains("python", e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }
        finally { Release(holder); }
        // Once the holder is gone the store opens again.
        RunHistoryStore.OpenDuckDb(path).Dispose();
    }

    [Fact]
    public async Task A_lineage_store_locked_by_another_process_is_one_clear_error_naming_the_holder()
    {
        var path = Path.Combine(_dir, "lineage.duckdb");
        await (await DuckDbLineageStore.OpenAsync(path, TestContext.Current.CancellationToken)).DisposeAsync();
        var holder = HoldLock(path);
        try
        {
            var e = await Assert.ThrowsAsync<KitDataException>(() => DuckDbLineageStore.OpenAsync(path, TestContext.Current.CancellationToken));
            Assert.Contains($"lineage store is locked by process {holder.Id} (", e.Message);
        }
        finally { Release(holder); }
    }
}
