using AdaptiveEtl.Kit.Scripting;

namespace AdaptiveEtl.Kit.Kernel.Execution;

/// <summary>The session's display sink: every <c>display(...)</c> becomes display_data / update_display_data on IOPub.</summary>
internal sealed class IopubDisplaySink(IopubOutputRouter router) : IDisplaySink
{
    /// <inheritdoc />
    public void Publish(FormattedValue value, string? displayId, bool isUpdate) => router.Display(value, displayId, isUpdate);
}
