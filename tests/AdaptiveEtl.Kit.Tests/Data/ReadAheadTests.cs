using AdaptiveEtl.Kit.Data;

namespace AdaptiveEtl.Kit.Tests.Data;

/// <summary>
/// Issue 19: an import reads and validates on a background thread (<see cref="ReadAhead"/>) while it appends. The
/// consumer must see exactly the source's items in order, a source's exception only after every item before it, and an
/// early stop must end the producer (so the file it reads is closed).
/// </summary>
public sealed class ReadAheadTests
{
    private static IEnumerable<int> Numbers(int count, int? throwAt = null)
    {
        for (int i = 0; i < count; i++)
        {
            if (i == throwAt) throw new FormatException($"bad item {i}");
            yield return i;
        }
    }

    [Theory]
    [InlineData(0, 4, 2)]
    [InlineData(1, 4, 2)]
    [InlineData(1000, 1, 1)]
    [InlineData(1003, 8, 4)]
    [InlineData(5000, 1024, 4)]
    public void Items_arrive_complete_and_in_order(int count, int chunkSize, int chunks)
    {
        Assert.Equal(Enumerable.Range(0, count), ReadAhead.Enumerate(Numbers(count), chunkSize, chunks).ToList());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(777)]
    public void A_source_exception_is_raised_after_every_item_before_it(int throwAt)
    {
        var seen = new List<int>();
        var e = Assert.Throws<FormatException>(() =>
        {
            foreach (var i in ReadAhead.Enumerate(Numbers(1000, throwAt), chunkSize: 8, chunks: 2)) seen.Add(i);
        });
        Assert.Equal($"bad item {throwAt}", e.Message);
        Assert.Equal(Enumerable.Range(0, throwAt), seen);
    }

    [Fact]
    public void Stopping_early_ends_the_producer_and_disposes_the_source()
    {
        var disposed = new ManualResetEventSlim();
        IEnumerable<int> Endless()
        {
            try { for (int i = 0; ; i++) yield return i; }
            finally { disposed.Set(); }
        }
        var first = ReadAhead.Enumerate(Endless(), chunkSize: 16, chunks: 2).Take(100).ToList();
        Assert.Equal(Enumerable.Range(0, 100), first);
        // The enumerator's disposal waits for the producer, so the source is disposed by the time Take returns.
        Assert.True(disposed.IsSet);
    }
}
