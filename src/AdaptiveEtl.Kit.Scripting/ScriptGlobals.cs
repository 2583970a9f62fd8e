namespace AdaptiveEtl.Kit.Scripting;

/// <summary>
/// The globals every cell and script sees: <c>display(x)</c> (notebooks) and <c>Args</c> (dotnet-script). Created by
/// <see cref="ScriptSession"/>; members are public because cell code binds to them.
/// </summary>
public sealed class ScriptGlobals
{
    private readonly Action<FormattedValue, string, bool> _publish;

    internal ScriptGlobals(IList<string> args, Action<FormattedValue, string, bool> publish)
    {
        Args = args;
        _publish = publish;
    }

    /// <summary>The script's command-line arguments.</summary>
    public IList<string> Args { get; }

    /// <summary>Shows <paramref name="value"/> in the notebook (HTML when a formatter is registered) and returns a handle to update it.</summary>
    /// <param name="value">Anything: a DataFrame, a chart, a kit result, a string…</param>
    /// <param name="mimeType">Force one mime type (for example <c>text/html</c> for a string of HTML); null = the preferred ones.</param>
#pragma warning disable IDE1006 // lower-case name on purpose: the .NET Interactive cell API is `display(x)`
    public DisplayedValue display(object? value, string? mimeType = null)
#pragma warning restore IDE1006
    {
        var handle = new DisplayedValue(Guid.NewGuid().ToString("N"), mimeType, _publish);
        _publish(ValueFormatter.Format(value, mimeType), handle.DisplayId, false);
        return handle;
    }
}
