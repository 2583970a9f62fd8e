using AdaptiveEtl.Kit.SchemaEvolution.Controller;

namespace AdaptiveEtl.Kit.Tests.SchemaEvolution.Controller;

public sealed class MaintenanceWindowTests
{
    private static DateTimeOffset At(int day, int h, int m) => new(2026, 12, day, h, m, 0, TimeSpan.Zero);

    [Fact]
    public void A_daily_window_contains_its_start_but_not_its_end()
    {
        var w = MaintenanceWindow.Parse("02:00-04:00");
        Assert.True(w.Contains(At(3, 2, 0)));
        Assert.True(w.Contains(At(3, 3, 59)));
        Assert.False(w.Contains(At(3, 4, 0)));
        Assert.False(w.Contains(At(3, 1, 59)));
        Assert.Equal(At(3, 4, 0), w.ClosesAt(At(3, 2, 30)));
        Assert.Null(w.ClosesAt(At(3, 5, 0)));
    }

    [Fact]
    public void Next_opportunity_is_now_inside_the_window_else_the_next_opening()
    {
        var w = MaintenanceWindow.Parse("02:00-04:00");
        Assert.Equal(At(3, 2, 30), w.NextOpportunity(At(3, 2, 30)));
        Assert.Equal(At(3, 2, 0), w.NextOpportunity(At(3, 0, 10)));
        Assert.Equal(At(4, 2, 0), w.NextOpportunity(At(3, 4, 0)));
    }

    [Fact]
    public void A_window_ending_before_it_starts_wraps_past_midnight()
    {
        var w = MaintenanceWindow.Parse("22:00-01:00");
        Assert.Equal(TimeSpan.FromHours(3), w.Length);
        Assert.True(w.Contains(At(3, 23, 0)));
        Assert.True(w.Contains(At(4, 0, 30)));
        Assert.Equal(At(4, 1, 0), w.ClosesAt(At(4, 0, 30)));
        Assert.False(w.Contains(At(4, 1, 0)));
        Assert.Equal(At(4, 22, 0), w.NextOpportunity(At(4, 12, 0)));
    }

    [Theory]
    [InlineData("2-4")]
    [InlineData("02:00")]
    [InlineData("25:00-04:00")]
    public void A_bad_window_text_says_the_expected_form(string text)
    {
        var e = Assert.Throws<KitDataException>(() => MaintenanceWindow.Parse(text));
        Assert.Contains("HH:mm-HH:mm", e.Message);
    }
}
