using System.Globalization;
using AdaptiveEtl.Kit.Forecasting.Prophet;

namespace AdaptiveEtl.Kit.Triggers;

/// <summary>A user-supplied list of holidays (date and name), e.g. <c>data-samples/holidays.csv</c>.</summary>
public sealed class HolidayCalendar
{
    private readonly Dictionary<DateOnly, string> _byDate;

    /// <summary>Creates a calendar; a date listed twice keeps the first name.</summary>
    public HolidayCalendar(IEnumerable<(DateOnly Date, string Name)> holidays)
    {
        ArgumentNullException.ThrowIfNull(holidays);
        _byDate = new Dictionary<DateOnly, string>();
        foreach (var (date, name) in holidays) _byDate.TryAdd(date, name);
    }

    /// <summary>An empty calendar.</summary>
    public static HolidayCalendar None { get; } = new([]);

    /// <summary>The holidays, ordered by date.</summary>
    public IReadOnlyList<(DateOnly Date, string Name)> Holidays => _byDate.OrderBy(kv => kv.Key).Select(kv => (kv.Key, kv.Value)).ToArray();

    /// <summary>True when the (UTC) date is a holiday.</summary>
    public bool IsHoliday(DateOnly date) => _byDate.ContainsKey(date);

    /// <summary>True when the UTC date of the instant is a holiday.</summary>
    public bool IsHoliday(DateTimeOffset time) => IsHoliday(DateOnly.FromDateTime(time.UtcDateTime));

    /// <summary>
    /// The holidays as <see cref="ProphetHoliday"/> entries, all under one name ("holiday") so that their shared effect is
    /// estimable from one year of data, with the given window in days.
    /// </summary>
    public IReadOnlyList<ProphetHoliday> ToProphetHolidays(int lowerWindow = 0, int upperWindow = 0) =>
        _byDate.Keys.Order().Select(d => new ProphetHoliday("holiday", d, lowerWindow, upperWindow)).ToArray();

    /// <summary>Loads a CSV with a <c>date</c> (yyyy-MM-dd) and a <c>name</c> column.</summary>
    /// <remarks>Read with the kit's one CSV reader (<see cref="Data.CsvRecords"/>): a quoted name may hold a comma.</remarks>
    /// <exception cref="KitDataException">Missing file or column, or a bad date; names the file, line and column.</exception>
    public static HolidayCalendar LoadCsv(string path)
    {
        if (!File.Exists(path)) throw new KitDataException("file not found; expected a holiday CSV with columns date,name.", path);
        var records = Data.CsvRecords.Read(path).ToList(); // RFC 4180: a quoted name may hold a comma
        if (records.Count == 0) throw new KitDataException("the file is empty; expected a header date,name.", path);
        var header = records[0].Fields.Select(h => h.Trim()).ToList();
        int di = header.FindIndex(h => h.Equals("date", StringComparison.OrdinalIgnoreCase));
        int ni = header.FindIndex(h => h.Equals("name", StringComparison.OrdinalIgnoreCase));
        if (di < 0) throw new KitDataException($"no 'date' column; the header is {string.Join(",", header)}.", path);
        var list = new List<(DateOnly, string)>();
        for (int r = 1; r < records.Count; r++)
        {
            var (line, f) = records[r];
            var text = f.Length > di ? f[di].Trim() : "";
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                throw new KitDataException($"'{text}' is not a date (expected yyyy-MM-dd).", path, "date", r - 1, line: line);
            list.Add((date, ni >= 0 && f.Length > ni && f[ni].Trim().Length > 0 ? f[ni].Trim() : "holiday"));
        }
        return new HolidayCalendar(list);
    }
}
