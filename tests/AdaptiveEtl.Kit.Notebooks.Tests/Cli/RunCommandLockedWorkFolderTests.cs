using System.CommandLine;
using System.Diagnostics;
using AdaptiveEtl.Kit.Cli.Commands;
using AdaptiveEtl.Kit.History;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Cli;

/// <summary>
/// Issue 19: <c>kit run</c> on a work folder whose history store another process holds ended in an unhandled stack
/// trace. It now stops with the bad-input exit code and one error line naming the holder (the message itself is
/// checked in AdaptiveEtl.Kit.Tests' LockedStoreTests).
/// </summary>
public sealed class RunCommandLockedWorkFolderTests
{
    [Fact]
    public async Task Kit_run_on_a_locked_work_folder_exits_with_bad_input_instead_of_crashing()
    {
        var work = Path.Combine(Path.GetTempPath(), "aek-run-locked-" + Guid.NewGuid().ToString("N"));
        var store = Path.Combine(work, "history.duckdb");
        RunHistoryStore.OpenDuckDb(store).Dispose();
        Process holder;
        try
        {
            // A second process takes the POSIX record lock DuckDB takes on its file (fcntl F_SETLK).
            holder = Process.Start(new ProcessStartInfo("python3", ["-c", "import fcntl,sys; f=open(sys.argv[1],'r+b'); fcntl.lockf(f, fcntl.LOCK_EX); print('locked', flush=True); sys.stdin.read()", store])
            { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false })!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Directory.Delete(work, recursive: true);
            Assert.Skip("python3 is needed to hold a file lock from a second process");
            return;
        }
        try
        {
            Assert.Equal("locked", await holder.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken));
            var root = new RootCommand { RunCommand.Create() };
            int exit = await root.Parse(["run", "--work", work, "--max-history", "150"]).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal(KitExitCode.BadInput, exit);
            Assert.False(File.Exists(Path.Combine(work, "report.html")));
        }
        finally
        {
            holder.StandardInput.Close();
            if (!holder.WaitForExit(10_000)) holder.Kill();
            holder.Dispose();
            Directory.Delete(work, recursive: true);
        }
    }
}
