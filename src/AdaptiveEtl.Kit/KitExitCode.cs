namespace AdaptiveEtl.Kit;

/// <summary>
/// The process exit codes of the <c>kit</c> command and of every exported script, one documented set everywhere.
/// </summary>
public static class KitExitCode
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>Bad usage: unknown option, missing or malformed argument.</summary>
    public const int Usage = 1;

    /// <summary>Bad input: a file, table, column or row could not be read or failed validation (the message names it).</summary>
    public const int BadInput = 2;

    /// <summary>A check breached its threshold: drift detected (or inconclusive), a schema change rejected, a regression found.</summary>
    public const int ThresholdBreached = 3;

    /// <summary>Interrupted (Ctrl-C / SIGTERM) after a clean stop: nothing half-written.</summary>
    public const int Interrupted = 130;
}
