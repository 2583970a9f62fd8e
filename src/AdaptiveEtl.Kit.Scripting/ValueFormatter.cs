using Microsoft.DotNet.Interactive.Formatting;

namespace AdaptiveEtl.Kit.Scripting;

/// <summary>
/// Formats values for notebooks with Microsoft.DotNet.Interactive.Formatting's <see cref="Formatter"/>: <c>text/plain</c>
/// always, <c>text/html</c> when an HTML formatter is registered for the value's type (the kit's Notebooks assembly registers
/// them for DataFrames, Plotly charts and IHtmlReportable results) or the type is a collection/object the formatter renders as a
/// table. Strings and primitives get <c>text/plain</c> only.
/// </summary>
public static class ValueFormatter
{
    /// <summary><c>text/plain</c>.</summary>
    public const string PlainTextMimeType = "text/plain";

    /// <summary><c>text/html</c>.</summary>
    public const string HtmlMimeType = "text/html";

    /// <summary><c>image/svg+xml</c>: added beside <c>text/html</c> when an SVG formatter is registered for the type (the kit's charts).</summary>
    public const string SvgMimeType = "image/svg+xml";

    /// <summary>Formats <paramref name="value"/> as a mime bundle.</summary>
    public static FormattedValue Format(object? value) => Format(value, null);

    /// <summary>
    /// Formats <paramref name="value"/> as <c>text/plain</c> plus <paramref name="mimeType"/> (or the preferred rich types when null).
    /// A string with an explicit mime type is taken as already rendered content (<c>display("&lt;b&gt;x&lt;/b&gt;", "text/html")</c>).
    /// </summary>
    public static FormattedValue Format(object? value, string? mimeType)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [PlainTextMimeType] = PlainText(value),
        };
        if (value is null) return new FormattedValue(data);
        if (mimeType is not null && mimeType != PlainTextMimeType)
        {
            data[mimeType] = value is string s ? s : Formatter.ToDisplayString(value, mimeType);
            return new FormattedValue(data);
        }
        if (mimeType is null && HasHtmlFormatter(value.GetType()))
        {
            data[HtmlMimeType] = Formatter.ToDisplayString(value, HtmlMimeType);
            if (HasRegisteredFormatter(value.GetType(), SvgMimeType)) data[SvgMimeType] = Formatter.ToDisplayString(value, SvgMimeType);
        }
        return new FormattedValue(data);
    }

    private static string PlainText(object? value) => value switch
    {
        null => "null",
        string s => s,
        _ => Formatter.ToDisplayString(value, PlainTextMimeType),
    };

    private static bool HasRegisteredFormatter(Type type, string mimeType) =>
        Formatter.RegisteredFormatters(false).Any(f => f.MimeType == mimeType && f.Type != typeof(object) && f.Type.IsAssignableFrom(type));

    /// <summary>True when an HTML formatter registered for <paramref name="type"/> (not the catch-all for <see cref="object"/>) exists.</summary>
    private static bool HasHtmlFormatter(Type type)
    {
        if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTime)
            || type == typeof(DateTimeOffset) || type == typeof(TimeSpan) || type == typeof(Guid))
            return false;
        var formatter = Formatter.GetPreferredFormatterFor(type, HtmlMimeType);
        return formatter.Type != typeof(object);
    }
}
