using System.Diagnostics;
using AdaptiveEtl.Kit.Proactive.Staging;
using AdaptiveEtl.Kit.Tests.Infrastructure;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Cli;

/// <summary>
/// <c>kit watch</c> as a real child process (<c>dotnet kit.dll watch --once</c>) over a copy of sample landing files:
/// killed with SIGKILL at a staging or publish checkpoint (the hidden <c>KIT_FAULT_PAUSE_AT</c> makes it print a marker
/// line and sleep there), restarted, and checked against the landing files themselves — every order row lands in the
/// target exactly once and staging holds each file at most once.
/// </summary>
public sealed class WatchCommandTests : IDisposable
{
    private const string Pipeline = "orders_daily";
    private static readonly string[] Files = ["orders_2025-12-01.csv", "orders_2025-12-02.csv", "orders_2025-12-03.csv", "orders_2025-12-04.csv"];
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "aek-watch-" + Guid.NewGuid().ToString("N"));

    public WatchCommandTests()
    {
        Directory.CreateDirectory(Landing);
        // Files before the 2025-12-09 schema change: one schema throughout.
        foreach (var f in Files) File.Copy(Path.Combine(SamplesLanding, f), Path.Combine(Landing, f));
    }

    private string Landing => Path.Combine(_root, "landing");

    private string Work => Path.Combine(_root, "work");

    private static string KitDll => Path.Combine(AppContext.BaseDirectory, "kit.dll");

    private static string SamplesLanding
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "data-samples", "landing");
                if (Directory.Exists(candidate)) return candidate;
            }
            throw new DirectoryNotFoundException("data-samples/landing not found above " + AppContext.BaseDirectory);
        }
    }

    [Fact]
    public void Killed_mid_fetch_then_restarted_publishes_every_row_exactly_once() => KillAtThenResume("Fetched:2");

    [Fact]
    public void Killed_mid_stage_before_commit_then_restarted_publishes_every_row_exactly_once() => KillAtThenResume("BeforeCommit:3");

    [Fact]
    public void Killed_mid_publish_then_restarted_publishes_every_row_exactly_once() => KillAtThenResume("Published");

    [Fact]
    public void Sigterm_at_a_checkpoint_exits_130_and_a_restart_completes_the_run()
    {
        using var p = StartWatch("PublishBeforeCommit");
        WaitForMarker(p);
        using (var kill = Process.Start("kill", ["-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!) kill.WaitForExit();
        Assert.True(p.WaitForExit(Timeout), "kit watch did not stop on SIGTERM");
        Assert.Equal(KitExitCode.Interrupted, p.ExitCode);
        Assert.Contains("interrupted", p.StandardOutput.ReadToEnd());
        var again = Watch();
        Assert.Equal(0, again.ExitCode);
        AssertEachRowOnce();
    }

    [Fact]
    public void Live_mode_publishes_at_a_trigger_marker_and_stops_on_sigterm()
    {
        var until = DateTimeOffset.UtcNow.AddMinutes(10).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { KitDll, "watch", "--work", Work, "--pipeline", Pipeline, "--source", Landing, "--until", until }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet kit.dll");
        WaitForLine(p, l => l.StartsWith("live:", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(Landing, Pipeline + ".trigger"), "");
        var published = WaitForLine(p, l => l.StartsWith("published ", StringComparison.Ordinal));
        Assert.StartsWith($"published {ExpectedIds().Count} rows into {Pipeline}", published);
        Assert.False(File.Exists(Path.Combine(Landing, Pipeline + ".trigger"))); // the marker is consumed
        using (var kill = Process.Start("kill", ["-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!) kill.WaitForExit();
        Assert.True(p.WaitForExit(Timeout), "kit watch did not stop on SIGTERM");
        Assert.Equal(KitExitCode.Interrupted, p.ExitCode);
        AssertEachRowOnce();
    }

    [Fact]
    public void Once_twice_in_a_row_publishes_nothing_new_the_second_time()
    {
        var first = Watch();
        Assert.True(first.ExitCode == 0, first.StdOut + first.StdErr);
        long expected = ExpectedIds().Count;
        Assert.Contains($"published {expected} rows into {Pipeline}", first.StdOut);
        foreach (var f in Files) Assert.Contains($"from file {f}", first.StdOut);
        var second = Watch();
        Assert.True(second.ExitCode == 0, second.StdOut + second.StdErr);
        Assert.Contains("published 0 rows", second.StdOut);
        Assert.DoesNotContain("staged ", second.StdOut);
        AssertEachRowOnce();

        // A file arriving later is the only thing the third run stages and publishes.
        File.Copy(Path.Combine(SamplesLanding, "orders_2025-12-05.csv"), Path.Combine(Landing, "orders_2025-12-05.csv"));
        long added = File.ReadLines(Path.Combine(Landing, "orders_2025-12-05.csv")).Skip(1).Count(l => l.Length > 0);
        var third = Watch();
        Assert.True(third.ExitCode == 0, third.StdOut + third.StdErr);
        Assert.Contains($"published {added} rows into {Pipeline}", third.StdOut);
        AssertEachRowOnce();
    }

    [Fact]
    public void Two_pipelines_in_one_process_each_publish_their_own_files_resume_from_their_own_watermarks_and_stop_on_sigterm()
    {
        // second pipeline: its own landing folder with two other sample files, its own target table
        var second = Path.Combine(_root, "landing-b");
        Directory.CreateDirectory(second);
        foreach (var f in new[] { "orders_2025-12-06.csv", "orders_2025-12-07.csv" }) File.Copy(Path.Combine(SamplesLanding, f), Path.Combine(second, f));
        static long Rows(string folder) => Directory.GetFiles(folder, "*.csv").Sum(f => File.ReadLines(f).Skip(1).LongCount(l => l.Length > 0));
        string[] Args(params string[] extra) => [KitDll, "watch", "--work", Work, "--pipeline", Pipeline, "--source", Landing, "--pipeline", "feed_b", "--source", second, "--target", Pipeline, "--target", "orders_b", .. extra];

        var first = ProcessRunner.Run("dotnet", Args("--once"), Timeout);
        Assert.True(first.ExitCode == 0, first.StdOut + first.StdErr);
        Assert.Contains($"{Pipeline}: published {Rows(Landing)} rows into {Pipeline}", first.StdOut);
        Assert.Contains($"feed_b: published {Rows(second)} rows into orders_b", first.StdOut);
        AssertEachRowOnce();

        // Only the second pipeline gets a new file: only it stages and publishes; the first resumes from its watermark with nothing new.
        File.Copy(Path.Combine(SamplesLanding, "orders_2025-12-08.csv"), Path.Combine(second, "orders_2025-12-08.csv"));
        long added = File.ReadLines(Path.Combine(second, "orders_2025-12-08.csv")).Skip(1).LongCount(l => l.Length > 0);
        var again = ProcessRunner.Run("dotnet", Args("--once"), Timeout);
        Assert.True(again.ExitCode == 0, again.StdOut + again.StdErr);
        Assert.Contains($"{Pipeline}: nothing new: published 0 rows", again.StdOut);
        Assert.Contains($"feed_b: published {added} rows into orders_b", again.StdOut);
        Assert.DoesNotContain($"{Pipeline}: staged ", again.StdOut);
        AssertEachRowOnce();
        using (var store = StagingStore.OpenInWorkFolder(Work))
        using (var conn = store.OpenConnection())
        using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = "SELECT count(*), count(DISTINCT order_id) FROM orders_b";
            using var reader = cmd.ExecuteReader();
            reader.Read();
            Assert.Equal(Rows(second), Convert.ToInt64(reader.GetValue(0)));
            Assert.Equal(Rows(second), Convert.ToInt64(reader.GetValue(1)));
        }

        // Live: a marker for the second pipeline fires only its trigger; SIGTERM stops the whole process cleanly.
        File.Copy(Path.Combine(SamplesLanding, "orders_2025-12-05.csv"), Path.Combine(second, "orders_2025-12-05.csv"));
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in Args("--until", DateTimeOffset.UtcNow.AddMinutes(10).ToString("O", System.Globalization.CultureInfo.InvariantCulture))) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet kit.dll");
        WaitForLine(p, l => l.StartsWith("live:", StringComparison.Ordinal) && l.Contains("feed_b.trigger", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(second, "feed_b.trigger"), "");
        var published = WaitForLine(p, l => l.StartsWith("feed_b: published ", StringComparison.Ordinal));
        long fifth = File.ReadLines(Path.Combine(second, "orders_2025-12-05.csv")).Skip(1).LongCount(l => l.Length > 0);
        Assert.StartsWith($"feed_b: published {fifth} rows into orders_b", published);
        using (var kill = Process.Start("kill", ["-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!) kill.WaitForExit();
        Assert.True(p.WaitForExit(Timeout), "kit watch did not stop on SIGTERM");
        Assert.Equal(KitExitCode.Interrupted, p.ExitCode);
        AssertEachRowOnce();
    }

    [Fact]
    public void A_config_names_the_pipelines_and_the_work_folder()
    {
        // kit.yaml beside the landing folder; relative paths resolve against it, so the work folder is <root>/work
        var config = Path.Combine(_root, "kit.yaml");
        File.WriteAllText(config, $"work: work\nproactive:\n  pipelines:\n    - name: {Pipeline}\n      source: landing\n");
        var r = ProcessRunner.Run("dotnet", [KitDll, "watch", "--config", config, "--once"], Timeout);
        Assert.True(r.ExitCode == 0, r.StdOut + r.StdErr);
        Assert.Contains($"published {ExpectedIds().Count} rows into {Pipeline}", r.StdOut);
        AssertEachRowOnce();
        // a config without pipelines to watch is bad input naming the key
        File.WriteAllText(config, "work: work\nproactive:\n  replay_triggers: 3\n");
        var empty = ProcessRunner.Run("dotnet", [KitDll, "watch", "--config", config, "--once"], Timeout);
        Assert.Equal(KitExitCode.BadInput, empty.ExitCode);
        Assert.Contains("proactive.pipelines is missing or empty", empty.StdErr);
    }

    [Fact]
    public void Unpaired_pipeline_and_source_options_are_a_usage_error()
    {
        var r = ProcessRunner.Run("dotnet", [KitDll, "watch", "--work", Work, "--pipeline", Pipeline, "--source", Landing, "--pipeline", "other", "--once"], Timeout);
        Assert.Equal(KitExitCode.Usage, r.ExitCode);
        Assert.Contains("one --source per --pipeline", r.StdErr + r.StdOut);
    }

    [Fact]
    public void A_missing_required_option_exits_1_and_names_it()
    {
        var r = ProcessRunner.Run("dotnet", [KitDll, "watch", "--work", Work, "--source", Landing, "--once"], Timeout);
        Assert.Equal(KitExitCode.Usage, r.ExitCode);
        Assert.Contains("--pipeline", r.StdErr + r.StdOut);
    }

    [Fact]
    public void A_missing_source_folder_exits_2_and_names_it()
    {
        var missing = Path.Combine(_root, "no-such-folder");
        var r = ProcessRunner.Run("dotnet", [KitDll, "watch", "--work", Work, "--pipeline", Pipeline, "--source", missing, "--once"], Timeout);
        Assert.Equal(KitExitCode.BadInput, r.ExitCode);
        Assert.Contains("no-such-folder", r.StdErr);
        Assert.False(File.Exists(Path.Combine(Work, "staging.duckdb")));
    }

    [Fact]
    public void Once_with_until_is_a_usage_error()
    {
        var r = ProcessRunner.Run("dotnet", [KitDll, "watch", "--work", Work, "--pipeline", Pipeline, "--source", Landing, "--once", "--until", "2030-01-01T00:00Z"], Timeout);
        Assert.Equal(KitExitCode.Usage, r.ExitCode);
        Assert.Contains("--once and --until", r.StdErr + r.StdOut);
    }

    private void KillAtThenResume(string pauseAt)
    {
        using (var p = StartWatch(pauseAt))
        {
            var marker = WaitForMarker(p);
            Assert.StartsWith("KIT_FAULT_PAUSED " + pauseAt.Split(':')[0], marker);
            p.Kill(entireProcessTree: true); // SIGKILL on Linux: no finally block, no rollback by the process itself
            Assert.True(p.WaitForExit(Timeout));
        }
        var again = Watch();
        Assert.True(again.ExitCode == 0, again.StdOut + again.StdErr);
        AssertEachRowOnce();
        // And nothing is published twice by a further run.
        var third = Watch();
        Assert.True(third.ExitCode == 0, third.StdOut + third.StdErr);
        Assert.Contains("published 0 rows", third.StdOut);
        AssertEachRowOnce();
    }

    /// <summary>The order ids in the landing files, read as text (first CSV column; header skipped) — independent of DuckDB.</summary>
    private List<long> ExpectedIds() =>
        [.. Directory.GetFiles(Landing, "*.csv").SelectMany(f => File.ReadLines(f).Skip(1)).Where(l => l.Length > 0)
            .Select(l => long.Parse(l[..l.IndexOf(',')], System.Globalization.CultureInfo.InvariantCulture))];

    private void AssertEachRowOnce()
    {
        var expected = ExpectedIds();
        Assert.Equal(expected.Count, expected.Distinct().Count()); // the sample's order ids are unique, so ids identify rows
        using var store = StagingStore.OpenInWorkFolder(Work);
        using var conn = store.OpenConnection();
        var ids = new List<long>();
        using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = $"SELECT order_id FROM \"{Pipeline}\"";
            using var reader = cmd.ExecuteReader();
            while (reader.Read()) ids.Add(Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }
        Assert.Equal(expected.Count, ids.Count);
        Assert.Equal(expected.Order(), ids.Order());

        // Staging: each landing file is recorded as staged exactly once with its line count, and no order id is staged twice.
        using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = "SELECT part, count(*), sum(rows)::BIGINT FROM _kit_stage_batches WHERE pipeline = $1 GROUP BY part ORDER BY part";
            cmd.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter(Pipeline));
            using var reader = cmd.ExecuteReader();
            var parts = new List<(string Part, long Count, long Rows)>();
            while (reader.Read()) parts.Add((reader.GetString(0), Convert.ToInt64(reader.GetValue(1)), Convert.ToInt64(reader.GetValue(2))));
            var files = Directory.GetFiles(Landing, "*.csv").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(files, parts.Select(p => p.Part));
            foreach (var (part, count, rows) in parts)
            {
                Assert.Equal(1, count);
                Assert.Equal(File.ReadLines(Path.Combine(Landing, part)).Skip(1).Count(l => l.Length > 0), rows);
            }
        }
        var stagingTable = StagingStore.StagingTableName(Pipeline, "landing");
        using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = $"SELECT count(*) - count(DISTINCT order_id) FROM \"{stagingTable}\"";
            Assert.Equal(0L, Convert.ToInt64(cmd.ExecuteScalar()));
        }
    }

    private ProcessRunner.Result Watch() =>
        ProcessRunner.Run("dotnet", [KitDll, "watch", "--work", Work, "--pipeline", Pipeline, "--source", Landing, "--once"], Timeout);

    private Process StartWatch(string pauseAt)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { KitDll, "watch", "--work", Work, "--pipeline", Pipeline, "--source", Landing, "--once" }) psi.ArgumentList.Add(a);
        psi.Environment["KIT_FAULT_PAUSE_AT"] = pauseAt;
        return Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet kit.dll");
    }

    /// <summary>Reads the child's output until the pause marker.</summary>
    private static string WaitForMarker(Process p) => WaitForLine(p, l => l.StartsWith("KIT_FAULT_PAUSED", StringComparison.Ordinal));

    /// <summary>Reads the child's output until a line matches (fails with what it printed if it exits or times out first).</summary>
    private static string WaitForLine(Process p, Func<string, bool> match)
    {
        var seen = new List<string>();
        var read = Task.Run(() =>
        {
            while (p.StandardOutput.ReadLine() is { } line)
            {
                lock (seen) seen.Add(line);
                if (match(line)) return line;
            }
            return null;
        });
        if (!read.Wait(Timeout) || read.Result is null)
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            lock (seen) Assert.Fail("expected line not printed; output:\n" + string.Join('\n', seen) + "\n" + p.StandardError.ReadToEnd());
        }
        return read.Result!;
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
