using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AdaptiveEtl.Kit.Proactive.Sources;

/// <summary>
/// How far a source has been read: the largest watermark-column value fetched (tables) or the set of files ingested
/// (landing zones). Immutable; value equality; persisted as JSON (<see cref="ToJson"/>, <see cref="FromJson"/>) in the
/// staging store's watermarks table in the same transaction as the rows it covers.
/// </summary>
public sealed class Watermark : IEquatable<Watermark>
{
    private static readonly IReadOnlyList<LandedFile> NoFiles = [];

    private Watermark(WatermarkKind kind, long? integer, DateTimeOffset? timestamp, bool zoned, string? text, IReadOnlyList<LandedFile> files)
    {
        Kind = kind;
        Integer = integer;
        Timestamp = timestamp;
        TimestampHasZone = zoned;
        Text = text;
        Files = files;
    }

    /// <summary>What this watermark holds.</summary>
    public WatermarkKind Kind { get; }

    /// <summary>The value when <see cref="Kind"/> is <see cref="WatermarkKind.Integer"/>.</summary>
    public long? Integer { get; }

    /// <summary>The value when <see cref="Kind"/> is <see cref="WatermarkKind.Timestamp"/> (UTC).</summary>
    public DateTimeOffset? Timestamp { get; }

    /// <summary>Whether the timestamp column is zone-aware (<c>timestamptz</c>); decides how the value is bound back.</summary>
    public bool TimestampHasZone { get; }

    /// <summary>The value when <see cref="Kind"/> is <see cref="WatermarkKind.Text"/>.</summary>
    public string? Text { get; }

    /// <summary>The ingested files, sorted by name (empty unless <see cref="Kind"/> is <see cref="WatermarkKind.Files"/>).</summary>
    public IReadOnlyList<LandedFile> Files { get; }

    /// <summary>An integer-column watermark.</summary>
    public static Watermark OfInteger(long value) => new(WatermarkKind.Integer, value, null, false, null, NoFiles);

    /// <summary>A timestamp-column watermark; <paramref name="hasZone"/> tells whether the column is zone-aware.</summary>
    public static Watermark OfTimestamp(DateTimeOffset value, bool hasZone = true) => new(WatermarkKind.Timestamp, null, value.ToUniversalTime(), hasZone, null, NoFiles);

    /// <summary>A text-column watermark (ordinal comparison).</summary>
    public static Watermark OfText(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(WatermarkKind.Text, null, null, false, value, NoFiles);
    }

    /// <summary>A landing-zone watermark: the files ingested so far (duplicate names keep the last entry).</summary>
    public static Watermark OfFiles(IEnumerable<LandedFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var list = files.GroupBy(f => f.Name, StringComparer.Ordinal).Select(g => g.Last()).OrderBy(f => f.Name, StringComparer.Ordinal).ToArray();
        return new(WatermarkKind.Files, null, null, false, null, list);
    }

    /// <summary>
    /// The watermark of a value read from a watermark column: integers (any width) become <see cref="WatermarkKind.Integer"/>,
    /// <see cref="DateTime"/>/<see cref="DateTimeOffset"/>/<see cref="DateOnly"/> become <see cref="WatermarkKind.Timestamp"/>
    /// (a <see cref="DateTime"/> of kind Utc or a <see cref="DateTimeOffset"/> counts as zone-aware), strings <see cref="WatermarkKind.Text"/>.
    /// </summary>
    /// <exception cref="KitDataException">The value has another type (e.g. a floating-point column, which cannot be an exact watermark).</exception>
    public static Watermark FromValue(object value, string? column = null) => value switch
    {
        long l => OfInteger(l),
        int i => OfInteger(i),
        short s => OfInteger(s),
        byte b => OfInteger(b),
        sbyte sb => OfInteger(sb),
        uint ui => OfInteger(ui),
        ushort us => OfInteger(us),
        ulong ul when ul <= long.MaxValue => OfInteger((long)ul),
        DateTimeOffset dto => OfTimestamp(dto, true),
        DateTime dt => OfTimestamp(new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)), dt.Kind == DateTimeKind.Utc),
        DateOnly d => OfTimestamp(new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), false),
        string t => OfText(t),
        _ => throw new KitDataException($"a watermark column must hold integers, timestamps, dates or text; got a value of type {value.GetType().Name}.", column: column),
    };

    /// <summary>
    /// The value to bind as a parameter when reading rows after this watermark from a column: a <see cref="long"/>, a
    /// <see cref="DateTime"/> (kind Utc for zone-aware columns, Unspecified otherwise) or a <see cref="string"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">A files watermark has no column value.</exception>
    public object ColumnValue => Kind switch
    {
        WatermarkKind.Integer => Integer!.Value,
        WatermarkKind.Timestamp => TimestampHasZone ? Timestamp!.Value.UtcDateTime : DateTime.SpecifyKind(Timestamp!.Value.UtcDateTime, DateTimeKind.Unspecified),
        WatermarkKind.Text => Text!,
        _ => throw new InvalidOperationException("A files watermark has no column value."),
    };

    /// <summary>Whether a file of that name was already ingested according to this files watermark (landing-zone files are immutable once landed).</summary>
    public bool Covers(LandedFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Kind == WatermarkKind.Files && Files.Any(f => f.Name == file.Name);
    }

    /// <summary>
    /// Combines this watermark with a later one of the same kind: the union of the files, or the larger column value.
    /// </summary>
    /// <exception cref="KitDataException">The kinds differ (the source changed its watermark type).</exception>
    public Watermark Merge(Watermark? later)
    {
        if (later is null) return this;
        if (later.Kind != Kind) throw new KitDataException($"cannot combine a {Kind} watermark with a {later.Kind} watermark; the source's watermark type changed.");
        return Kind switch
        {
            WatermarkKind.Files => OfFiles(Files.Concat(later.Files)),
            _ => CompareColumnValue(later) >= 0 ? this : later,
        };
    }

    /// <summary>Compares two column watermarks of the same kind (negative when this one is earlier).</summary>
    /// <exception cref="InvalidOperationException">Files watermarks, or different kinds.</exception>
    public int CompareColumnValue(Watermark other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Kind != Kind || Kind == WatermarkKind.Files) throw new InvalidOperationException($"Cannot order a {Kind} watermark against a {other.Kind} watermark.");
        return Kind switch
        {
            WatermarkKind.Integer => Integer!.Value.CompareTo(other.Integer!.Value),
            WatermarkKind.Timestamp => Timestamp!.Value.CompareTo(other.Timestamp!.Value),
            _ => string.CompareOrdinal(Text, other.Text),
        };
    }

    /// <summary>Serialises to a compact JSON object (the stored form).</summary>
    public string ToJson()
    {
        var o = new JsonObject { ["kind"] = Kind.ToString() };
        switch (Kind)
        {
            case WatermarkKind.Integer: o["value"] = Integer; break;
            case WatermarkKind.Timestamp: o["value"] = Timestamp!.Value.ToString("O", CultureInfo.InvariantCulture); o["zoned"] = TimestampHasZone; break;
            case WatermarkKind.Text: o["value"] = Text; break;
            default:
                var arr = new JsonArray();
                foreach (var f in Files)
                    arr.Add(new JsonObject { ["name"] = f.Name, ["bytes"] = f.Bytes, ["mtime"] = f.LastWriteUtc.ToString("O", CultureInfo.InvariantCulture) });
                o["files"] = arr;
                break;
        }
        return o.ToJsonString();
    }

    /// <summary>Parses the form written by <see cref="ToJson"/>.</summary>
    /// <exception cref="KitDataException">The text is not a stored watermark.</exception>
    public static Watermark FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            var o = JsonNode.Parse(json)!.AsObject();
            var kind = Enum.Parse<WatermarkKind>((string)o["kind"]!);
            return kind switch
            {
                WatermarkKind.Integer => OfInteger((long)o["value"]!),
                WatermarkKind.Timestamp => OfTimestamp(DateTimeOffset.Parse((string)o["value"]!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind), (bool?)o["zoned"] ?? true),
                WatermarkKind.Text => OfText((string)o["value"]!),
                _ => OfFiles(o["files"]!.AsArray().Select(f => new LandedFile((string)f!["name"]!, (long)f["bytes"]!,
                    DateTimeOffset.Parse((string)f["mtime"]!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)))),
            };
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or ArgumentException or NullReferenceException or OverflowException)
        {
            throw new KitDataException($"not a stored watermark ({e.Message}); expected the JSON written by Watermark.ToJson: {json}", inner: e);
        }
    }

    /// <inheritdoc />
    public bool Equals(Watermark? other) => other is not null && other.ToJson() == ToJson();

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Watermark);

    /// <inheritdoc />
    public override int GetHashCode() => ToJson().GetHashCode(StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        WatermarkKind.Integer => $"integer {Integer}",
        WatermarkKind.Timestamp => $"timestamp {Timestamp!.Value.ToString("u", CultureInfo.InvariantCulture)}",
        WatermarkKind.Text => $"text '{Text}'",
        _ => Files.Count == 0 ? "no files" : $"{Files.Count} file(s) up to {Files[^1].Name}",
    };
}
