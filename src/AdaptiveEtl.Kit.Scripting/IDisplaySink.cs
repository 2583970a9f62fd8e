namespace AdaptiveEtl.Kit.Scripting;

/// <summary>Receives the values a cell shows with <c>display(x)</c> (a Jupyter front end, a headless runner, a test).</summary>
public interface IDisplaySink
{
    /// <summary>Publishes a formatted value.</summary>
    /// <param name="value">The mime bundle to show.</param>
    /// <param name="displayId">Identifies the display so a later update can replace it.</param>
    /// <param name="isUpdate">True when this replaces the earlier display with the same <paramref name="displayId"/>.</param>
    void Publish(FormattedValue value, string? displayId, bool isUpdate);
}
