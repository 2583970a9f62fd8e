namespace AdaptiveEtl.Kit.Scripting;

/// <summary>The handle <c>display(x)</c> returns: <see cref="Update"/> replaces what was shown (like .NET Interactive's DisplayedValue).</summary>
public sealed class DisplayedValue
{
    private readonly Action<FormattedValue, string, bool> _publish;
    private readonly string? _mimeType;

    internal DisplayedValue(string displayId, string? mimeType, Action<FormattedValue, string, bool> publish)
    {
        DisplayId = displayId;
        _mimeType = mimeType;
        _publish = publish;
    }

    /// <summary>The id shared by the first display and its updates.</summary>
    public string DisplayId { get; }

    /// <summary>Replaces the displayed value with <paramref name="newValue"/>.</summary>
    public void Update(object? newValue) => _publish(ValueFormatter.Format(newValue, _mimeType), DisplayId, true);
}
