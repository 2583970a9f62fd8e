using System.Globalization;
using AdaptiveEtl.Kit.History;

namespace AdaptiveEtl.Kit.Tests.History;

/// <summary>
/// Issue 19: timestamps of imported runs are parsed by a fast path (<see cref="RunRowValues.TryParseCommonIso"/>) before
/// the regex-gated <see cref="DateTimeOffset.TryParse(string, IFormatProvider, DateTimeStyles, out DateTimeOffset)"/>.
/// The reference is .NET's own parser with AssumeUniversal | AdjustToUniversal: wherever the fast path answers, it must
/// give the same instant (and offset zero); on edge cases it must decline, so the original path decides.
/// </summary>
public sealed class CommonIsoTimestampTests
{
    private const DateTimeStyles Utc = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;

    private static DateTimeOffset Reference(string text)
    {
        Assert.True(DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, Utc, out var v), $"reference parser rejects '{text}'");
        return v;
    }

    /// <summary>Every accepted form, from random instants over years 2..9998 (seeded), each with every separator, precision and zone.</summary>
    public static IEnumerable<string> GeneratedForms()
    {
        var rng = new Random(19);
        string[] zones = ["", "Z", "+00:00", "-00:00", "+01:00", "-05:30", "+13:59", "-13:59", "+05:45"];
        string[] bodies = ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd' 'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd' 'HH:mm:ss",
            "yyyy-MM-dd'T'HH:mm:ss.f", "yyyy-MM-dd'T'HH:mm:ss.ff", "yyyy-MM-dd'T'HH:mm:ss.fff", "yyyy-MM-dd' 'HH:mm:ss.ffff",
            "yyyy-MM-dd'T'HH:mm:ss.fffff", "yyyy-MM-dd'T'HH:mm:ss.ffffff", "yyyy-MM-dd'T'HH:mm:ss.fffffff"];
        var first = new DateTime(2, 1, 2).Ticks;
        var last = new DateTime(9998, 12, 30).Ticks;
        for (int k = 0; k < 400; k++)
        {
            var t = new DateTime(first + (long)(rng.NextDouble() * (last - first)));
            foreach (var body in bodies)
            {
                var text = t.ToString(body, CultureInfo.InvariantCulture);
                // A date alone takes no zone in the accepted forms.
                foreach (var zone in body == "yyyy-MM-dd" ? [""] : zones) yield return text + zone;
            }
        }
        // Calendar corners: leap days, month ends, midnight, the last second of a day, the range ends the fast path takes.
        yield return "2024-02-29";
        yield return "2000-02-29T23:59:59.9999999Z";
        yield return "2025-12-31T23:59:59+13:59";
        yield return "2025-01-01T00:00-13:59";
        yield return "0002-01-01T00:00:00Z";
        yield return "9998-12-31T23:59:59.9999999Z";
        yield return "2025-04-30 00:00:00";
        yield return "2025-01-01T10:00:00.0000000Z";
        yield return "2025-01-01T10:00:00.1+02:00";
    }

    [Fact]
    public void The_fast_path_agrees_with_DateTimeOffset_TryParse_on_every_accepted_form()
    {
        int checkedForms = 0;
        foreach (var text in GeneratedForms())
        {
            Assert.True(RunRowValues.TryParseCommonIso(text, out var fast), $"fast path declined '{text}'");
            var expected = Reference(text);
            Assert.Equal(expected.UtcTicks, fast.UtcTicks);
            Assert.Equal(TimeSpan.Zero, fast.Offset);
            Assert.Equal(TimeSpan.Zero, expected.Offset);
            checkedForms++;
        }
        Assert.True(checkedForms > 10_000, $"only {checkedForms} forms checked");
    }

    [Theory]
    // Accepted by the original path, declined by the fast one: ranges the fast path does not claim.
    [InlineData("2025-01-01T10:00:00+14:00")] // offset beyond ±13:59
    [InlineData("2025-01-01T10:00:00-14:00")]
    [InlineData("0001-01-01T00:00:00Z")] // year 1
    [InlineData("9999-12-31T00:00:00Z")] // year 9999
    [InlineData("9999-12-31")]
    // Rejected by the original path (with its own message): the fast path must not accept any of them.
    [InlineData("2025-02-29")] // not a leap year
    [InlineData("2025-13-01")]
    [InlineData("2025-00-10")]
    [InlineData("2025-04-31T00:00Z")]
    [InlineData("2025-01-01T24:00")]
    [InlineData("2025-01-01T23:60")]
    [InlineData("2025-01-01T23:59:60Z")] // leap second
    [InlineData("2025-01-01T10:00:00.12345678Z")] // eight fraction digits
    [InlineData("2025-01-01T10:00:00.Z")]
    [InlineData("2025-01-01T10:00:00z")] // lower-case zone
    [InlineData("2025-01-01T10:00:00+0100")]
    [InlineData("2025-01-01T10:00:00+01")]
    [InlineData("2025-01-01T10:00:00+01:00x")]
    [InlineData("2025-01-01Z")]
    [InlineData("2025-01-01T")]
    [InlineData("2025-01-01T10")]
    [InlineData("2025-01-01T10:0")]
    [InlineData("2025-1-01")]
    [InlineData("01/02/2025")]
    [InlineData("2025/01/02")]
    [InlineData("20250102")]
    [InlineData("٢٠٢٥-٠١-٠٢")] // Arabic-Indic digits: \d in the regex, not ASCII
    [InlineData("2025-01-01t10:00")]
    [InlineData("")]
    public void Edge_cases_fall_back_to_the_original_path(string text)
    {
        Assert.False(RunRowValues.TryParseCommonIso(text, out _), $"fast path accepted '{text}'");
        // The original path then decides, exactly as before the fast path existed.
        var values = new RunRowValues("runs.csv", 0, 2);
        bool referenceAccepts = OriginalPathAccepts(text, out var expected);
        if (referenceAccepts)
            Assert.Equal(expected.UtcTicks, values.Time(text, "trigger_time").UtcTicks);
        else
        {
            var e = Assert.Throws<KitDataException>(() => values.Time(text, "trigger_time"));
            Assert.Equal("trigger_time", e.Column);
            Assert.Equal(2, e.Line);
        }
    }

    [Theory]
    [InlineData("  2025-03-04T05:06:07Z  ", "2025-03-04T05:06:07Z")]
    [InlineData("\t2025-03-04 05:06\t", "2025-03-04 05:06")]
    public void Surrounding_white_space_is_trimmed_as_before(string text, string trimmed)
    {
        Assert.Equal(Reference(trimmed).UtcTicks, new RunRowValues("runs.csv", 0, 2).Time(text, "trigger_time").UtcTicks);
    }

    /// <summary>The gate of the original path (the same pattern as RunRowValues, written out here) and .NET's parser.</summary>
    private static bool OriginalPathAccepts(string text, out DateTimeOffset value)
    {
        value = default;
        var trimmed = text.Trim();
        return System.Text.RegularExpressions.Regex.IsMatch(trimmed, @"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})?)?$")
               && DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, Utc, out value);
    }
}
