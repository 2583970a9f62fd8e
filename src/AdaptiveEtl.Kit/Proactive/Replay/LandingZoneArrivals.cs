namespace AdaptiveEtl.Kit.Proactive.Replay;

/// <summary>
/// Delivers the files of a sample landing zone into a working landing folder as virtual time passes their arrival
/// time (each copied to a temporary name and renamed, so a reader never sees half a file).
/// </summary>
public sealed class LandingZoneArrivals
{
    private readonly List<(string File, DateTimeOffset At)> _pending;

    /// <summary>Files of <paramref name="sourceFolder"/> matching <paramref name="pattern"/> arrive in <paramref name="landingFolder"/> at <paramref name="arrivalOf"/>(file name).</summary>
    public LandingZoneArrivals(string sourceFolder, string landingFolder, Func<string, DateTimeOffset> arrivalOf, string pattern = "*")
    {
        ArgumentNullException.ThrowIfNull(arrivalOf);
        if (!Directory.Exists(sourceFolder)) throw new KitDataException("folder not found.", Path.GetFullPath(sourceFolder));
        LandingFolder = Path.GetFullPath(landingFolder);
        Directory.CreateDirectory(LandingFolder);
        _pending = [.. Directory.GetFiles(sourceFolder, pattern).Order(StringComparer.Ordinal).Select(f => (f, arrivalOf(Path.GetFileName(f)))).OrderBy(p => p.Item2)];
    }

    /// <summary>The working landing folder the connector reads.</summary>
    public string LandingFolder { get; }

    /// <summary>Names of the files delivered so far.</summary>
    public List<string> Delivered { get; } = [];

    /// <summary>
    /// The arrival rule of <c>data-samples/landing/</c>: <c>orders_YYYY-MM-DD.csv</c> lands at 01:30 UTC the next day, before
    /// the ~02:00 <c>orders_daily</c> trigger.
    /// </summary>
    public static DateTimeOffset NextDayAtHalfPastOne(string fileName)
    {
        var stem = Path.GetFileNameWithoutExtension(fileName);
        var date = DateOnly.ParseExact(stem[^10..], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return new DateTimeOffset(date.ToDateTime(new TimeOnly(1, 30)), TimeSpan.Zero).AddDays(1);
    }

    /// <summary>Copies every file due by <paramref name="now"/> that was not delivered yet.</summary>
    public Task DeliverAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        while (_pending.Count > 0 && _pending[0].At <= now)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (file, at) = _pending[0];
            var target = Path.Combine(LandingFolder, Path.GetFileName(file));
            var temp = Path.Combine(LandingFolder, "." + Path.GetFileName(file) + ".part");
            File.Copy(file, temp, overwrite: true);
            File.SetLastWriteTimeUtc(temp, at.UtcDateTime);
            File.Move(temp, target, overwrite: true);
            Delivered.Add(Path.GetFileName(file));
            _pending.RemoveAt(0);
        }
        return Task.CompletedTask;
    }
}
