using System.Diagnostics;
using AdaptiveEtl.Kit.Kernel;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Kernel;

public sealed class ParentProcessWatchTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("abc", null)]
    [InlineData("1", null)]
    [InlineData("4242", 4242)]
    public void ParentId_reads_JPY_PARENT_PID(string? value, int? expected) => Assert.Equal(expected, ParentProcessWatch.ParentId(value));

    [Fact]
    public async Task The_watch_cancels_when_the_parent_exits_and_not_before()
    {
        using var parent = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        using var stop = new CancellationTokenSource();
        var watch = ParentProcessWatch.WatchAsync(parent.Id, stop, TimeSpan.FromMilliseconds(100), TextWriter.Null);
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.False(stop.IsCancellationRequested, "the parent still runs");
        parent.Kill();
        await parent.WaitForExitAsync(TestContext.Current.CancellationToken);
        // generous bound for a loaded machine: the watch polls every 100 ms
        await watch.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        Assert.True(stop.IsCancellationRequested);
    }
}
