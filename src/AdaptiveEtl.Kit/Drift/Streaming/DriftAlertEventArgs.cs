namespace AdaptiveEtl.Kit.Drift.Streaming;

/// <summary>Raised by <see cref="DriftStreamMonitor.Alert"/> when a window drifts.</summary>
/// <param name="window">The window that drifted.</param>
public sealed class DriftAlertEventArgs(DriftWindowResult window) : EventArgs
{
    /// <summary>The window that drifted.</summary>
    public DriftWindowResult Window { get; } = window;

    /// <summary>Columns that drifted in the window.</summary>
    public IReadOnlyList<string> DriftedColumns => Window.Report.Columns.Where(c => c.Compared && c.Drifted).Select(c => c.Column).ToArray();
}
